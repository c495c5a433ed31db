package dev.hydrant.function.python;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.FunctionInvocation;
import dev.hydrant.spi.FunctionResult;
import java.util.concurrent.CompletableFuture;

/** An invocation waiting for, or running on, a worker; {@code submittedMillis} is when the caller asked for it. */
record PendingInvocation(FunctionInvocation invocation, CompletableFuture<FunctionResult> future, long submittedMillis) {
    PendingInvocation {
        requireNonNull(invocation, "invocation is null");
        requireNonNull(future, "future is null");
    }

    String requestId() {
        return invocation.requestId();
    }
}
