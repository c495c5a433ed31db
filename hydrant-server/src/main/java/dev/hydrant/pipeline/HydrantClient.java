package dev.hydrant.pipeline;

import dev.hydrant.control.DynamicPartitioningConfig;
import java.util.Optional;
import java.util.Base64;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.control.BufferingHints;
import dev.hydrant.control.CloudWatchLoggingOptions;
import dev.hydrant.control.CompressionFormat;
import dev.hydrant.control.DataFormatConversion;
import dev.hydrant.control.DeliveryStreamStatus;
import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.firehose.DeliveryStreamDescriptions;
import dev.hydrant.firehose.DeliveryStreamRequests;
import dev.hydrant.server.ServerConfig;
import dev.hydrant.spi.HydrantException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small client of a running Hydrant server: the Firehose JSON 1.1 API ({@code POST /} with
 * {@code X-Amz-Target: Firehose_20150804.<Op>}) for delivery streams, the Kinesis Analytics v1 API
 * ({@code KinesisAnalytics_20150814.<Op>}) for SQL applications, the Lambda API for functions, and Hydrant's bucket admin API
 * ({@code /hydrant/buckets}). Every failure is a {@link HydrantClientException}. Requests are not signed.
 */
public final class HydrantClient {
    /** Where {@code hydrant server} listens by default: {@code http://127.0.0.1:4573}. */
    public static final String DEFAULT_ENDPOINT = "http://" + ServerConfig.DEFAULT_HOST + ":" + ServerConfig.DEFAULT_PORT;

    static final String TARGET_PREFIX = "Firehose_20150804.";
    static final String KINESIS_ANALYTICS_TARGET_PREFIX = "KinesisAnalytics_20150814.";
    private static final int LIST_APPLICATIONS_LIMIT = 50;
    private static final Duration APPLICATION_SETTLE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration APPLICATION_POLL_INTERVAL = Duration.ofMillis(200);
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final String BUCKETS_PATH = "/hydrant/buckets";
    static final String FUNCTIONS_PATH = "/2015-03-31/functions";
    private static final String EXTENDED_S3_CONFIGURATION = "ExtendedS3DestinationConfiguration";
    private static final int LIST_DELIVERY_STREAMS_LIMIT = 10_000;
    private static final int LIST_TAGS_LIMIT = 50;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final String base;
    private final HttpClient httpClient;
    private final ObjectMapper json = new ObjectMapper();

