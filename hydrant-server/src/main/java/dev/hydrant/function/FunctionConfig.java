package dev.hydrant.function;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A validated function definition, from a pipeline file or the Lambda API.
 *
 * @param runtime Lambda's runtime name: {@code python3.8} .. {@code python3.14}, {@code java8.al2}, {@code java11},
 *     {@code java17}, {@code java21}, {@code java25}; or {@code http} for a function reached by URL
 * @param handler {@code module.function} for Python, {@code com.example.Handler} or {@code com.example.Handler::method}
 *     for Java, unused for http
 * @param code the unpacked code: a directory for Python (the module's directory, added to {@code sys.path}); for
 *     Java a directory holding the jar's classes or a {@code .jar} file (plus {@code lib/*.jar} in a directory, as
 *     Lambda lays out a zip); null for http
 * @param url the endpoint for the http runtime, null otherwise
 * @param concurrency how many invocations may run at once (the worker pool size)
 */
public record FunctionConfig(
        String name,
        String runtime,
        String handler,
        Path code,
        String url,
        Duration timeout,
        int memorySizeMb,
        Map<String, String> environment,
        int concurrency) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final int DEFAULT_MEMORY_SIZE_MB = 128;
    public static final int DEFAULT_CONCURRENCY = 2;

    public FunctionConfig {
        requireNonNull(name, "name is null");
        requireNonNull(runtime, "runtime is null");
        requireNonNull(timeout, "timeout is null");
        environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
    }

    public boolean isPython() {
        return runtime.startsWith("python3");
    }

    public boolean isJava() {
        return runtime.startsWith("java");
    }

    public boolean isHttp() {
        return runtime.equals("http");
    }
}
