package dev.hydrant.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A hand-written fake of a Hydrant server's control plane at the HTTP edge: the Firehose JSON 1.1 operations the
 * pipeline commands use, and the {@code /hydrant/buckets} admin API, answering in AWS's shapes with state in memory.
 * Describe materialises Firehose's defaults the way AWS does, so that planners are tested against real-looking output.
 */
public final class TestingFirehoseServer implements AutoCloseable {
    public static final String ACCOUNT = "000000000000";
    public static final String DESTINATION_ID = "destinationId-000000000001";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, Stream> streams = new TreeMap<>();
    private final Map<String, Integer> objectCountByBucket = new TreeMap<>();
    private final List<String> operations = new ArrayList<>();
    private final Map<String, AwsError> failures = new TreeMap<>();
    private int maximumPageSize = Integer.MAX_VALUE;
    private boolean exclusiveStartIgnored;

    /** A delivery stream: its destination as last configured (ExtendedS3 field names), version and tags. */
    private static final class Stream {
        final ObjectNode destination;
        long versionId = 1;
        final Map<String, String> tags = new TreeMap<>();

        Stream(ObjectNode destination) {
            this.destination = destination;
        }
    }

    private TestingFirehoseServer(HttpServer server) {
        this.server = requireNonNull(server, "server is null");
        server.createContext("/", this::handle);
        server.start();
    }

