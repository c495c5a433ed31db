package dev.hydrant.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.control.DeliveryStream;
import dev.hydrant.control.DeliveryStreamManager;
import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.firehose.DeliveryStreamDescriptions;
import dev.hydrant.firehose.DeliveryStreamRequests;
import dev.hydrant.metrics.StreamMetrics;
import dev.hydrant.spi.AppendResult;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Firehose JSON 1.1 API ({@code X-Amz-Target: Firehose_20150804.<Operation>}). Puts are parsed on the event loop
 * and answered when the log's fsync completes; control operations, which touch disk, run on worker threads.
 */
public final class FirehoseHandler {
    public static final String TARGET_PREFIX = "Firehose_20150804.";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final DeliveryStreamManager manager;
    private final Vertx vertx;
    private final AtomicLong inFlightBytes;
    private final long maxInFlightBytes;

    /**
     * @param inFlightBytes bytes of puts accepted but not yet durable, shared by all event loops
     * @param maxInFlightBytes above this, puts are refused with ServiceUnavailableException
     */
    public FirehoseHandler(DeliveryStreamManager manager, Vertx vertx, AtomicLong inFlightBytes, long maxInFlightBytes) {
        this.manager = requireNonNull(manager, "manager is null");
        this.vertx = requireNonNull(vertx, "vertx is null");
        this.inFlightBytes = requireNonNull(inFlightBytes, "inFlightBytes is null");
        this.maxInFlightBytes = maxInFlightBytes;
    }

    void handle(String operation, RequestBody request, HttpServerResponse response) {
        try {
            switch (operation) {
                case "PutRecord" -> putRecord(PutRecordRequest.parse(request.array(), request.offset(), request.length(), false), response);
                case "PutRecordBatch" -> putRecordBatch(PutRecordRequest.parse(request.array(), request.offset(), request.length(), true), response);
                default -> handleControl(operation, request.bytes(), response);
            }
        }
        catch (RuntimeException e) {
            AwsErrors.send(response, e);
        }
    }

    private void handleControl(String operation, byte[] body, HttpServerResponse response) {
        try {
            switch (operation) {
                case "CreateDeliveryStream" -> control(response, () -> createDeliveryStream(json(body)));
                case "DescribeDeliveryStream" -> respond(response, describeDeliveryStream(json(body)));
                case "ListDeliveryStreams" -> respond(response, listDeliveryStreams(json(body)));
                case "DeleteDeliveryStream" -> control(response, () -> deleteDeliveryStream(json(body)));
                case "UpdateDestination" -> control(response, () -> updateDestination(json(body)));
                case "TagDeliveryStream" -> control(response, () -> tagDeliveryStream(json(body)));
                case "UntagDeliveryStream" -> control(response, () -> untagDeliveryStream(json(body)));
                case "ListTagsForDeliveryStream" -> respond(response, listTags(json(body)));
                case "StartDeliveryStreamEncryption", "StopDeliveryStreamEncryption" ->
                        throw new HydrantException(ErrorCode.INVALID_ARGUMENT, operation + " is not supported by Hydrant: server-side encryption with KMS is not available");
                default -> throw new HydrantException(ErrorCode.UNKNOWN_OPERATION, "Unknown operation " + TARGET_PREFIX + operation);
            }
        }
        catch (RuntimeException e) {
            AwsErrors.send(response, e);
        }
    }

    /** PutRecord as the API Gateway route sends it; also used by {@code POST /}. */
    public void putRecord(PutRecordRequest request, HttpServerResponse response) {
        long started = System.nanoTime();
        DeliveryStream stream = manager.describe(request.deliveryStreamName());
        StreamMetrics metrics = manager.metrics(stream.name());
        append(request, metrics).whenComplete((result, error) -> {
            if (error != null) {
                AwsErrors.send(response, error);
                return;
            }
            if (result instanceof AppendResult.Appended appended) {
                ObjectNode out = MAPPER.createObjectNode();
                out.put("RecordId", RecordIds.of(stream, appended.partition(), appended.firstOffset()));
                out.put("Encrypted", false);
                respond(response, out);
            }
            else {
                metrics.throttled(request.records().count());
                AwsErrors.send(response, new HydrantException(ErrorCode.SERVICE_UNAVAILABLE, "Slow down. " + ((AppendResult.Backpressured) result).reason()));
            }
            record(metrics.putRecordLatency(), started);
        });
    }

    /** Answers like PutRecordBatch; used by PutRecordBatch and the NDJSON route. */
    public void putRecords(PutRecordRequest request, HttpServerResponse response) {
        putRecordBatch(request, response);
    }

