package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

/**
 * One synchronous (RequestResponse) invocation of a function: the event as JSON bytes, the request id the function
 * sees as {@code aws_request_id}, and the epoch-millisecond deadline after which the runtime gives up and reports a
 * timeout ({@code get_remaining_time_in_millis()} counts down to it).
 */
public record FunctionInvocation(String requestId, byte[] payload, long deadlineMillis) {
    public FunctionInvocation {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(payload, "payload is null");
    }
}
