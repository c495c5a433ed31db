package dev.hydrant.function.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hydrant.function.FunctionConfig;
import dev.hydrant.function.FunctionLog;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.FunctionInvocation;
import dev.hydrant.spi.FunctionResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpFunctionRuntimeTest {
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final FunctionLog log = (requestId, line) -> logLines.add(requestId + " " + line);
    private final List<String> requestIds = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/echo", exchange -> {
            requestIds.add(exchange.getRequestHeaders().getFirst(HttpFunctionRuntime.REQUEST_ID_HEADER));
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer = ("{\"echo\":" + new String(body, UTF_8) + "}").getBytes(UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.createContext("/broken", exchange -> {
            byte[] answer = "boom".getBytes(UTF_8);
            exchange.sendResponseHeaders(500, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.createContext("/slow", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private HttpFunctionRuntime runtime(String path, Duration timeout) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + path;
        return new HttpFunctionRuntime(new FunctionConfig("f", "http", null, null, url, timeout, 128, Map.of(), 2), log, EpochClock.SYSTEM);
    }

    private static FunctionInvocation invocation(String requestId, String event, Duration timeout) {
        return new FunctionInvocation(requestId, event.getBytes(UTF_8), System.currentTimeMillis() + timeout.toMillis());
    }

    @Test
    void postsTheEventAndReturnsTheResponseBody() throws Exception {
        try (HttpFunctionRuntime runtime = runtime("/echo", Duration.ofSeconds(10))) {
            FunctionResult result = runtime.invoke(invocation("r-1", "{\"a\":1}", Duration.ofSeconds(10))).get(10, TimeUnit.SECONDS);
            assertThat(result.failed()).isFalse();
            assertThat(new String(result.payload(), UTF_8)).isEqualTo("{\"echo\":{\"a\":1}}");
            assertThat(requestIds).containsExactly("r-1");
        }
    }

    @Test
    void reportsNon2xxAnswersAsUnhandledErrors() throws Exception {
        try (HttpFunctionRuntime runtime = runtime("/broken", Duration.ofSeconds(10))) {
            FunctionResult result = runtime.invoke(invocation("r-2", "{}", Duration.ofSeconds(10))).get(10, TimeUnit.SECONDS);
            assertThat(result.functionError()).isEqualTo(FunctionResult.UNHANDLED);
            assertThat(new String(result.payload(), UTF_8)).contains("\"errorType\":\"Hydrant.HttpFunctionError\"").contains("HTTP 500: boom");
            assertThat(logLines).anyMatch(line -> line.startsWith("r-2 [ERROR]"));
        }
    }

    @Test
    void reportsConnectionFailuresAsUnhandledErrors() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        String url = "http://127.0.0.1:" + port + "/echo";
        try (HttpFunctionRuntime runtime = new HttpFunctionRuntime(new FunctionConfig("f", "http", null, null, url, Duration.ofSeconds(10), 128, Map.of(), 1), log, EpochClock.SYSTEM)) {
            FunctionResult result = runtime.invoke(invocation("r-3", "{}", Duration.ofSeconds(10))).get(20, TimeUnit.SECONDS);
            assertThat(result.functionError()).isEqualTo(FunctionResult.UNHANDLED);
            assertThat(new String(result.payload(), UTF_8)).contains("Hydrant.HttpFunctionUnreachable");
        }
    }

    @Test
    void timesOutAtTheDeadline() throws Exception {
        try (HttpFunctionRuntime runtime = runtime("/slow", Duration.ofSeconds(1))) {
            FunctionResult result = runtime.invoke(invocation("r-4", "{}", Duration.ofMillis(300))).get(10, TimeUnit.SECONDS);
            assertThat(result.functionError()).isEqualTo(FunctionResult.UNHANDLED);
            assertThat(new String(result.payload(), UTF_8)).contains("Sandbox.Timedout").contains("Task timed out after 1.00 seconds");
        }
    }

    @Test
    void queuesInvocationsBeyondItsConcurrencyAndFailsThemOnClose() throws Exception {
        HttpFunctionRuntime runtime = runtime("/slow", Duration.ofSeconds(30));
        var first = runtime.invoke(invocation("a", "{}", Duration.ofSeconds(30)));
        var second = runtime.invoke(invocation("b", "{}", Duration.ofSeconds(30)));
        var queued = runtime.invoke(invocation("c", "{}", Duration.ofSeconds(30)));
        runtime.close();
        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        assertThat(queued).isCompletedExceptionally();
        assertThat(runtime.invoke(invocation("d", "{}", Duration.ofSeconds(30)))).isCompletedExceptionally();
    }
}
