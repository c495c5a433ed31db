package dev.hydrant.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Invokes functions by name or ARN, the way Firehose calls Lambda: synchronously ({@code RequestResponse}), with the
 * function's own timeout. The future completes exceptionally with a {@link HydrantException} when the function cannot
 * be invoked at all: {@link ErrorCode#RESOURCE_NOT_FOUND} for an unknown function,
 * {@link ErrorCode#TOO_MANY_REQUESTS} when every worker is busy and the queue is full.
 */
public interface FunctionInvoker {
    /**
     * @param function {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]}, a partial ARN or a name
     */
    CompletableFuture<FunctionResult> invoke(String function, byte[] payload);
}
