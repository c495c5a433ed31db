package dev.hydrant.function;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.util.Set;

/**
 * The Lambda runtime names Hydrant accepts: every {@code python3.x} Lambda has offered and the Java runtimes.
 * Python functions run on the local {@code python3}, Java functions on Hydrant's own JVM, whatever version the name
 * asks for.
 */
public final class FunctionRuntimeNames {
    public static final Set<String> PYTHON = Set.of(
            "python3.6", "python3.7", "python3.8", "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14");
    public static final Set<String> JAVA = Set.of("java8", "java8.al2", "java11", "java17", "java21", "java25");
    public static final String HTTP = "http";

    private FunctionRuntimeNames() {}

    public static boolean isSupported(String runtime) {
        return PYTHON.contains(runtime) || JAVA.contains(runtime);
    }

    /** Throws InvalidParameterValueException naming what Hydrant runs instead. */
    public static void check(String runtime) {
        if (!isSupported(runtime)) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, unsupportedMessage(runtime));
        }
    }

    public static String unsupportedMessage(String runtime) {
        return "The runtime parameter of " + runtime + " is not supported by Hydrant. Hydrant runs Python functions "
                + "(python3.6 to python3.14, on the local python3) and Java functions (java8, java8.al2, java11, java17, java21, java25).";
    }
}
