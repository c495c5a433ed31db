package dev.hydrant.function.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.function.FunctionConfig;
import dev.hydrant.function.FunctionLog;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionInvocation;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.FunctionRuntime;
import dev.hydrant.spi.HydrantException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A function reached by URL: each invocation POSTs the event JSON to {@link FunctionConfig#url()} and the response
 * body is the function's result. Headers {@code Lambda-Runtime-Aws-Request-Id} and {@code Lambda-Runtime-Deadline-Ms}
 * carry the request id and deadline, as Lambda's runtime API names them. A non-2xx answer, a connection failure or
 * the deadline passing is a function error ({@code Unhandled}) with Lambda's error document. At most
 * {@link FunctionConfig#concurrency()} requests are in flight; further invocations queue, and their deadline keeps
 * running while they wait. Uses the JDK's asynchronous HTTP client, so no caller thread is blocked.
 */
public final class HttpFunctionRuntime implements FunctionRuntime {
    public static final String REQUEST_ID_HEADER = "Lambda-Runtime-Aws-Request-Id";
    public static final String DEADLINE_HEADER = "Lambda-Runtime-Deadline-Ms";
    private static final int MAX_ERROR_BODY_CHARS = 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FunctionConfig config;
    private final FunctionLog log;
    private final EpochClock clock;
    private final URI url;
    private final HttpClient client;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private final Set<CompletableFuture<FunctionResult>> inFlight = ConcurrentHashMap.newKeySet();
    private int running;
    private boolean closed;

    public HttpFunctionRuntime(FunctionConfig config, FunctionLog log, EpochClock clock) {
        this.config = requireNonNull(config, "config is null");
        this.log = requireNonNull(log, "log is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (config.url() == null) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Function " + config.name() + " has the http runtime but no url");
        }
        this.url = URI.create(config.url());
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Function " + config.name() + " has url " + config.url() + "; an http or https URL is required");
        }
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Override
    public CompletableFuture<FunctionResult> invoke(FunctionInvocation invocation) {
        requireNonNull(invocation, "invocation is null");
        CompletableFuture<FunctionResult> result = new CompletableFuture<>();
        inFlight.add(result);
        result.whenComplete((ignored, error) -> inFlight.remove(result));
        Runnable start = () -> send(invocation, result);
        boolean startNow;
        synchronized (this) {
            if (closed) {
                result.completeExceptionally(closedError());
                return result;
            }
            startNow = running < config.concurrency();
            if (startNow) {
                running++;
            }
            else {
                waiting.addLast(start);
            }
        }
        if (startNow) {
            start.run();
        }
        return result;
    }

    private void send(FunctionInvocation invocation, CompletableFuture<FunctionResult> result) {
        long remaining = invocation.deadlineMillis() - clock.millis();
        if (remaining <= 0) {
            finish(result, timedOut(invocation));
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofMillis(remaining))
                .header("Content-Type", "application/json")
                .header(REQUEST_ID_HEADER, invocation.requestId())
                .header(DEADLINE_HEADER, Long.toString(invocation.deadlineMillis()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(invocation.payload()))
                .build();
        CompletableFuture<HttpResponse<byte[]>> response;
        try {
            response = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (RuntimeException e) {
            finish(result, failure(invocation, "Hydrant.HttpFunctionUnreachable", "Could not call " + url + ": " + e.getMessage()));
            return;
        }
        response.whenComplete((answer, error) -> {
            if (error != null) {
                finish(result, failed(invocation, error));
            }
            else if (answer.statusCode() / 100 == 2) {
                finish(result, FunctionResult.success(answer.body()));
            }
            else {
                String body = new String(answer.body(), UTF_8);
                if (body.length() > MAX_ERROR_BODY_CHARS) {
                    body = body.substring(0, MAX_ERROR_BODY_CHARS) + "...";
                }
                finish(result, failure(invocation, "Hydrant.HttpFunctionError", url + " answered HTTP " + answer.statusCode() + ": " + body));
            }
        });
    }

    private FunctionResult failed(FunctionInvocation invocation, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return timedOut(invocation);
        }
        if (cause instanceof ConnectException) {
            return failure(invocation, "Hydrant.HttpFunctionUnreachable", "Could not connect to " + url + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        }
        return failure(invocation, "Hydrant.HttpFunctionUnreachable", "Call to " + url + " failed: " + cause);
    }

    private FunctionResult timedOut(FunctionInvocation invocation) {
        String seconds = String.format(Locale.ROOT, "%.2f", config.timeout().toMillis() / 1000.0);
        return failure(invocation, "Sandbox.Timedout", "RequestId: " + invocation.requestId() + " Error: Task timed out after " + seconds + " seconds");
    }

    private FunctionResult failure(FunctionInvocation invocation, String errorType, String message) {
        log.line(invocation.requestId(), "[ERROR] " + errorType + ": " + message);
        ObjectNode document = MAPPER.createObjectNode();
        document.put("errorMessage", message);
        document.put("errorType", errorType);
        document.putArray("stackTrace");
        return new FunctionResult(document.toString().getBytes(UTF_8), FunctionResult.UNHANDLED);
    }

    private void finish(CompletableFuture<FunctionResult> result, FunctionResult value) {
        result.complete(value);
        Runnable next;
        synchronized (this) {
            next = closed ? null : waiting.pollFirst();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            waiting.clear();
        }
        HydrantException error = closedError();
        for (CompletableFuture<FunctionResult> result : Set.copyOf(inFlight)) {
            result.completeExceptionally(error);
        }
    }

    private HydrantException closedError() {
        return new HydrantException(ErrorCode.SERVICE_UNAVAILABLE, "The runtime of function " + config.name() + " is closed");
    }
}
