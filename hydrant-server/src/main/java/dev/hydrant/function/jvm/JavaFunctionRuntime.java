package dev.hydrant.function.jvm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.function.FunctionConfig;
import dev.hydrant.function.FunctionLog;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionInvocation;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.FunctionRuntime;
import dev.hydrant.spi.HydrantException;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a Java Lambda handler ({@code java8.al2} .. {@code java25}) inside Hydrant's JVM.
 *
 * <p>The code is loaded by a {@link FunctionCodeClassLoader} that sees only the JDK, the function's own jars and
 * {@code aws-lambda-java-core} (see {@link LambdaCoreClassLoader}). The handler ({@link JavaHandlerLoader}) is
 * loaded and instantiated once, on the first invocation, and reused, as Lambda reuses its execution environment; a
 * handler that cannot be loaded fails every invocation with Lambda's error. Events are read and results written as
 * Lambda's Java runtime does ({@link LambdaSerialization}).
 *
 * <p>At most {@link FunctionConfig#concurrency()} invocations run at once, each on a worker thread named
 * {@code function-NAME-N} whose context class loader is the function's loader; more wait in order. An invocation
 * still running at its deadline completes with {@code Task timed out after X.XX seconds} and its thread is
 * interrupted. A JVM cannot kill a thread, so a handler that ignores the interrupt keeps its thread busy: the thread is
 * abandoned (logged), its slot is given to a new thread, and it ends whenever the handler returns.
 *
 * <p>Not like Lambda: the function shares Hydrant's process, so it sees Hydrant's environment variables (not
 * {@link FunctionConfig#environment()}), its {@code System.out}/{@code System.err} go to Hydrant's own streams (only
 * {@code context.getLogger()} reaches the {@link FunctionLog}), and memory is not limited.
 */
public final class JavaFunctionRuntime implements FunctionRuntime {
    private static final Logger log = LoggerFactory.getLogger(JavaFunctionRuntime.class);
    static final String TIMEOUT_ERROR_TYPE = "Sandbox.Timedout";
    private static final DateTimeFormatter LOG_STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final FunctionConfig config;
    private final FunctionLog functionLog;
    private final EpochClock clock;
    private final String functionArn;
    private final String region;
    private final ObjectMapper mapper;
    private final LambdaErrorDocument errorDocument;
    private final LambdaCoreClassLoader lambdaCoreLoader;
    private final FunctionCodeClassLoader functionLoader;
    private final String logStreamName;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;

    private final Object lock = new Object();
    private final Object loadLock = new Object();
    // guarded by lock
    private final Deque<Invocation> waiting = new ArrayDeque<>();
    private final Set<Invocation> running = new LinkedHashSet<>();
    private int freeSlots;
    private boolean closed;
    private LoadedHandler loadedHandler;

    public JavaFunctionRuntime(FunctionConfig config, FunctionLog functionLog, EpochClock clock, String functionArn, String region) {
        this.config = requireNonNull(config, "config is null");
        this.functionLog = requireNonNull(functionLog, "functionLog is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.functionArn = requireNonNull(functionArn, "functionArn is null");
        this.region = requireNonNull(region, "region is null");
        if (!config.isJava()) {
            throw new IllegalArgumentException("function " + config.name() + " has runtime " + config.runtime() + ", not java");
        }
        if (config.code() == null) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "function " + config.name() + " has no code");
        }
        this.mapper = LambdaSerialization.createObjectMapper();
        this.errorDocument = new LambdaErrorDocument(mapper);
        this.lambdaCoreLoader = new LambdaCoreClassLoader();
        this.functionLoader = FunctionCodeClassLoader.create(config.name(), config.code(), lambdaCoreLoader);
        this.logStreamName = LOG_STREAM_DATE.format(Instant.ofEpochMilli(clock.millis()))
                + "/[" + LambdaContextFactory.FUNCTION_VERSION + "]" + UUID.randomUUID().toString().replace("-", "");
        this.freeSlots = config.concurrency();
        this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threadFactory("function-" + config.name() + "-"));
        this.timer = new ScheduledThreadPoolExecutor(1, threadFactory("function-" + config.name() + "-timer-"));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public CompletableFuture<FunctionResult> invoke(FunctionInvocation invocation) {
        requireNonNull(invocation, "invocation is null");
        Invocation pending = new Invocation(invocation, clock.millis());
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(closedException());
            }
            waiting.addLast(pending);
        }
        long delayMillis = Math.max(0, invocation.deadlineMillis() - pending.startMillis);
        try {
            pending.timeout = timer.schedule(() -> timeOut(pending), delayMillis, TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException e) {
            // closed concurrently; close() fails the invocation
        }
        dispatch();
        return pending.future;
    }

    @Override
    public void close() {
        List<Invocation> abandoned = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            abandoned.addAll(waiting);
            abandoned.addAll(running);
            waiting.clear();
            running.clear();
            for (Invocation invocation : abandoned) {
                invocation.finished = true;
            }
        }
        timer.shutdownNow();
        workers.shutdownNow();
        for (Invocation invocation : abandoned) {
            invocation.future.completeExceptionally(closedException());
        }
        try {
            functionLoader.close();
        }
        catch (IOException e) {
            log.warn("Cannot close the class loader of function {}", config.name(), e);
        }
        log.info("Closed Java function {}", config.name());
    }

    private void dispatch() {
        while (true) {
            Invocation next;
            synchronized (lock) {
                if (closed || freeSlots == 0 || waiting.isEmpty()) {
                    return;
                }
                next = waiting.removeFirst();
                freeSlots--;
                running.add(next);
            }
            try {
                workers.execute(() -> run(next));
            }
            catch (RejectedExecutionException e) {
                return; // closed concurrently; close() fails the invocation
            }
        }
    }

    private void run(Invocation invocation) {
        Thread thread = Thread.currentThread();
        synchronized (lock) {
            if (invocation.finished) {
                return;
            }
            invocation.thread = thread;
        }
        ClassLoader previousLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(functionLoader);
        MDC.put("function", config.name());
        FunctionResult result;
        try {
            result = execute(invocation.request);
        }
        catch (Throwable e) {
            // never lose a worker's invocation, even to a StackOverflowError or OutOfMemoryError
            result = unhandled(invocation.request.requestId(), errorDocument.forThrowable(e));
        }
        finally {
            thread.setContextClassLoader(previousLoader);
            MDC.remove("function");
        }
        synchronized (lock) {
            if (invocation.finished) {
                return; // timed out or closed while running
            }
            invocation.finished = true;
            running.remove(invocation);
            freeSlots++;
        }
        if (invocation.timeout != null) {
            invocation.timeout.cancel(false);
        }
        invocation.future.complete(result);
        dispatch();
    }

    private FunctionResult execute(FunctionInvocation request) {
        LoadedHandler loaded = loadHandler();
        if (loaded.failure != null) {
            HandlerLoadException failure = loaded.failure;
            byte[] payload = failure.getCause() != null
                    ? errorDocument.forThrowable(failure.getCause())
                    : errorDocument.forMessage(failure.errorType(), failure.getMessage());
            return unhandled(request.requestId(), payload);
        }
        Object context = loaded.contextFactory.create(request.requestId(), request.deadlineMillis());
        try {
            return FunctionResult.success(loaded.handler.handle(request.payload(), context));
        }
        catch (Throwable e) {
            if (e instanceof InterruptedException || e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return unhandled(request.requestId(), errorDocument.forThrowable(e));
        }
    }

    private LoadedHandler loadHandler() {
        synchronized (lock) {
            if (loadedHandler != null) {
                return loadedHandler;
            }
        }
        LoadedHandler loaded;
        // handlers load on a worker, outside the lock: static initializers may be slow
        synchronized (loadLock) {
            synchronized (lock) {
                if (loadedHandler != null) {
                    return loadedHandler;
                }
            }
            loaded = load();
            synchronized (lock) {
                loadedHandler = loaded;
            }
        }
        return loaded;
    }

    private LoadedHandler load() {
        LambdaContextFactory contextFactory;
        try {
            contextFactory = new LambdaContextFactory(functionLoader, config, functionLog, clock, functionArn, logStreamName);
        }
        catch (ClassNotFoundException e) {
            return new LoadedHandler(null, null, new HandlerLoadException(ClassNotFoundException.class.getName(), "Class not found: " + e.getMessage()));
        }
        try {
            JavaHandler handler = new JavaHandlerLoader(functionLoader, mapper, contextFactory.contextInterface()).load(config.handler());
            log.info("Loaded Java handler {} of function {} ({}, {})", handler.name(), config.name(), config.runtime(), region);
            return new LoadedHandler(handler, contextFactory, null);
        }
        catch (HandlerLoadException e) {
            log.warn("Cannot load Java handler {} of function {}: {}", config.handler(), config.name(), e.getMessage());
            return new LoadedHandler(null, contextFactory, e);
        }
    }

    private void timeOut(Invocation invocation) {
        Thread thread;
        synchronized (lock) {
            if (invocation.finished) {
                return;
            }
            invocation.finished = true;
            thread = invocation.thread;
            if (running.remove(invocation)) {
                freeSlots++;
            }
            else {
                waiting.remove(invocation);
            }
        }
        long timeoutMillis = invocation.request.deadlineMillis() - invocation.startMillis;
        String message = String.format(Locale.ROOT, "Task timed out after %.2f seconds", timeoutMillis / 1000.0);
        String requestId = invocation.request.requestId();
        functionLog.line(requestId, message);
        if (thread != null) {
            thread.interrupt();
            log.warn("Function {} timed out on request {}; interrupted thread {} and gave its slot to a new thread", config.name(), requestId, thread.getName());
        }
        invocation.future.complete(new FunctionResult(errorDocument.forMessage(TIMEOUT_ERROR_TYPE, message), FunctionResult.UNHANDLED));
        dispatch();
    }

    private FunctionResult unhandled(String requestId, byte[] errorPayload) {
        functionLog.line(requestId, new String(errorPayload, UTF_8));
        return new FunctionResult(errorPayload, FunctionResult.UNHANDLED);
    }

    private HydrantException closedException() {
        return new HydrantException(ErrorCode.SERVICE_UNAVAILABLE, "function " + config.name() + " is closed");
    }

    private static ThreadFactory threadFactory(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static final class Invocation {
        private final FunctionInvocation request;
        private final long startMillis;
        private final CompletableFuture<FunctionResult> future = new CompletableFuture<>();
        // guarded by the runtime's lock
        private boolean finished;
        private Thread thread;
        private volatile ScheduledFuture<?> timeout;

        Invocation(FunctionInvocation request, long startMillis) {
            this.request = request;
            this.startMillis = startMillis;
        }
    }

    private record LoadedHandler(JavaHandler handler, LambdaContextFactory contextFactory, HandlerLoadException failure) {}
}
