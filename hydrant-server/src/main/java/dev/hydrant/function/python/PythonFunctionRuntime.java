package dev.hydrant.function.python;

import static java.util.Objects.requireNonNull;

import dev.hydrant.function.FunctionConfig;
import dev.hydrant.function.FunctionLog;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionInvocation;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.FunctionRuntime;
import dev.hydrant.spi.HydrantException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Python Lambda handler ({@code python3.8} .. {@code python3.14}, all served by the local interpreter) on a
 * pool of {@code config.concurrency()} long-lived {@code python3} processes, started on the first invocation. Each
 * process imports the handler's module once and then serves invocations one at a time over {@link PythonProtocol};
 * invocations beyond the pool's size wait in a queue. Handler output (print, logging, tracebacks) goes to the
 * {@link FunctionLog}.
 *
 * <p>Outcomes follow Lambda's Invoke API: a handler that raises, a module that fails to import, a result that is not
 * JSON, a timeout ({@code Sandbox.Timedout}) and a process that exits ({@code Runtime.ExitError}) all complete the
 * future normally with function error {@code Unhandled}. The future completes exceptionally only when the interpreter
 * cannot be started ({@link ErrorCode#INVALID_RUNTIME}), the code directory is missing, or the runtime is closed.
 * Futures complete on the pool's worker threads, so callers should not chain blocking work onto them synchronously.
 */
public final class PythonFunctionRuntime implements FunctionRuntime {
    public static final String DEFAULT_PYTHON_EXECUTABLE = "python3";
    public static final String FUNCTION_VERSION = "$LATEST";
    private static final Logger LOG = LoggerFactory.getLogger(PythonFunctionRuntime.class);
    private static final long CLOSE_JOIN_MILLIS = 5_000;

    private final FunctionConfig config;
    private final FunctionLog functionLog;
    private final EpochClock clock;
    private final String functionArn;
    private final PythonProcessFactory processFactory;
    private final BlockingQueue<PendingInvocation> queue = new LinkedBlockingQueue<>();
    private final List<PythonWorker> workers = new ArrayList<>();
    private ScheduledExecutorService deadlines;
    private boolean closed;

    public PythonFunctionRuntime(FunctionConfig config, FunctionLog functionLog, EpochClock clock, String functionArn, String region) {
        this(config, functionLog, clock, functionArn, region, DEFAULT_PYTHON_EXECUTABLE);
    }

    public PythonFunctionRuntime(
            FunctionConfig config,
            FunctionLog functionLog,
            EpochClock clock,
            String functionArn,
            String region,
            String pythonExecutable) {
        this.config = requireNonNull(config, "config is null");
        this.functionLog = requireNonNull(functionLog, "functionLog is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.functionArn = requireNonNull(functionArn, "functionArn is null");
        if (!config.isPython()) {
            throw new IllegalArgumentException("Function " + config.name() + " has runtime " + config.runtime() + ", not Python");
        }
        requireNonNull(config.handler(), "config.handler is null");
        requireNonNull(config.code(), "config.code is null");
        this.processFactory = new PythonProcessFactory(config, functionLog, clock, region, pythonExecutable);
    }

    @Override
    public CompletableFuture<FunctionResult> invoke(FunctionInvocation invocation) {
        requireNonNull(invocation, "invocation is null");
        CompletableFuture<FunctionResult> future = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(closedFailure());
            }
            startWorkers();
            queue.add(new PendingInvocation(invocation, future, clock.millis()));
        }
        return future;
    }

    @Override
    public void close() {
        List<PendingInvocation> queued = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.drainTo(queued);
        }
        HydrantException failure = closedFailure();
        queued.forEach(pending -> pending.future().completeExceptionally(failure));
        try {
            for (PythonWorker worker : workers) {
                worker.close(failure, CLOSE_JOIN_MILLIS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finally {
            if (deadlines != null) {
                deadlines.shutdownNow();
            }
            queue.forEach(pending -> pending.future().completeExceptionally(failure));
        }
        LOG.info("Closed Python runtime of function {}", config.name());
    }

    private void startWorkers() {
        if (!workers.isEmpty()) {
            return;
        }
        String prefix = "function-" + config.name();
        deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, prefix + "-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        for (int index = 1; index <= config.concurrency(); index++) {
            PythonWorker worker = new PythonWorker(
                    config.name(), functionArn, prefix + "-worker-" + index, queue, processFactory, functionLog, clock, deadlines);
            workers.add(worker);
            worker.start();
        }
        LOG.info("Started {} Python workers of function {} ({})", config.concurrency(), config.name(), config.handler());
    }

    private HydrantException closedFailure() {
        return new HydrantException(ErrorCode.SERVICE_UNAVAILABLE, "Runtime of function " + config.name() + " is closed");
    }
}
