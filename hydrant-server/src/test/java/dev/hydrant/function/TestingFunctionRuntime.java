package dev.hydrant.function;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionInvocation;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.FunctionRuntime;
import dev.hydrant.spi.HydrantException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runtime that answers {@code {"handler": HANDLER, "code": CODE-DIR-NAME, "event": EVENT}} and prints one line per
 * invocation; an event containing {@code "fail"} makes it raise (an Unhandled function error).
 */
public final class TestingFunctionRuntime implements FunctionRuntime {
    private final FunctionConfig config;
    private final FunctionLog log;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger invocations = new AtomicInteger();

    public TestingFunctionRuntime(FunctionConfig config, FunctionLog log) {
        this.config = requireNonNull(config, "config is null");
        this.log = requireNonNull(log, "log is null");
    }

    public FunctionConfig config() {
        return config;
    }

    public boolean closed() {
        return closed.get();
    }

    public int invocations() {
        return invocations.get();
    }

    @Override
    public CompletableFuture<FunctionResult> invoke(FunctionInvocation invocation) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new HydrantException(ErrorCode.SERVICE_UNAVAILABLE, "closed"));
        }
        invocations.incrementAndGet();
        String event = new String(invocation.payload(), UTF_8);
        log.line(invocation.requestId(), "handling " + event);
        if (event.contains("\"fail\"")) {
            return CompletableFuture.completedFuture(new FunctionResult(
                    "{\"errorMessage\":\"asked to fail\",\"errorType\":\"Exception\",\"stackTrace\":[]}".getBytes(UTF_8), FunctionResult.UNHANDLED));
        }
        String code = config.code() == null ? "" : config.code().getFileName().toString();
        String answer = "{\"handler\":\"" + config.handler() + "\",\"code\":\"" + code + "\",\"event\":" + event + "}";
        return CompletableFuture.completedFuture(FunctionResult.success(answer.getBytes(UTF_8)));
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