    public HydrantClient(URI endpoint) {
        this(endpoint, HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
    }

    public HydrantClient(URI endpoint, HttpClient httpClient) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.httpClient = requireNonNull(httpClient, "httpClient is null");
        String text = endpoint.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The names of every delivery stream, in the server's (alphabetical) order, following HasMoreDeliveryStreams. */
    public List<String> listDeliveryStreams() {
        List<String> names = new ArrayList<>();
        String exclusiveStart = null;
        while (true) {
            ObjectNode request = json.createObjectNode().put("Limit", LIST_DELIVERY_STREAMS_LIMIT);
            if (exclusiveStart != null) {
                request.put("ExclusiveStartDeliveryStreamName", exclusiveStart);
            }
            JsonNode response = firehose("ListDeliveryStreams", request);
            List<String> page = new ArrayList<>();
            response.path("DeliveryStreamNames").forEach(name -> page.add(name.asText()));
            // A server that ignores ExclusiveStartDeliveryStreamName would send the same page forever.
            if (page.isEmpty() || page.get(page.size() - 1).equals(exclusiveStart)) {
                return names;
            }
            names.addAll(page);
            if (!response.path("HasMoreDeliveryStreams").asBoolean(false)) {
                return names;
            }
            exclusiveStart = page.get(page.size() - 1);
        }
    }

    public DeliveryStreamDescription describeDeliveryStream(String name) {
        requireNonNull(name, "name is null");
        JsonNode description = firehose("DescribeDeliveryStream", json.createObjectNode().put("DeliveryStreamName", name))
                .path("DeliveryStreamDescription");
        JsonNode destination = description.path("Destinations").path(0);
        boolean extendedS3 = destination.has("ExtendedS3DestinationDescription");
        JsonNode s3 = extendedS3 ? destination.path("ExtendedS3DestinationDescription") : destination.path("S3DestinationDescription");
        if (s3.isMissingNode()) {
            throw new HydrantClientException(200, HydrantClientException.INVALID_RESPONSE,
                    "delivery stream '" + name + "' has no S3 destination; pipeline files manage S3 destinations only");
        }
        return new DeliveryStreamDescription(
                description.path("DeliveryStreamName").asText(name),
                description.path("DeliveryStreamARN").asText(""),
                status(description.path("DeliveryStreamStatus").asText("ACTIVE")),
                description.path("VersionId").asText("1"),
                destination.path("DestinationId").asText(""),
                extendedS3,
                destinationOf(s3));
    }

    /** Creates a DirectPut delivery stream with an ExtendedS3 destination; returns its ARN. */
    public String createDeliveryStream(String name, S3DestinationConfig destination, Map<String, String> tags) {
        return firehose("CreateDeliveryStream", DeliveryStreamDescriptions.requestFor(name, destination, tags, json)).path("DeliveryStreamARN").asText("");
    }

    /**
     * Replaces the destination's settings with {@code destination}, keeping the server's RoleARN. UpdateDestination
     * merges what it is sent into what the server has, so unset optional strings are sent empty and processing is sent
     * switched off, to clear what the server has.
     */
    public void updateDestination(String name, String currentVersionId, String destinationId, S3DestinationConfig destination) {
        requireNonNull(name, "name is null");
        requireNonNull(currentVersionId, "currentVersionId is null");
        requireNonNull(destinationId, "destinationId is null");
        requireNonNull(destination, "destination is null");
        S3DestinationConfig replacement = new S3DestinationConfig(
                destination.roleArn(),
                destination.bucketArn(),
                emptyWhenUnset(destination.prefix()),
                emptyWhenUnset(destination.errorOutputPrefix()),
                destination.bufferingHints(),
                destination.compressionFormat(),
                destination.cloudWatchLoggingOptions(),
                destination.processingConfiguration(),
                emptyWhenUnset(destination.fileExtension()),
                emptyWhenUnset(destination.customTimeZone()),
                destination.backup(),
                destination.dynamicPartitioning(),
                destination.dataFormatConversion());
        ObjectNode update = (ObjectNode) DeliveryStreamDescriptions.requestFor(name, replacement, Map.of(), json).get(EXTENDED_S3_CONFIGURATION);
        update.remove("RoleARN");
        // dynamic partitioning is fixed at creation; the backup destination is an S3BackupUpdate in updates
        update.remove("DynamicPartitioningConfiguration");
        JsonNode backup = update.remove("S3BackupConfiguration");
        if (backup != null) {
            update.set("S3BackupUpdate", backup);
        }
        if (!update.has("ProcessingConfiguration")) {
            update.putObject("ProcessingConfiguration").put("Enabled", false);
        }
        if (!update.has("DataFormatConversionConfiguration")) {
            update.putObject("DataFormatConversionConfiguration").put("Enabled", false);
        }
        ObjectNode request = json.createObjectNode()
                .put("DeliveryStreamName", name)
                .put("CurrentDeliveryStreamVersionId", currentVersionId)
                .put("DestinationId", destinationId);
        request.set("ExtendedS3DestinationUpdate", update);
        firehose("UpdateDestination", request);
    }

    public void deleteDeliveryStream(String name) {
        requireNonNull(name, "name is null");
        firehose("DeleteDeliveryStream", json.createObjectNode().put("DeliveryStreamName", name));
    }

    /** A function's configuration as the Lambda API's GetFunctionConfiguration gives it, or empty when there is none. */
    public Optional<JsonNode> getFunctionConfiguration(String name) {
        requireNonNull(name, "name is null");
        try {
            return Optional.of(readJson(send(HttpRequest.newBuilder(functionUri(name, "/configuration")).GET())));
        } catch (HydrantClientException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** CreateFunction with the package as ZipFile. */
    public void createFunction(FunctionSpec function, byte[] zip) {
        ObjectNode request = functionConfiguration(function);
        request.put("FunctionName", function.name());
        request.put("Role", S3DestinationConfig.DEFAULT_ROLE_ARN);
        request.putObject("Code").put("ZipFile", Base64.getEncoder().encodeToString(zip));
        sendJson("POST", functionUri("", ""), request);
        putFunctionConcurrency(function.name(), function.concurrency());
    }

    /** GetFunctionConcurrency: the function's worker pool size. */
    public int getFunctionConcurrency(String name) {
        return readJson(send(HttpRequest.newBuilder(URI.create(base + "/2019-09-30/functions/" + URLEncoder.encode(name, UTF_8) + "/concurrency")).GET()))
                .path("ReservedConcurrentExecutions").asInt();
    }

    public void putFunctionConcurrency(String name, int concurrency) {
        sendJson("PUT", URI.create(base + "/2017-10-31/functions/" + URLEncoder.encode(name, UTF_8) + "/concurrency"),
                json.createObjectNode().put("ReservedConcurrentExecutions", concurrency));
    }

    /** UpdateFunctionCode, then UpdateFunctionConfiguration. */
    public void updateFunction(FunctionSpec function, byte[] zip) {
        ObjectNode code = json.createObjectNode().put("ZipFile", Base64.getEncoder().encodeToString(zip));
        sendJson("PUT", functionUri(function.name(), "/code"), code);
        sendJson("PUT", functionUri(function.name(), "/configuration"), functionConfiguration(function));
        putFunctionConcurrency(function.name(), function.concurrency());
    }

    public void deleteFunction(String name) {
        requireNonNull(name, "name is null");
        send(HttpRequest.newBuilder(functionUri(name, "")).DELETE());
    }

    private ObjectNode functionConfiguration(FunctionSpec function) {
        ObjectNode request = json.createObjectNode()
                .put("Runtime", function.runtime())
                .put("Handler", function.handler())
                .put("Timeout", function.timeoutSeconds())
                .put("MemorySize", function.memorySizeMb());
        ObjectNode variables = request.putObject("Environment").putObject("Variables");
        function.environment().forEach(variables::put);
        return request;
    }

    private URI functionUri(String name, String suffix) {
        return URI.create(base + FUNCTIONS_PATH + (name.isEmpty() ? "" : "/" + URLEncoder.encode(name, UTF_8)) + suffix);
    }

    private JsonNode sendJson(String method, URI uri, JsonNode body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request to " + uri, e);
        }
        return readJson(send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(text, UTF_8))));
    }

