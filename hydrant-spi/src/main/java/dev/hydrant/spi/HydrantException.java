package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

/** The one unchecked exception of Hydrant; its {@link ErrorCode} decides status, AWS type and handling. */
public class HydrantException extends RuntimeException {
    private final ErrorCode errorCode;

    public HydrantException(ErrorCode errorCode, String message) {
        super(requireNonNull(message, "message is null"));
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public HydrantException(ErrorCode errorCode, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
