package dev.hydrant.spi;

import java.util.concurrent.CompletableFuture;

/**
 * A loaded function (a Python module, a Java handler class, an HTTP endpoint) that can be invoked. Implementations
 * are thread safe and may run several invocations at once, up to their configured concurrency; further invocations
 * wait for a free worker. The future completes with the function's result, including handler errors and timeouts
 * ({@link FunctionResult#failed()}); it completes exceptionally with a {@link HydrantException} only when the
 * runtime itself cannot run the function (code missing, interpreter not found, runtime closed).
 * Never blocks the caller's thread.
 */
public interface FunctionRuntime extends AutoCloseable {
    CompletableFuture<FunctionResult> invoke(FunctionInvocation invocation);

    /** Stops every worker; invocations in flight complete exceptionally. */
    @Override
    void close();
}
