package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

/**
 * A request to a Hydrant server failed: the server answered with an AWS-shaped error ({@code __type} and
 * {@code message}), answered with something unexpected, or could not be reached ({@link #CONNECTION_FAILED}, status 0).
 */
public final class HydrantClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The type of a failure to reach the server at all. */
    public static final String CONNECTION_FAILED = "ConnectionFailed";
    /** The type of an answer that is not what the API promises. */
    public static final String INVALID_RESPONSE = "InvalidResponse";

    private final int statusCode;
    private final String type;
    private final String errorMessage;

    public HydrantClientException(int statusCode, String type, String errorMessage) {
        this(statusCode, type, errorMessage, null);
    }

    public HydrantClientException(int statusCode, String type, String errorMessage, Throwable cause) {
        super(requireNonNull(type, "type is null") + ": " + requireNonNull(errorMessage, "errorMessage is null"), cause);
        this.statusCode = statusCode;
        this.type = type;
        this.errorMessage = errorMessage;
    }

    /** The HTTP status of the answer, or 0 when there was none. */
    public int statusCode() {
        return statusCode;
    }

    /** The AWS error type without its namespace, e.g. {@code ResourceNotFoundException} or {@code BucketNotEmpty}. */
    public String type() {
        return type;
    }

    /** The server's own message, without the type. */
    public String errorMessage() {
        return errorMessage;
    }
}
