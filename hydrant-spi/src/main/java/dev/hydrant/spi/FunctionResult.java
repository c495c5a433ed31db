package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

/**
 * What an invocation returned, as Lambda's Invoke API reports it: the response payload (JSON bytes), and a function
 * error ({@code "Unhandled"}) when the handler raised, timed out or its worker died. In that case the payload is
 * Lambda's error document {@code {"errorMessage": ..., "errorType": ..., "stackTrace": [...]}}.
 */
public record FunctionResult(byte[] payload, String functionError) {
    public static final String UNHANDLED = "Unhandled";

    public FunctionResult {
        requireNonNull(payload, "payload is null");
    }

    public static FunctionResult success(byte[] payload) {
        return new FunctionResult(payload, null);
    }

    public boolean failed() {
        return functionError != null;
    }
}