    private void putRecordBatch(PutRecordRequest request, HttpServerResponse response) {
        long started = System.nanoTime();
        DeliveryStream stream = manager.describe(request.deliveryStreamName());
        StreamMetrics metrics = manager.metrics(stream.name());
        append(request, metrics).whenComplete((result, error) -> {
            int count = request.records().count();
            if (error == null && result instanceof AppendResult.Appended appended) {
                // Built by hand: this answer is on the hot path, with up to 500 entries.
                StringBuilder out = new StringBuilder(64 + count * 52);
                out.append("{\"FailedPutCount\":0,\"Encrypted\":false,\"RequestResponses\":[");
                for (int i = 0; i < count; i++) {
                    out.append(i == 0 ? "{\"RecordId\":\"" : ",{\"RecordId\":\"")
                            .append(RecordIds.of(stream, appended.partition(), appended.firstOffset() + i))
                            .append("\"}");
                }
                out.append("]}");
                respond(response, out.toString());
            }
            else {
                // The whole batch went to one append, so it failed as a whole: report every entry, as Firehose does.
                HydrantException failure = error != null
                        ? AwsErrors.toHydrantException(error)
                        : new HydrantException(ErrorCode.SERVICE_UNAVAILABLE, "Slow down. " + ((AppendResult.Backpressured) result).reason());
                String errorCode = failure.errorCode() == ErrorCode.SERVICE_UNAVAILABLE ? "ServiceUnavailableException" : "InternalFailure";
                metrics.throttled(count);
                ObjectNode out = MAPPER.createObjectNode();
                out.put("FailedPutCount", count);
                out.put("Encrypted", false);
                ArrayNode responses = out.putArray("RequestResponses");
                for (int i = 0; i < count; i++) {
                    responses.addObject().put("ErrorCode", errorCode).put("ErrorMessage", failure.getMessage());
                }
                respond(response, out);
            }
            record(metrics.putRecordBatchLatency(), started);
        });
    }

    private CompletableFuture<AppendResult> append(PutRecordRequest request, StreamMetrics metrics) {
        metrics.incoming(request.records().count(), request.totalBytes());
        long bytes = request.totalBytes();
        if (inFlightBytes.addAndGet(bytes) > maxInFlightBytes && inFlightBytes.get() > bytes) {
            inFlightBytes.addAndGet(-bytes);
            return CompletableFuture.completedFuture(new AppendResult.Backpressured("Too many requests are waiting for the disk"));
        }
        CompletableFuture<AppendResult> appended;
        try {
            appended = manager.put(request.deliveryStreamName(), request.records());
        }
        catch (RuntimeException e) {
            inFlightBytes.addAndGet(-bytes);
            throw e;
        }
        return appended.whenComplete((result, error) -> inFlightBytes.addAndGet(-bytes));
    }