    public static TestingFirehoseServer start() throws IOException {
        return new TestingFirehoseServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Lists at most this many names or tags per page, whatever Limit a request asks for. */
    public synchronized void setMaximumPageSize(int maximumPageSize) {
        this.maximumPageSize = maximumPageSize;
    }

    /** Ignores ExclusiveStartDeliveryStreamName and ExclusiveStartTagKey, always answering with the first page, as some emulators do. */
    public synchronized void ignoreExclusiveStart() {
        exclusiveStartIgnored = true;
    }

    /** Answers the next call of a Firehose {@code operation} with an AWS error instead of carrying it out. */
    public synchronized void failNext(String operation, String type, String message) {
        failures.put(operation, new AwsError(type, message));
    }

    /** The operations received, in order: Firehose operation names and {@code GET /hydrant/buckets} style lines. */
    public synchronized List<String> operations() {
        return List.copyOf(operations);
    }

    public synchronized void clearOperations() {
        operations.clear();
    }

    public synchronized List<String> bucketNames() {
        return List.copyOf(objectCountByBucket.keySet());
    }

    public synchronized List<String> deliveryStreamNames() {
        return List.copyOf(streams.keySet());
    }

    /** Creates a bucket directly, as another tool would. */
    public synchronized void createBucket(String name) {
        objectCountByBucket.putIfAbsent(name, 0);
    }

    /** Puts an object into a bucket, so that it cannot be deleted. */
    public synchronized void putObject(String bucket) {
        objectCountByBucket.merge(bucket, 1, Integer::sum);
    }

    /** Creates a delivery stream directly, as another tool would, writing to {@code bucket} with Firehose's defaults. */
    public synchronized void createDeliveryStream(String name, String bucket) {
        ObjectNode destination = json.createObjectNode()
                .put("RoleARN", "arn:aws:iam::" + ACCOUNT + ":role/other")
                .put("BucketARN", "arn:aws:s3:::" + bucket);
        streams.put(name, new Stream(destination));
    }

    /** Changes a stream's destination behind the pipeline's back, bumping its version as UpdateDestination would. */
    public synchronized void modifyDestination(String name, Consumer<ObjectNode> modification) {
        Stream stream = requireNonNull(streams.get(name), name + " does not exist");
        modification.accept(stream.destination);
        stream.versionId++;
    }

    public synchronized ObjectNode destination(String name) {
        return requireNonNull(streams.get(name), name + " does not exist").destination.deepCopy();
    }

    public synchronized long versionId(String name) {
        return requireNonNull(streams.get(name), name + " does not exist").versionId;
    }

    public synchronized Map<String, String> tags(String name) {
        return Map.copyOf(requireNonNull(streams.get(name), name + " does not exist").tags);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.startsWith(HydrantClient.BUCKETS_PATH)) {
                operations.add(method + " " + path);
                handleBuckets(exchange, method, path.substring(HydrantClient.BUCKETS_PATH.length()));
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!"POST".equals(method) || !"/".equals(path) || target == null || !target.startsWith(HydrantClient.TARGET_PREFIX)) {
                error(exchange, 404, "UnknownOperationException", "no route for " + method + " " + path);
                return;
            }
            if (!HydrantClient.CONTENT_TYPE.equals(contentType)) {
                error(exchange, 400, "SerializationException", "Content-Type must be " + HydrantClient.CONTENT_TYPE + ", not " + contentType);
                return;
            }
            String operation = target.substring(HydrantClient.TARGET_PREFIX.length());
            operations.add(operation);
            JsonNode request = json.readTree(exchange.getRequestBody().readAllBytes());
            try {
                respond(exchange, 200, firehose(operation, request));
            } catch (AwsError e) {
                error(exchange, 400, e.type, e.getMessage());
            }
        }
    }

    private ObjectNode firehose(String operation, JsonNode request) {
        AwsError failure = failures.remove(operation);
        if (failure != null) {
            throw failure;
        }
        switch (operation) {
            case "ListDeliveryStreams":
                return listDeliveryStreams(request);
            case "DescribeDeliveryStream":
                return describe(existing(request));
            case "CreateDeliveryStream":
                return create(request);
            case "UpdateDestination":
                return updateDestination(request);
            case "DeleteDeliveryStream":
                streams.remove(existing(request));
                return json.createObjectNode();
            case "ListTagsForDeliveryStream":
                return listTags(request);
            case "TagDeliveryStream":
                request.path("Tags").forEach(tag -> streams.get(existing(request)).tags.put(tag.path("Key").asText(), tag.path("Value").asText("")));
                return json.createObjectNode();
            case "UntagDeliveryStream":
                request.path("TagKeys").forEach(key -> streams.get(existing(request)).tags.remove(key.asText()));
                return json.createObjectNode();
            default:
                throw new AwsError("UnknownOperationException", "unknown operation " + operation);
        }
    }

    private ObjectNode listDeliveryStreams(JsonNode request) {
        int limit = Math.min(request.path("Limit").asInt(10), maximumPageSize);
        String exclusiveStart = exclusiveStartIgnored ? "" : request.path("ExclusiveStartDeliveryStreamName").asText("");
        List<String> names = streams.keySet().stream().filter(name -> name.compareTo(exclusiveStart) > 0).toList();
        ObjectNode response = json.createObjectNode();
        ArrayNode page = response.putArray("DeliveryStreamNames");
        names.stream().limit(limit).forEach(page::add);
        response.put("HasMoreDeliveryStreams", names.size() > limit);
        return response;
    }

    private ObjectNode create(JsonNode request) {
        String name = request.path("DeliveryStreamName").asText();
        if (streams.containsKey(name)) {
            throw new AwsError("ResourceInUseException", "Firehose " + name + " under accountId " + ACCOUNT + " already exists");
        }
        JsonNode configuration = request.path("ExtendedS3DestinationConfiguration");
        if (!configuration.isObject() || !configuration.has("RoleARN") || !configuration.has("BucketARN")) {
            throw new AwsError("InvalidArgumentException", "ExtendedS3DestinationConfiguration with RoleARN and BucketARN is required");
        }
        String bucket = configuration.path("BucketARN").asText().substring("arn:aws:s3:::".length());
        if (!objectCountByBucket.containsKey(bucket)) {
            throw new AwsError("InvalidArgumentException", "bucket " + bucket + " does not exist");
        }
        Stream stream = new Stream(((ObjectNode) configuration).deepCopy());
        request.path("Tags").forEach(tag -> stream.tags.put(tag.path("Key").asText(), tag.path("Value").asText("")));
        streams.put(name, stream);
        return json.createObjectNode().put("DeliveryStreamARN", arn(name));
    }

    private ObjectNode updateDestination(JsonNode request) {
        Stream stream = streams.get(existing(request));
        if (!Long.toString(stream.versionId).equals(request.path("CurrentDeliveryStreamVersionId").asText())) {
            throw new AwsError("ConcurrentModificationException", "CurrentDeliveryStreamVersionId " + request.path("CurrentDeliveryStreamVersionId").asText()
                    + " is not the current version " + stream.versionId);
        }
        if (!DESTINATION_ID.equals(request.path("DestinationId").asText())) {
            throw new AwsError("InvalidArgumentException", "unknown DestinationId " + request.path("DestinationId").asText());
        }
        JsonNode update = request.path("ExtendedS3DestinationUpdate");
        if (!update.isObject()) {
            throw new AwsError("InvalidArgumentException", "ExtendedS3DestinationUpdate is required");
        }
        // Same destination type: merge, so that fields left out keep their values.
        for (Iterator<Map.Entry<String, JsonNode>> fields = update.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            stream.destination.set(field.getKey(), field.getValue().deepCopy());
        }
        stream.versionId++;
        return json.createObjectNode();
    }

    private ObjectNode listTags(JsonNode request) {
        Stream stream = streams.get(existing(request));
        int limit = Math.min(request.path("Limit").asInt(50), maximumPageSize);
        String exclusiveStart = exclusiveStartIgnored ? "" : request.path("ExclusiveStartTagKey").asText("");
        List<Map.Entry<String, String>> tags = stream.tags.entrySet().stream().filter(tag -> tag.getKey().compareTo(exclusiveStart) > 0).toList();
        ObjectNode response = json.createObjectNode();
        ArrayNode page = response.putArray("Tags");
        tags.stream().limit(limit).forEach(tag -> page.addObject().put("Key", tag.getKey()).put("Value", tag.getValue()));
        response.put("HasMoreTags", tags.size() > limit);
        return response;
    }

    /** DescribeDeliveryStream's output for an ExtendedS3 stream, defaults materialised as AWS does. */
    private ObjectNode describe(String name) {
        Stream stream = streams.get(name);
        ObjectNode extended = json.createObjectNode();
        extended.put("RoleARN", stream.destination.path("RoleARN").asText());
        extended.put("BucketARN", stream.destination.path("BucketARN").asText());
        extended.put("Prefix", stream.destination.path("Prefix").asText(""));
        copyIfPresent(stream.destination, extended, "ErrorOutputPrefix");
        ObjectNode buffering = extended.putObject("BufferingHints");
        buffering.put("SizeInMBs", stream.destination.path("BufferingHints").path("SizeInMBs").asInt(5));
        buffering.put("IntervalInSeconds", stream.destination.path("BufferingHints").path("IntervalInSeconds").asInt(300));
        extended.put("CompressionFormat", stream.destination.path("CompressionFormat").asText("UNCOMPRESSED"));
        extended.putObject("EncryptionConfiguration").put("NoEncryptionConfig", "NoEncryption");
        if (stream.destination.has("CloudWatchLoggingOptions")) {
            extended.set("CloudWatchLoggingOptions", stream.destination.get("CloudWatchLoggingOptions").deepCopy());
        } else {
            extended.putObject("CloudWatchLoggingOptions").put("Enabled", false);
        }
        copyIfPresent(stream.destination, extended, "ProcessingConfiguration");
        extended.put("S3BackupMode", "Disabled");
        copyIfPresent(stream.destination, extended, "FileExtension");
        copyIfPresent(stream.destination, extended, "CustomTimeZone");

        ObjectNode s3 = json.createObjectNode();
        for (String field : List.of("RoleARN", "BucketARN", "Prefix", "ErrorOutputPrefix", "BufferingHints", "CompressionFormat",
                "EncryptionConfiguration", "CloudWatchLoggingOptions")) {
            copyIfPresent(extended, s3, field);
        }

        ObjectNode response = json.createObjectNode();
        ObjectNode description = response.putObject("DeliveryStreamDescription")
                .put("DeliveryStreamName", name)
                .put("DeliveryStreamARN", arn(name))
                .put("DeliveryStreamStatus", "ACTIVE")
                .put("DeliveryStreamType", "DirectPut")
                .put("VersionId", Long.toString(stream.versionId))
                .put("CreateTimestamp", 1.7e9);
        description.putObject("DeliveryStreamEncryptionConfiguration").put("Status", "DISABLED");
        ObjectNode destination = description.putArray("Destinations").addObject().put("DestinationId", DESTINATION_ID);
        destination.set("ExtendedS3DestinationDescription", extended);
        destination.set("S3DestinationDescription", s3);
        description.put("HasMoreDestinations", false);
        return response;
    }

    private void handleBuckets(HttpExchange exchange, String method, String rest) throws IOException {
        String name = rest.startsWith("/") ? rest.substring(1) : rest;
        if (name.isEmpty() && "GET".equals(method)) {
            ObjectNode response = json.createObjectNode();
            ArrayNode buckets = response.putArray("Buckets");
            objectCountByBucket.keySet().forEach(bucket -> buckets.addObject().put("Name", bucket));
            respond(exchange, 200, response);
        } else if (!name.isEmpty() && "PUT".equals(method)) {
            boolean created = objectCountByBucket.putIfAbsent(name, 0) == null;
            respond(exchange, created ? 201 : 200, json.createObjectNode());
        } else if (!name.isEmpty() && "DELETE".equals(method)) {
            Integer objects = objectCountByBucket.get(name);
            if (objects == null) {
                error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist: " + name);
            } else if (objects > 0) {
                error(exchange, 409, "BucketNotEmpty", "The bucket you tried to delete is not empty: " + name);
            } else {
                objectCountByBucket.remove(name);
                exchange.sendResponseHeaders(204, -1);
            }
        } else {
            error(exchange, 405, "MethodNotAllowed", method + " " + HydrantClient.BUCKETS_PATH + rest);
        }
    }

    private String existing(JsonNode request) {
        String name = request.path("DeliveryStreamName").asText();
        if (!streams.containsKey(name)) {
            throw new AwsError("ResourceNotFoundException", "Firehose " + name + " under account " + ACCOUNT + " not found.");
        }
        return name;
    }

    private static String arn(String name) {
        return "arn:aws:firehose:us-east-1:" + ACCOUNT + ":deliverystream/" + name;
    }

    private static void copyIfPresent(JsonNode from, ObjectNode to, String field) {
        if (from.has(field)) {
            to.set(field, from.get(field).deepCopy());
        }
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        respond(exchange, status, json.createObjectNode().put("__type", type).put("message", message));
    }

    private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsString(body).getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", HydrantClient.CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(bytes);
        }
    }

    /** An AWS error to answer with. */
    private static final class AwsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String type;

        AwsError(String type, String message) {
            super(message);
            this.type = type;
        }
    }
}
