package dev.hydrant.function.jvm;

/**
 * The handler named in a function's configuration cannot be loaded: its class or method is missing, or its static
 * initializer or constructor threw ({@link #getCause()}). Reported as an {@code Unhandled} error of every invocation.
 */
final class HandlerLoadException extends Exception {
    private final String errorType;

    /** A fault in the configuration; {@code errorType} is null when Lambda reports the message alone. */
    HandlerLoadException(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    /** The handler's own code threw while being loaded. */
    HandlerLoadException(String message, Throwable cause) {
        super(message, cause);
        this.errorType = null;
    }

    String errorType() {
        return errorType;
    }
}