    /** Every tag of the stream, following HasMoreTags. */
    public Map<String, String> listTagsForDeliveryStream(String name) {
        requireNonNull(name, "name is null");
        Map<String, String> tags = new LinkedHashMap<>();
        String exclusiveStart = null;
        while (true) {
            ObjectNode request = json.createObjectNode().put("DeliveryStreamName", name).put("Limit", LIST_TAGS_LIMIT);
            if (exclusiveStart != null) {
                request.put("ExclusiveStartTagKey", exclusiveStart);
            }
            JsonNode response = firehose("ListTagsForDeliveryStream", request);
            Map<String, String> page = new LinkedHashMap<>();
            response.path("Tags").forEach(tag -> page.put(tag.path("Key").asText(), tag.path("Value").asText("")));
            String lastKey = page.keySet().stream().reduce((first, second) -> second).orElse(null);
            // A server that ignores ExclusiveStartTagKey would send the same page forever.
            if (lastKey == null || lastKey.equals(exclusiveStart)) {
                return tags;
            }
            tags.putAll(page);
            if (!response.path("HasMoreTags").asBoolean(false)) {
                return tags;
            }
            exclusiveStart = lastKey;
        }
    }

    /** Adds tags, or changes the values of existing ones. */
    public void tagDeliveryStream(String name, Map<String, String> tags) {
        requireNonNull(name, "name is null");
        requireNonNull(tags, "tags is null");
        ObjectNode request = json.createObjectNode().put("DeliveryStreamName", name);
        request.set("Tags", tagsJson(tags));
        firehose("TagDeliveryStream", request);
    }

    public void untagDeliveryStream(String name, Collection<String> tagKeys) {
        requireNonNull(name, "name is null");
        requireNonNull(tagKeys, "tagKeys is null");
        ObjectNode request = json.createObjectNode().put("DeliveryStreamName", name);
        ArrayNode keys = request.putArray("TagKeys");
        tagKeys.forEach(keys::add);
        firehose("UntagDeliveryStream", request);
    }

    /** The names of every bucket. */
    public List<String> listBuckets() {
        JsonNode response = readJson(send(HttpRequest.newBuilder(bucketsUri("")).GET()));
        List<String> names = new ArrayList<>();
        response.path("Buckets").forEach(bucket -> names.add(bucket.path("Name").asText()));
        return names;
    }