    private static void record(Timer timer, long startedNanos) {
        timer.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    private ObjectNode createDeliveryStream(JsonNode request) {
        S3DestinationConfig destination = DeliveryStreamRequests.parseCreateDestination(request);
        Map<String, String> tags = DeliveryStreamRequests.parseTags(request.get("Tags"), "tags");
        boolean extendedS3 = request.has("ExtendedS3DestinationConfiguration");
        DeliveryStream stream = manager.create(request.get("DeliveryStreamName").asText(), destination, extendedS3, tags);
        return MAPPER.createObjectNode().put("DeliveryStreamARN", stream.arn());
    }

    private ObjectNode describeDeliveryStream(JsonNode request) {
        DeliveryStream stream = manager.describe(requiredName(request));
        ObjectNode out = MAPPER.createObjectNode();
        out.set("DeliveryStreamDescription", DeliveryStreamDescriptions.describe(stream, MAPPER));
        return out;
    }

    private ObjectNode listDeliveryStreams(JsonNode request) {
        int limit = request.path("Limit").asInt(10);
        if (request.has("Limit") && (!request.get("Limit").canConvertToInt() || limit < 1 || limit > 10000)) {
            throw new HydrantException(ErrorCode.VALIDATION,
                    "1 validation error detected: Value '" + request.get("Limit") + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000");
        }
        String type = request.path("DeliveryStreamType").asText(null);
        if (type != null && !List.of("DirectPut", "KinesisStreamAsSource", "MSKAsSource", "DatabaseAsSource").contains(type)) {
            throw new HydrantException(ErrorCode.VALIDATION,
                    "1 validation error detected: Value '" + type + "' at 'deliveryStreamType' failed to satisfy constraint: Member must satisfy enum value set: [DirectPut, KinesisStreamAsSource, MSKAsSource, DatabaseAsSource]");
        }
        String startAfter = request.path("ExclusiveStartDeliveryStreamName").asText(null);
        List<String> names = new ArrayList<>();
        if (type == null || DeliveryStream.TYPE_DIRECT_PUT.equals(type)) {
            for (String name : manager.names()) {
                if (startAfter == null || name.compareTo(startAfter) > 0) {
                    names.add(name);
                }
            }
        }
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode page = out.putArray("DeliveryStreamNames");
        names.stream().limit(limit).forEach(page::add);
        out.put("HasMoreDeliveryStreams", names.size() > limit);
        return out;
    }

    /** The ListDeliveryStreams answer for the API Gateway route. */
    public ObjectNode listDeliveryStreams(byte[] body) {
        return listDeliveryStreams(body.length == 0 ? MAPPER.createObjectNode() : json(body));
    }

    private ObjectNode deleteDeliveryStream(JsonNode request) {
        manager.delete(requiredName(request));
        return MAPPER.createObjectNode();
    }

    private ObjectNode updateDestination(JsonNode request) {
        String name = requiredName(request);
        DeliveryStream current = manager.describe(name);
        JsonNode version = request.get("CurrentDeliveryStreamVersionId");
        JsonNode destinationId = request.get("DestinationId");
        if (version == null || destinationId == null) {
            throw new HydrantException(ErrorCode.VALIDATION,
                    "1 validation error detected: CurrentDeliveryStreamVersionId and DestinationId are required");
        }
        long versionId;
        try {
            versionId = Long.parseLong(version.asText());
        }
        catch (NumberFormatException e) {
            throw new HydrantException(ErrorCode.VALIDATION,
                    "1 validation error detected: Value '" + version.asText() + "' at 'currentDeliveryStreamVersionId' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+");
        }
        S3DestinationConfig destination = DeliveryStreamRequests.parseUpdateDestination(request, current.destination());
        boolean extendedS3 = request.has("ExtendedS3DestinationUpdate") || current.extendedS3();
        manager.updateDestination(name, versionId, destinationId.asText(), destination, extendedS3);
        return MAPPER.createObjectNode();
    }

    private ObjectNode tagDeliveryStream(JsonNode request) {
        String name = requiredName(request);
        manager.describe(name);
        Map<String, String> tags = DeliveryStreamRequests.parseTags(request.get("Tags"), "tags");
        if (tags.isEmpty()) {
            throw new HydrantException(ErrorCode.VALIDATION, "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        manager.tag(name, tags);
        return MAPPER.createObjectNode();
    }

    private ObjectNode untagDeliveryStream(JsonNode request) {
        String name = requiredName(request);
        JsonNode keys = request.get("TagKeys");
        if (keys == null || !keys.isArray() || keys.isEmpty() || keys.size() > 50) {
            throw new HydrantException(ErrorCode.VALIDATION,
                    "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must have length between 1 and 50");
        }
        List<String> tagKeys = new ArrayList<>();
        for (JsonNode key : keys) {
            if (!key.isTextual()) {
                throw new HydrantException(ErrorCode.SERIALIZATION, "TagKeys must be a list of strings");
            }
            tagKeys.add(key.asText());
        }
        manager.untag(name, tagKeys);
        return MAPPER.createObjectNode();
    }

    private ObjectNode listTags(JsonNode request) {
        DeliveryStream stream = manager.describe(requiredName(request));
        int limit = request.path("Limit").asInt(50);
        if (request.has("Limit") && (!request.get("Limit").canConvertToInt() || limit < 1 || limit > 50)) {
            throw new HydrantException(ErrorCode.VALIDATION,
                    "1 validation error detected: Value '" + request.get("Limit") + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 50");
        }
        String startAfter = request.path("ExclusiveStartTagKey").asText(null);
        List<Map.Entry<String, String>> tags = stream.tags().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .filter(entry -> startAfter == null || entry.getKey().compareTo(startAfter) > 0)
                .toList();
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode page = out.putArray("Tags");
        tags.stream().limit(limit).forEach(entry -> page.addObject().put("Key", entry.getKey()).put("Value", entry.getValue()));
        out.put("HasMoreTags", tags.size() > limit);
        return out;
    }

    private static String requiredName(JsonNode request) {
        JsonNode name = request.get("DeliveryStreamName");
        if (name != null && !name.isTextual() && !name.isNull()) {
            throw new HydrantException(ErrorCode.SERIALIZATION, "Value for DeliveryStreamName must be a string");
        }
        if (name == null || !name.isTextual()) {
            throw new HydrantException(ErrorCode.VALIDATION,
                    "1 validation error detected: Value null at 'deliveryStreamName' failed to satisfy constraint: Member must not be null");
        }
        return name.asText();
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new HydrantException(ErrorCode.SERIALIZATION, "Request body must be a JSON object");
            }
            return node;
        }
        catch (IOException e) {
            throw AwsErrors.toHydrantException(e);
        }
    }

    private void control(HttpServerResponse response, Callable<ObjectNode> operation) {
        Future<ObjectNode> result = vertx.executeBlocking(operation, true);
        result.onSuccess(out -> respond(response, out)).onFailure(error -> AwsErrors.send(response, error));
    }

    static void respond(HttpServerResponse response, ObjectNode body) {
        respond(response, body.toString());
    }

    static void respond(HttpServerResponse response, String body) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(200).putHeader("Content-Type", AwsErrors.JSON_CONTENT_TYPE).end(body);
    }
}
