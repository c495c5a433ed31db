package dev.hydrant.function;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.FunctionResult;

/**
 * What one invocation through {@link FunctionManager} returned.
 *
 * @param logTail the invocation's last 4 KB of log lines (START to REPORT) when a tail was asked for, empty otherwise
 */
public record FunctionInvokeResult(String requestId, FunctionResult result, String logTail) {
    public FunctionInvokeResult {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(result, "result is null");
        requireNonNull(logTail, "logTail is null");
    }
}