    /** Creates a bucket; true when it was created, false when it existed already. */
    public boolean createBucket(String name) {
        requireNonNull(name, "name is null");
        HttpResponse<String> response = send(HttpRequest.newBuilder(bucketsUri(name)).PUT(HttpRequest.BodyPublishers.noBody()));
        return response.statusCode() == 201;
    }

    /** Deletes an empty bucket; a bucket with objects fails with type {@code BucketNotEmpty}. */
    public void deleteBucket(String name) {
        requireNonNull(name, "name is null");
        send(HttpRequest.newBuilder(bucketsUri(name)).DELETE());
    }

    // ---- Kinesis Analytics (v1) applications ----

    /** Every application's ApplicationSummary, by name, following HasMoreApplications. */
    public List<JsonNode> listApplications() {
        List<JsonNode> summaries = new ArrayList<>();
        String exclusiveStart = null;
        while (true) {
            ObjectNode request = json.createObjectNode().put("Limit", LIST_APPLICATIONS_LIMIT);
            if (exclusiveStart != null) {
                request.put("ExclusiveStartApplicationName", exclusiveStart);
            }
            JsonNode response = kinesisAnalytics("ListApplications", request);
            JsonNode page = response.path("ApplicationSummaries");
            page.forEach(summaries::add);
            if (!response.path("HasMoreApplications").asBoolean(false) || page.isEmpty()) {
                return summaries;
            }
            exclusiveStart = page.get(page.size() - 1).path("ApplicationName").asText();
        }
    }

