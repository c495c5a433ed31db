package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A transform function as a pipeline file declares it under {@code functions:}. Apply deploys it through the Lambda
 * API (CreateFunction, or UpdateFunctionCode and UpdateFunctionConfiguration), zipping {@code code} when it is a
 * directory.
 *
 * @param code a directory, a {@code .zip} or a {@code .jar}, resolved against the pipeline file's directory
 * @param timeoutSeconds Lambda's Timeout, 1..900
 * @param memorySizeMb Lambda's MemorySize, 128..10240
 * @param concurrency how many invocations run at once (Lambda's reserved concurrency; the worker pool size), 1..64
 */
public record FunctionSpec(String name, String runtime, String handler, Path code, int timeoutSeconds, int memorySizeMb, Map<String, String> environment,
        int concurrency) {
    public static final int DEFAULT_TIMEOUT_SECONDS = 3;
    public static final int DEFAULT_CONCURRENCY = 2;
    public static final int DEFAULT_MEMORY_SIZE_MB = 128;

    public FunctionSpec {
        requireNonNull(name, "name is null");
        requireNonNull(runtime, "runtime is null");
        requireNonNull(handler, "handler is null");
        requireNonNull(code, "code is null");
        environment = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(environment, "environment is null")));
    }

    /** The ARN a processor in the same pipeline uses for this function; Hydrant resolves it by name. */
    public static String arnOf(String name) {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + name;
    }
}
