package dev.hydrant.function.python;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.function.FunctionLog;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionInvocation;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.HydrantException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One slot of a {@link PythonFunctionRuntime}'s pool: a thread that takes invocations from the shared queue and runs
 * them, one at a time, on its own {@link PythonProcess}. The thread does the blocking pipe I/O; a deadline timer kills
 * the process when an invocation overruns. A process that timed out, died or broke the protocol is replaced at once
 * and never sent another request.
 */
final class PythonWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PythonWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMEOUT_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final String functionName;
    private final String functionArn;
    private final String threadName;
    private final BlockingQueue<PendingInvocation> queue;
    private final PythonProcessFactory processFactory;
    private final FunctionLog functionLog;
    private final EpochClock clock;
    private final ScheduledExecutorService deadlines;
    private final Thread thread;
    private volatile HydrantException closeFailure;
    private volatile PythonProcess process;
    private volatile PendingInvocation current;

    PythonWorker(
            String functionName,
            String functionArn,
            String threadName,
            BlockingQueue<PendingInvocation> queue,
            PythonProcessFactory processFactory,
            FunctionLog functionLog,
            EpochClock clock,
            ScheduledExecutorService deadlines) {
        this.functionName = requireNonNull(functionName, "functionName is null");
        this.functionArn = requireNonNull(functionArn, "functionArn is null");
        this.threadName = requireNonNull(threadName, "threadName is null");
        this.queue = requireNonNull(queue, "queue is null");
        this.processFactory = requireNonNull(processFactory, "processFactory is null");
        this.functionLog = requireNonNull(functionLog, "functionLog is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.deadlines = requireNonNull(deadlines, "deadlines is null");
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Fails the invocation in flight with {@code failure}, kills the process and waits a bounded time for the thread. */
    void close(HydrantException failure, long joinMillis) throws InterruptedException {
        closeFailure = requireNonNull(failure, "failure is null");
        PendingInvocation running = current;
        if (running != null) {
            running.future().completeExceptionally(failure);
        }
        thread.interrupt();
        PythonProcess runningProcess = process;
        if (runningProcess != null) {
            runningProcess.kill();
        }
        thread.join(joinMillis);
    }

    @Override
    public void run() {
        MDC.put("function", functionName);
        try {
            startProcess();
            while (!closed()) {
                PendingInvocation pending = queue.take();
                current = pending;
                try {
                    execute(pending);
                }
                catch (RuntimeException e) {
                    LOG.error("Python worker {} failed an invocation", threadName, e);
                    pending.future().completeExceptionally(
                            new HydrantException(ErrorCode.INTERNAL_FAILURE, "Python worker failed: " + e, e));
                }
                finally {
                    current = null;
                }
            }
        }
        catch (InterruptedException e) {
            // closing
        }
        finally {
            PythonProcess last = process;
            if (last != null) {
                last.kill();
            }
            MDC.clear();
        }
    }

    private void execute(PendingInvocation pending) throws InterruptedException {
        if (closed()) {
            pending.future().completeExceptionally(closeFailure);
            return;
        }
        FunctionInvocation invocation = pending.invocation();
        long remainingMillis = invocation.deadlineMillis() - clock.millis();
        if (remainingMillis <= 0) {
            complete(pending, timedOut(pending));
            return;
        }
        PythonProcess target = process;
        if (target == null || !target.isAlive()) {
            if (target != null) {
                LOG.info("Python worker {} (pid {}) of function {} exited while idle", threadName, target.pid(), functionName);
            }
            try {
                target = newProcess();
            }
            catch (HydrantException e) {
                pending.future().completeExceptionally(e);
                return;
            }
        }
        // the flag is set before the kill: a FutureTask being run can still be cancelled, so cancel() alone cannot tell
        AtomicBoolean expired = new AtomicBoolean();
        PythonProcess timed = target;
        ScheduledFuture<?> timer = deadlines.schedule(() -> {
            expired.set(true);
            timed.kill();
        }, remainingMillis, TimeUnit.MILLISECONDS);
        PythonProtocol.Frame frame = null;
        IOException failure = null;
        boolean deadlinePassed;
        try {
            frame = target.exchange(requestHeader(invocation, remainingMillis), invocation.payload());
        }
        catch (IOException e) {
            failure = e;
        }
        finally {
            timer.cancel(false);
            deadlinePassed = expired.get();
        }
        if (closed()) {
            pending.future().completeExceptionally(closeFailure);
            return;
        }
        if (frame != null) {
            String problem = checkResponse(frame, pending.requestId());
            if (problem == null) {
                complete(pending, new FunctionResult(frame.payload(),
                        frame.type() == PythonProtocol.ERROR ? FunctionResult.UNHANDLED : null));
                if (deadlinePassed) {
                    replace(target);
                }
                return;
            }
            failure = new PythonProtocol.ProtocolException(problem);
        }
        if (deadlinePassed) {
            complete(pending, timedOut(pending));
        }
        else if (failure instanceof PythonProtocol.ProtocolException) {
            target.kill();
            LOG.warn("Python worker {} of function {} broke the protocol: {}", threadName, functionName, failure.getMessage());
            complete(pending, sandboxError(pending, "Runtime.InvalidResponse",
                    "Runtime sent an invalid response: " + failure.getMessage()));
        }
        else {
            String exit = target.exitDescription();
            String reason = exit.equals("exit status 0")
                    ? "Runtime exited without providing a reason"
                    : "Runtime exited with error: " + exit;
            complete(pending, sandboxError(pending, "Runtime.ExitError", reason));
        }
        replace(target);
    }

    private boolean closed() {
        return closeFailure != null;
    }

    private void complete(PendingInvocation pending, FunctionResult result) {
        pending.future().complete(result);
    }

    private void replace(PythonProcess dead) {
        dead.kill();
        LOG.info("Replacing Python worker {} (pid {}) of function {}", threadName, dead.pid(), functionName);
        process = null;
        startProcess();
    }

    /** Starts a process ahead of the next invocation; a failure is reported to that invocation when it comes. */
    private void startProcess() {
        if (closed()) {
            return;
        }
        try {
            newProcess();
        }
        catch (HydrantException e) {
            LOG.warn("Cannot start Python worker {} of function {}: {}", threadName, functionName, e.getMessage());
        }
    }

    private PythonProcess newProcess() {
        PythonProcess started = processFactory.start(threadName);
        process = started;
        if (closed()) {
            started.kill();
        }
        LOG.info("Started Python worker {} (pid {}) of function {}", threadName, started.pid(), functionName);
        return started;
    }

    private byte[] requestHeader(FunctionInvocation invocation, long remainingMillis) {
        ObjectNode header = JSON.createObjectNode()
                .put("requestId", invocation.requestId())
                .put("invokedFunctionArn", functionArn)
                .put("deadlineMillis", invocation.deadlineMillis())
                .put("remainingMillis", remainingMillis);
        return toBytes(header);
    }

    private static String checkResponse(PythonProtocol.Frame frame, String requestId) {
        JsonNode header;
        try {
            header = JSON.readTree(frame.header());
        }
        catch (IOException e) {
            return "response header is not JSON";
        }
        if (header == null || !requestId.equals(header.path("requestId").asText(null))) {
            return "response is not for request " + requestId;
        }
        return null;
    }

    /** Lambda's timeout result; the message is the one Lambda logs, and names the time the invocation was given. */
    private FunctionResult timedOut(PendingInvocation pending) {
        double seconds = Math.max(0, pending.invocation().deadlineMillis() - pending.submittedMillis()) / 1000.0;
        String message = String.format(Locale.ROOT, "%s %s Task timed out after %.2f seconds",
                TIMEOUT_DATE.format(Instant.ofEpochMilli(clock.millis())), pending.requestId(), seconds);
        functionLog.line(pending.requestId(), message);
        return errorResult("Sandbox.Timedout", message);
    }

    /** Lambda's report of a sandbox failure: {@code RequestId: ... Error: <reason>}, also written to the log. */
    private FunctionResult sandboxError(PendingInvocation pending, String errorType, String reason) {
        String message = "RequestId: " + pending.requestId() + " Error: " + reason;
        functionLog.line(pending.requestId(), message);
        functionLog.line(pending.requestId(), errorType);
        return errorResult(errorType, message);
    }

    private static FunctionResult errorResult(String errorType, String errorMessage) {
        ObjectNode document = JSON.createObjectNode()
                .put("errorMessage", errorMessage)
                .put("errorType", errorType);
        return new FunctionResult(toBytes(document), FunctionResult.UNHANDLED);
    }

    private static byte[] toBytes(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(UTF_8);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
