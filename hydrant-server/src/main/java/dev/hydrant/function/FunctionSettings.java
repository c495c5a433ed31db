package dev.hydrant.function;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of a function's configuration that CreateFunction sets and UpdateFunctionConfiguration changes, in
 * Lambda's words.
 *
 * @param role the execution role ARN; stored and reported, never assumed
 * @param description empty when unset
 */
public record FunctionSettings(
        String runtime,
        String handler,
        String role,
        String description,
        int timeoutSeconds,
        int memorySizeMb,
        Map<String, String> environment) {
    public static final int MIN_TIMEOUT_SECONDS = 1;
    public static final int MAX_TIMEOUT_SECONDS = 900;
    public static final int MIN_MEMORY_SIZE_MB = 128;
    public static final int MAX_MEMORY_SIZE_MB = 10240;

    public FunctionSettings {
        requireNonNull(runtime, "runtime is null");
        requireNonNull(handler, "handler is null");
        requireNonNull(role, "role is null");
        requireNonNull(description, "description is null");
        environment = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(environment, "environment is null")));
    }
}
