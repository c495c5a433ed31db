package dev.hydrant.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written Firehose on 127.0.0.1 and a free port, for testing clients: it answers PutRecord and PutRecordBatch
 * on {@code POST /} and the reference pipeline's {@code PUT /streams}, keeps every accepted record, and can shed load
 * the way a busy server does (whole requests with HTTP 503, single PutRecordBatch entries with FailedPutCount).
 */
public final class TestingFirehoseServer implements AutoCloseable {
    public static final String PUT_RECORD = "PutRecord";
    public static final String PUT_RECORD_BATCH = "PutRecordBatch";
    public static final String STREAMS = "streams";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server saw it: the operation, its headers of interest, how many records and the status. */
    public record ReceivedRequest(String method, String operation, String target, String contentType, int recordCount, int status) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final List<String> records = new ArrayList<>();
    private final List<ReceivedRequest> requests = new ArrayList<>();
    private final Set<String> shedRecords = new HashSet<>();
    private final AtomicInteger recordIds = new AtomicInteger();
    private int shedEveryNthRecord;
    private long entriesSeen;
    private int unavailableRequests;
    private int rejectStatus;
    private String rejectType;

    private TestingFirehoseServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static TestingFirehoseServer start() throws IOException {
        return new TestingFirehoseServer();
    }

    /** The base URL, such as {@code http://127.0.0.1:50123}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Fails, with ServiceUnavailableException, the first attempt of every {@code n}-th PutRecordBatch entry. */
    public synchronized TestingFirehoseServer shedFirstAttemptOfEveryNthBatchEntry(int n) {
        shedEveryNthRecord = n;
        return this;
    }

    /** Answers the next {@code count} requests with HTTP 503 ServiceUnavailableException. */
    public synchronized TestingFirehoseServer respondUnavailableToNextRequests(int count) {
        unavailableRequests = count;
        return this;
    }

    /** Answers every request with {@code status} and an AWS error body of {@code type}. */
    public synchronized TestingFirehoseServer rejectEveryRequest(int status, String type) {
        rejectStatus = status;
        rejectType = type;
        return this;
    }

    /** The data of every accepted record, decoded as UTF-8, in arrival order. */
    public synchronized List<String> records() {
        return List.copyOf(records);
    }

    public synchronized List<ReceivedRequest> requests() {
        return List.copyOf(requests);
    }

    /** How many requests of {@code operation} ({@link #PUT_RECORD}, {@link #PUT_RECORD_BATCH}, {@link #STREAMS}) arrived. */
    public synchronized long requestCount(String operation) {
        return requests.stream().filter(request -> request.operation().equals(operation)).count();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String operation;
            if ("PUT".equals(method) && "/streams".equals(path)) {
                operation = STREAMS;
            } else if ("POST".equals(method) && "/".equals(path) && target != null && target.startsWith("Firehose_20150804.")) {
                operation = target.substring(target.indexOf('.') + 1);
            } else {
                respond(exchange, 404, error("NotFoundException", method + " " + path));
                return;
            }
            JsonNode request = JSON.readTree(bytes);
            int recordCount = PUT_RECORD_BATCH.equals(operation) ? request.path("Records").size() : 1;
            Response response = answer(operation, request);
            synchronized (this) {
                requests.add(new ReceivedRequest(method, operation, target, contentType, recordCount, response.status()));
            }
            respond(exchange, response.status(), response.body());
        }
    }

    private synchronized Response answer(String operation, JsonNode request) {
        if (rejectStatus != 0) {
            return new Response(rejectStatus, error(rejectType, "rejected by the test"));
        }
        if (unavailableRequests > 0) {
            unavailableRequests--;
            return new Response(503, error("ServiceUnavailableException", "Slow down."));
        }
        if (!PUT_RECORD_BATCH.equals(operation)) {
            records.add(decode(request.path("Record")));
            return new Response(200, JSON.createObjectNode().put("RecordId", nextRecordId()).put("Encrypted", false));
        }
        ObjectNode response = JSON.createObjectNode();
        ArrayNode responses = JSON.createArrayNode();
        int failed = 0;
        for (JsonNode entry : request.path("Records")) {
            String record = decode(entry);
            boolean shed = shedEveryNthRecord > 0 && entriesSeen++ % shedEveryNthRecord == 0 && shedRecords.add(record);
            if (shed) {
                failed++;
                responses.addObject().put("ErrorCode", "ServiceUnavailableException").put("ErrorMessage", "Slow down.");
            } else {
                records.add(record);
                responses.addObject().put("RecordId", nextRecordId());
            }
        }
        response.put("FailedPutCount", failed).put("Encrypted", false).set("RequestResponses", responses);
        return new Response(200, response);
    }

    private String nextRecordId() {
        return "record-" + recordIds.incrementAndGet();
    }

    private static String decode(JsonNode record) {
        return new String(Base64.getDecoder().decode(record.path("Data").asText()), StandardCharsets.UTF_8);
    }

    private static JsonNode error(String type, String message) {
        return JSON.createObjectNode().put("__type", type).put("message", message);
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private record Response(int status, JsonNode body) {}
}