    /** The ApplicationDetail of an application, or empty when there is none of that name. */
    public Optional<JsonNode> describeApplication(String name) {
        try {
            return Optional.of(kinesisAnalytics("DescribeApplication", json.createObjectNode().put("ApplicationName", name)).path("ApplicationDetail"));
        }
        catch (HydrantClientException e) {
            if (e.type().equals("ResourceNotFoundException")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * StartApplication with every input starting from {@code startingPosition} (NOW, TRIM_HORIZON or
     * LAST_STOPPED_POINT).
     */
    public void startApplication(String name, String startingPosition) {
        JsonNode detail = describeApplication(name).orElseThrow(() -> new HydrantClientException(400, "ResourceNotFoundException", "Application " + name + " not found"));
        ObjectNode request = json.createObjectNode().put("ApplicationName", name);
        ArrayNode configurations = request.putArray("InputConfigurations");
        for (JsonNode input : detail.path("InputDescriptions")) {
            configurations.addObject().put("Id", input.path("InputId").asText())
                    .putObject("InputStartingPositionConfiguration").put("InputStartingPosition", startingPosition);
        }
        kinesisAnalytics("StartApplication", request);
    }

    public void stopApplication(String name) {
        kinesisAnalytics("StopApplication", json.createObjectNode().put("ApplicationName", name));
    }

    /** DeleteApplication, with the CreateTimestamp that DescribeApplication reports. */
    public void deleteApplication(String name) {
        JsonNode detail = describeApplication(name).orElseThrow(() -> new HydrantClientException(400, "ResourceNotFoundException", "Application " + name + " not found"));
        kinesisAnalytics("DeleteApplication", json.createObjectNode().put("ApplicationName", name).set("CreateTimestamp", detail.path("CreateTimestamp")));
    }

    /** CreateApplication from a pipeline file's application, then its reference table (AddApplicationReferenceDataSource). */
    public void createApplication(ApplicationSpec application) {
        ObjectNode request = json.createObjectNode().put("ApplicationName", application.name())
                .put("ApplicationDescription", application.description())
                .put("ApplicationCode", application.code());
        ArrayNode inputs = request.putArray("Inputs");
        application.inputs().forEach(input -> inputs.add(inputJson(input)));
        ArrayNode outputs = request.putArray("Outputs");
        application.outputs().forEach(output -> outputs.add(outputJson(output)));
        kinesisAnalytics("CreateApplication", request);
        for (ApplicationSpec.ReferenceTableSpec table : application.referenceTables()) {
            addReferenceTable(application.name(), table);
        }
    }

    /**
     * Brings an existing application in line with a pipeline file's: one UpdateApplication for the code, the input
     * and the outputs and reference tables of the same names, then AddApplicationInput, Add/DeleteApplicationOutput
     * and Add/DeleteApplicationReferenceDataSource for the rest. Each call waits until the application has settled
     * (READY or RUNNING), since a running application restarts after each change.
     */
    public void updateApplication(ApplicationSpec application) {
        String name = application.name();
        JsonNode detail = settledApplication(name);
        ObjectNode update = json.createObjectNode().put("ApplicationCodeUpdate", application.code());
        JsonNode serverInputs = detail.path("InputDescriptions");
        if (!application.inputs().isEmpty() && !serverInputs.isEmpty()) {
            ApplicationSpec.InputSpec input = application.inputs().get(0);
            ObjectNode inputUpdate = update.putArray("InputUpdates").addObject()
                    .put("InputId", serverInputs.get(0).path("InputId").asText())
                    .put("NamePrefixUpdate", input.namePrefix());
            inputUpdate.putObject("KinesisFirehoseInputUpdate").put("ResourceARNUpdate", firehoseArnOf(input.deliveryStream()));
            inputUpdate.putObject("InputParallelismUpdate").put("CountUpdate", input.parallelism());
            ObjectNode schema = inputSchemaJson(input.format(), input.recordRowPath(), input.recordRowDelimiter(), input.recordColumnDelimiter(), input.columns());
            ObjectNode schemaUpdate = inputUpdate.putObject("InputSchemaUpdate");
            schemaUpdate.set("RecordFormatUpdate", schema.get("RecordFormat"));
            schemaUpdate.put("RecordEncodingUpdate", "UTF-8");
            schemaUpdate.set("RecordColumnUpdates", schema.get("RecordColumns"));
        }
        Map<String, String> serverOutputIds = new LinkedHashMap<>();
        detail.path("OutputDescriptions").forEach(output -> serverOutputIds.put(output.path("Name").asText(), output.path("OutputId").asText()));
        ArrayNode outputUpdates = json.createArrayNode();
        for (ApplicationSpec.OutputSpec output : application.outputs()) {
            String outputId = serverOutputIds.get(output.name());
            if (outputId != null) {
                ObjectNode outputUpdate = outputUpdates.addObject().put("OutputId", outputId);
                outputUpdate.putObject("KinesisFirehoseOutputUpdate").put("ResourceARNUpdate", firehoseArnOf(output.deliveryStream()));
                outputUpdate.putObject("DestinationSchemaUpdate").put("RecordFormatType", output.format());
            }
        }
        if (!outputUpdates.isEmpty()) {
            update.set("OutputUpdates", outputUpdates);
        }
        Map<String, String> serverReferenceIds = new LinkedHashMap<>();
        detail.path("ReferenceDataSourceDescriptions").forEach(table -> serverReferenceIds.put(table.path("TableName").asText(), table.path("ReferenceId").asText()));
        ArrayNode referenceUpdates = json.createArrayNode();
        for (ApplicationSpec.ReferenceTableSpec table : application.referenceTables()) {
            String referenceId = serverReferenceIds.get(table.tableName());
            if (referenceId != null) {
                ObjectNode referenceUpdate = referenceUpdates.addObject().put("ReferenceId", referenceId);
                referenceUpdate.putObject("S3ReferenceDataSourceUpdate").put("BucketARNUpdate", S3DestinationConfig.bucketArnOf(table.bucket()))
                        .put("FileKeyUpdate", table.key());
                referenceUpdate.set("ReferenceSchemaUpdate",
                        inputSchemaJson(table.format(), table.recordRowPath(), table.recordRowDelimiter(), table.recordColumnDelimiter(), table.columns()));
            }
        }
        if (!referenceUpdates.isEmpty()) {
            update.set("ReferenceDataSourceUpdates", referenceUpdates);
        }
        ObjectNode request = json.createObjectNode().put("ApplicationName", name).put("CurrentApplicationVersionId", detail.path("ApplicationVersionId").asLong());
        request.set("ApplicationUpdate", update);
        kinesisAnalytics("UpdateApplication", request);

        if (!application.inputs().isEmpty() && serverInputs.isEmpty()) {
            ObjectNode addInput = versioned(name);
            addInput.set("Input", inputJson(application.inputs().get(0)));
            kinesisAnalytics("AddApplicationInput", addInput);
        }
        for (Map.Entry<String, String> serverOutput : serverOutputIds.entrySet()) {
            if (application.outputs().stream().noneMatch(output -> output.name().equals(serverOutput.getKey()))) {
                kinesisAnalytics("DeleteApplicationOutput", versioned(name).put("OutputId", serverOutput.getValue()));
            }
        }
        for (ApplicationSpec.OutputSpec output : application.outputs()) {
            if (!serverOutputIds.containsKey(output.name())) {
                ObjectNode addOutput = versioned(name);
                addOutput.set("Output", outputJson(output));
                kinesisAnalytics("AddApplicationOutput", addOutput);
            }
        }
        for (Map.Entry<String, String> serverTable : serverReferenceIds.entrySet()) {
            if (application.referenceTables().stream().noneMatch(table -> table.tableName().equals(serverTable.getKey()))) {
                kinesisAnalytics("DeleteApplicationReferenceDataSource", versioned(name).put("ReferenceId", serverTable.getValue()));
            }
        }
        for (ApplicationSpec.ReferenceTableSpec table : application.referenceTables()) {
            if (!serverReferenceIds.containsKey(table.tableName())) {
                addReferenceTable(name, table);
            }
        }
    }

    /** Deletes an application and waits until it is gone (a running one is stopped first). */
    public void deleteApplicationAndWait(String name) {
        deleteApplication(name);
        long deadline = System.nanoTime() + APPLICATION_SETTLE_TIMEOUT.toNanos();
        while (describeApplication(name).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new HydrantClientException(0, "Timeout", "application " + name + " was not deleted within " + APPLICATION_SETTLE_TIMEOUT.toSeconds() + " s");
            }
            pause();
        }
    }

    /** DescribeApplication once the application is READY or RUNNING. */
    private JsonNode settledApplication(String name) {
        long deadline = System.nanoTime() + APPLICATION_SETTLE_TIMEOUT.toNanos();
        while (true) {
            JsonNode detail = describeApplication(name).orElseThrow(() -> new HydrantClientException(400, "ResourceNotFoundException", "Application " + name + " not found"));
            String status = detail.path("ApplicationStatus").asText();
            if (status.equals("READY") || status.equals("RUNNING")) {
                return detail;
            }
            if (System.nanoTime() > deadline) {
                throw new HydrantClientException(0, "Timeout", "application " + name + " is still " + status + " after " + APPLICATION_SETTLE_TIMEOUT.toSeconds() + " s");
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(APPLICATION_POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HydrantClientException(0, "Interrupted", "interrupted while waiting for an application");
        }
    }

    /** A request with ApplicationName and the CurrentApplicationVersionId of the settled application. */
    private ObjectNode versioned(String name) {
        return json.createObjectNode().put("ApplicationName", name)
                .put("CurrentApplicationVersionId", settledApplication(name).path("ApplicationVersionId").asLong());
    }

    private void addReferenceTable(String name, ApplicationSpec.ReferenceTableSpec table) {
        ObjectNode request = versioned(name);
        ObjectNode reference = request.putObject("ReferenceDataSource").put("TableName", table.tableName());
        reference.putObject("S3ReferenceDataSource").put("BucketARN", S3DestinationConfig.bucketArnOf(table.bucket())).put("FileKey", table.key())
                .put("ReferenceRoleARN", S3DestinationConfig.DEFAULT_ROLE_ARN);
        reference.set("ReferenceSchema", inputSchemaJson(table.format(), table.recordRowPath(), table.recordRowDelimiter(), table.recordColumnDelimiter(), table.columns()));
        kinesisAnalytics("AddApplicationReferenceDataSource", request);
    }

    private ObjectNode inputJson(ApplicationSpec.InputSpec input) {
        ObjectNode node = json.createObjectNode().put("NamePrefix", input.namePrefix());
        node.putObject("KinesisFirehoseInput").put("ResourceARN", firehoseArnOf(input.deliveryStream())).put("RoleARN", S3DestinationConfig.DEFAULT_ROLE_ARN);
        node.putObject("InputParallelism").put("Count", input.parallelism());
        node.set("InputSchema", inputSchemaJson(input.format(), input.recordRowPath(), input.recordRowDelimiter(), input.recordColumnDelimiter(), input.columns()));
        return node;
    }

    private ObjectNode outputJson(ApplicationSpec.OutputSpec output) {
        ObjectNode node = json.createObjectNode().put("Name", output.name());
        node.putObject("KinesisFirehoseOutput").put("ResourceARN", firehoseArnOf(output.deliveryStream())).put("RoleARN", S3DestinationConfig.DEFAULT_ROLE_ARN);
        node.putObject("DestinationSchema").put("RecordFormatType", output.format());
        return node;
    }

    private ObjectNode inputSchemaJson(String format, String recordRowPath, String recordRowDelimiter, String recordColumnDelimiter,
            List<dev.hydrant.spi.SqlApplication.Column> columns) {
        ObjectNode schema = json.createObjectNode();
        ObjectNode recordFormat = schema.putObject("RecordFormat").put("RecordFormatType", format);
        if (format.equals("JSON")) {
            recordFormat.putObject("MappingParameters").putObject("JSONMappingParameters").put("RecordRowPath", recordRowPath == null ? "$" : recordRowPath);
        } else {
            recordFormat.putObject("MappingParameters").putObject("CSVMappingParameters")
                    .put("RecordRowDelimiter", recordRowDelimiter == null ? "\n" : recordRowDelimiter)
                    .put("RecordColumnDelimiter", recordColumnDelimiter == null ? "," : recordColumnDelimiter);
        }
        schema.put("RecordEncoding", "UTF-8");
        ArrayNode recordColumns = schema.putArray("RecordColumns");
        for (dev.hydrant.spi.SqlApplication.Column column : columns) {
            ObjectNode item = recordColumns.addObject().put("Name", column.name()).put("SqlType", column.sqlType());
            if (column.mapping() != null) {
                item.put("Mapping", column.mapping());
            }
        }
        return schema;
    }

    /** The ARN a pipeline file's delivery stream is named by; Hydrant resolves it by name. */
    static String firehoseArnOf(String deliveryStream) {
        return "arn:aws:firehose:" + ServerConfig.DEFAULT_REGION + ":" + ServerConfig.DEFAULT_ACCOUNT_ID + ":deliverystream/" + deliveryStream;
    }

    /** Any Kinesis Analytics (v1) operation ({@code X-Amz-Target: KinesisAnalytics_20150814.<operation>}); returns the response body. */
    public JsonNode kinesisAnalytics(String operation, ObjectNode request) {
        return post(KINESIS_ANALYTICS_TARGET_PREFIX + operation, request);
    }

    private JsonNode firehose(String operation, ObjectNode request) {
        return post(TARGET_PREFIX + operation, request);
    }

    private JsonNode post(String target, ObjectNode request) {
        String body;
        try {
            body = json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + target + " request", e);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/"))
                .header("X-Amz-Target", target)
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8));
        return readJson(send(builder));
    }

    private URI bucketsUri(String name) {
        return URI.create(base + BUCKETS_PATH + (name.isEmpty() ? "" : "/" + URLEncoder.encode(name, UTF_8)));
    }

    /** Sends a request; a status of 300 or more becomes a {@link HydrantClientException} with the AWS error type. */
    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(REQUEST_TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = httpClient.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new HydrantClientException(0, HydrantClientException.CONNECTION_FAILED,
                    "cannot reach Hydrant at " + endpoint + " (" + reason + "); is the server running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HydrantClientException(0, HydrantClientException.CONNECTION_FAILED, "interrupted while calling " + endpoint, e);
        }
        if (response.statusCode() >= 300) {
            throw errorOf(response);
        }
        return response;
    }

    private HydrantClientException errorOf(HttpResponse<String> response) {
        String type = response.headers().firstValue("x-amzn-ErrorType").map(value -> value.split(":")[0]).orElse("HTTP " + response.statusCode());
        String message = response.body() == null ? "" : response.body().strip();
        try {
            JsonNode body = json.readTree(response.body());
            if (body != null && body.isObject()) {
                String awsType = body.path("__type").asText("");
                // SDKs accept namespaced types too: "com.amazonaws.firehose#ResourceNotFoundException".
                type = awsType.isEmpty() ? type : awsType.substring(awsType.lastIndexOf('#') + 1);
                if (body.has("Message") && !body.has("message")) {
                    message = body.path("Message").asText();
                }
                message = body.has("message") ? body.path("message").asText() : body.path("Message").asText(message);
            }
        } catch (JsonProcessingException e) {
            // not JSON: keep the status and the raw body
        }
        return new HydrantClientException(response.statusCode(), type, message);
    }

    private JsonNode readJson(HttpResponse<String> response) {
        String body = response.body();
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new HydrantClientException(response.statusCode(), HydrantClientException.INVALID_RESPONSE,
                    "the answer from " + response.uri() + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String emptyWhenUnset(String value) {
        return value == null ? "" : value;
    }

    private ArrayNode tagsJson(Map<String, String> tags) {
        ArrayNode array = json.createArrayNode();
        tags.forEach((key, value) -> array.addObject().put("Key", key).put("Value", value));
        return array;
    }

    /** An S3 destination description, with Firehose's defaults where the server left fields out. */
    private static S3DestinationConfig destinationOf(JsonNode s3) {
        JsonNode buffering = s3.path("BufferingHints");
        String compressionName = s3.path("CompressionFormat").asText(CompressionFormat.UNCOMPRESSED.wireName());
        CompressionFormat compression = CompressionFormat.fromWireName(compressionName)
                .orElseThrow(() -> new HydrantClientException(200, HydrantClientException.INVALID_RESPONSE, "unknown CompressionFormat '" + compressionName + "'"));
        JsonNode logging = s3.path("CloudWatchLoggingOptions");
        CloudWatchLoggingOptions loggingOptions = logging.path("Enabled").asBoolean(false)
                ? new CloudWatchLoggingOptions(true, textOrNull(logging, "LogGroupName"), textOrNull(logging, "LogStreamName"))
                : CloudWatchLoggingOptions.disabled();
        return new S3DestinationConfig(
                s3.path("RoleARN").asText(""),
                s3.path("BucketARN").asText(""),
                textOrNull(s3, "Prefix"),
                textOrNull(s3, "ErrorOutputPrefix"),
                new BufferingHints(
                        buffering.path("SizeInMBs").asInt(BufferingHints.DEFAULT_SIZE_IN_MBS),
                        buffering.path("IntervalInSeconds").asInt(BufferingHints.DEFAULT_INTERVAL_IN_SECONDS)),
                compression,
                loggingOptions,
                processingOf(s3.path("ProcessingConfiguration")),
                textOrNull(s3, "FileExtension"),
                textOrNull(s3, "CustomTimeZone"),
                "Enabled".equals(s3.path("S3BackupMode").asText()) && s3.has("S3BackupDescription") ? destinationOf(s3.path("S3BackupDescription")) : null,
                s3.path("DynamicPartitioningConfiguration").path("Enabled").asBoolean(false)
                        ? new DynamicPartitioningConfig(true, s3.path("DynamicPartitioningConfiguration").path("RetryOptions")
                                .path("DurationInSeconds").asInt(DynamicPartitioningConfig.DEFAULT_RETRY_DURATION_SECONDS))
                        : DynamicPartitioningConfig.disabled(),
                dataFormatConversionOf(s3));
    }

    private static DataFormatConversion dataFormatConversionOf(JsonNode s3) {
        if (!s3.hasNonNull("DataFormatConversionConfiguration")) {
            return DataFormatConversion.disabled();
        }
        try {
            return DeliveryStreamRequests.parseDataFormatConversion(s3.get("DataFormatConversionConfiguration"));
        }
        catch (HydrantException e) {
            throw new HydrantClientException(200, HydrantClientException.INVALID_RESPONSE, "DataFormatConversionConfiguration: " + e.getMessage());
        }
    }

    private static ProcessingConfiguration processingOf(JsonNode processing) {
        if (!processing.path("Enabled").asBoolean(false)) {
            return ProcessingConfiguration.disabled();
        }
        List<ProcessingConfiguration.Processor> processors = new ArrayList<>();
        for (JsonNode processor : processing.path("Processors")) {
            Map<String, String> parameters = new LinkedHashMap<>();
            for (JsonNode parameter : processor.path("Parameters")) {
                parameters.put(parameter.path("ParameterName").asText(), parameter.path("ParameterValue").asText());
            }
            processors.add(new ProcessingConfiguration.Processor(processor.path("Type").asText(), parameters));
        }
        return new ProcessingConfiguration(true, processors);
    }

    private static DeliveryStreamStatus status(String text) {
        try {
            return DeliveryStreamStatus.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new HydrantClientException(200, HydrantClientException.INVALID_RESPONSE, "unknown DeliveryStreamStatus '" + text + "'", e);
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
