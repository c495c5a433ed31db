package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionInvoker;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessingResult.Dropped;
import dev.hydrant.spi.ProcessingResult.Ok;
import dev.hydrant.spi.ProcessingResult.ProcessingFailed;
import dev.hydrant.spi.ProcessorRecord;
import dev.hydrant.spi.RecordProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firehose's data transformation contract with a Lambda function (the {@code Lambda} processor).
 *
 * <ul>
 *   <li>A batch becomes one or more invocations: the event is {@code {invocationId, deliveryStreamArn, region,
 *       records: [{recordId, approximateArrivalTimestamp, data}]}} and stays under Lambda's 6 MB payload limit;
 *       larger batches are split. All invocations of a batch run at once.
 *   <li>Every input recordId must come back exactly once with {@code result} Ok, Dropped or ProcessingFailed, and
 *       Ok records carry base64 {@code data} (and optionally {@code metadata.partitionKeys}). A response that breaks
 *       this fails the whole invocation: {@code Lambda.DuplicatedRecordId}, {@code Lambda.MissingRecordId} or
 *       {@code Lambda.JsonProcessingException}.
 *   <li>A failed invocation (function error, timeout, unknown function, throttling, bad response) is retried
 *       NumberOfRetries times with exponential backoff; then each of its records becomes ProcessingFailed with the
 *       last error code, and goes to the {@code processing-failed} error output.
 *   <li>A record the function marks ProcessingFailed gets error code {@code Lambda.ProcessingFailedStatus}.
 * </ul>
 */
public final class LambdaProcessor implements RecordProcessor {
    /** Lambda's limit for a synchronous request payload is 6 MB; stay under it with room for JSON framing. */
    public static final int MAX_REQUEST_BYTES = 6 * 1000 * 1000;
    public static final String FUNCTION_ERROR = "Lambda.FunctionError";
    public static final String MISSING_RECORD_ID = "Lambda.MissingRecordId";
    public static final String DUPLICATED_RECORD_ID = "Lambda.DuplicatedRecordId";
    public static final String JSON_PROCESSING = "Lambda.JsonProcessingException";
    public static final String RESOURCE_NOT_FOUND = "Lambda.ResourceNotFound";
    public static final String INVOKE_LIMIT_EXCEEDED = "Lambda.InvokeLimitExceeded";
    public static final String PROCESSING_FAILED_STATUS = "Lambda.ProcessingFailedStatus";
    static final int RECORD_OVERHEAD_BYTES = 160;
    private static final Logger LOG = LoggerFactory.getLogger(LambdaProcessor.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final LambdaProcessorConfig config;
    private final String deliveryStreamArn;
    private final String region;
    private final FunctionInvoker invoker;
    private final ScheduledExecutorService scheduler;
    private final EpochClock clock;
    private final Duration initialBackoff;
    private final AtomicLong invocations = new AtomicLong();

    public LambdaProcessor(
            LambdaProcessorConfig config,
            String deliveryStreamArn,
            String region,
            FunctionInvoker invoker,
            ScheduledExecutorService scheduler,
            EpochClock clock,
            Duration initialBackoff) {
        this.config = requireNonNull(config, "config is null");
        this.deliveryStreamArn = requireNonNull(deliveryStreamArn, "deliveryStreamArn is null");
        this.region = requireNonNull(region, "region is null");
        this.invoker = requireNonNull(invoker, "invoker is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.initialBackoff = requireNonNull(initialBackoff, "initialBackoff is null");
    }

    public LambdaProcessorConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<List<ProcessingResult>> process(List<ProcessorRecord> records) {
        requireNonNull(records, "records is null");
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<List<ProcessorRecord>> chunks = split(records);
        List<CompletableFuture<List<ProcessingResult>>> futures = new ArrayList<>(chunks.size());
        for (List<ProcessorRecord> chunk : chunks) {
            futures.add(invokeWithRetries(chunk, 1));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<ProcessingResult> results = new ArrayList<>(records.size());
            for (CompletableFuture<List<ProcessingResult>> future : futures) {
                results.addAll(future.join());
            }
            return results;
        });
    }

    /** Splits a batch so that each invocation's event stays under {@link #MAX_REQUEST_BYTES}. */
    static List<List<ProcessorRecord>> split(List<ProcessorRecord> records) {
        List<List<ProcessorRecord>> chunks = new ArrayList<>();
        List<ProcessorRecord> current = new ArrayList<>();
        long currentBytes = 512;
        for (ProcessorRecord record : records) {
            long recordBytes = base64Length(record.data().length) + RECORD_OVERHEAD_BYTES;
            if (!current.isEmpty() && currentBytes + recordBytes > MAX_REQUEST_BYTES) {
                chunks.add(current);
                current = new ArrayList<>();
                currentBytes = 512;
            }
            current.add(record);
            currentBytes += recordBytes;
        }
        chunks.add(current);
        return chunks;
    }

    private static long base64Length(int length) {
        return 4L * ((length + 2) / 3);
    }

    private CompletableFuture<List<ProcessingResult>> invokeWithRetries(List<ProcessorRecord> records, int attempt) {
        String invocationId = UUID.randomUUID().toString();
        List<String> recordIds = recordIds(records.size());
        byte[] event;
        try {
            event = event(invocationId, records, recordIds);
        }
        catch (IOException e) {
            return CompletableFuture.failedFuture(new HydrantException(ErrorCode.INTERNAL_FAILURE, "Cannot build the Lambda event: " + e.getMessage(), e));
        }
        CompletableFuture<FunctionResult> invocation;
        try {
            invocation = invoker.invoke(config.lambdaArn(), event);
        }
        catch (RuntimeException e) {
            invocation = CompletableFuture.failedFuture(e);
        }
        return invocation.handle((result, failure) -> {
            if (failure != null) {
                return Outcome.failed(invokeErrorCode(failure), invokeErrorMessage(failure));
            }
            return readResponse(result, records, recordIds, attempt);
        }).thenCompose(outcome -> {
            if (outcome.results() != null) {
                return CompletableFuture.completedFuture(outcome.results());
            }
            if (attempt <= config.numberOfRetries()) {
                long backoffMillis = Math.min(30_000, initialBackoff.toMillis() << Math.min(20, attempt - 1));
                LOG.debug("Invocation {} of {} failed ({}: {}); retry {} of {} in {} ms",
                        invocationId, config.lambdaArn(), outcome.errorCode(), outcome.errorMessage(), attempt, config.numberOfRetries(), backoffMillis);
                CompletableFuture<List<ProcessingResult>> retry = new CompletableFuture<>();
                scheduler.schedule(() -> invokeWithRetries(records, attempt + 1).whenComplete((results, error) -> {
                    if (error != null) {
                        retry.completeExceptionally(error);
                    }
                    else {
                        retry.complete(results);
                    }
                }), backoffMillis, TimeUnit.MILLISECONDS);
                return retry;
            }
            LOG.debug("Invocation of {} failed after {} attempts ({}); {} records go to the processing-failed output",
                    config.lambdaArn(), attempt, outcome.errorCode(), records.size());
            ProcessingFailed failed = new ProcessingFailed(outcome.errorCode(), outcome.errorMessage(), attempt, config.lambdaArn());
            List<ProcessingResult> results = new ArrayList<>(records.size());
            for (int index = 0; index < records.size(); index++) {
                results.add(failed);
            }
            return CompletableFuture.completedFuture(results);
        });
    }

    /** Firehose-style record ids: 56 digits, unique within the invocation and across this processor's life. */
    private List<String> recordIds(int count) {
        long invocation = invocations.incrementAndGet();
        String base = String.format("%020d%016d", clock.millis(), invocation);
        List<String> ids = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            ids.add(base + String.format("%020d", index));
        }
        return ids;
    }

    private byte[] event(String invocationId, List<ProcessorRecord> records, List<String> recordIds) throws IOException {
        long estimate = 512;
        for (ProcessorRecord record : records) {
            estimate += base64Length(record.data().length) + RECORD_OVERHEAD_BYTES;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, estimate));
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("invocationId", invocationId);
            generator.writeStringField("deliveryStreamArn", deliveryStreamArn);
            generator.writeStringField("region", region);
            generator.writeArrayFieldStart("records");
            for (int index = 0; index < records.size(); index++) {
                ProcessorRecord record = records.get(index);
                generator.writeStartObject();
                generator.writeStringField("recordId", recordIds.get(index));
                generator.writeNumberField("approximateArrivalTimestamp", record.arrivalTimestamp());
                generator.writeFieldName("data");
                generator.writeBinary(record.data());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        }
        return out.toByteArray();
    }

    private Outcome readResponse(FunctionResult result, List<ProcessorRecord> records, List<String> recordIds, int attempt) {
        if (result.failed()) {
            return Outcome.failed(FUNCTION_ERROR, functionErrorMessage(result.payload()));
        }
        JsonNode response;
        try {
            response = MAPPER.readTree(result.payload());
        }
        catch (IOException e) {
            return Outcome.failed(JSON_PROCESSING, "The Lambda function's response is not valid JSON: " + e.getMessage());
        }
        JsonNode responseRecords = response == null ? null : response.get("records");
        if (responseRecords == null || !responseRecords.isArray()) {
            return Outcome.failed(JSON_PROCESSING, "The Lambda function's response has no \"records\" array");
        }
        Map<String, Integer> indexById = new HashMap<>(recordIds.size() * 2);
        for (int index = 0; index < recordIds.size(); index++) {
            indexById.put(recordIds.get(index), index);
        }
        ProcessingResult[] results = new ProcessingResult[records.size()];
        for (JsonNode responseRecord : responseRecords) {
            JsonNode recordIdNode = responseRecord.get("recordId");
            if (recordIdNode == null || !recordIdNode.isTextual()) {
                return Outcome.failed(JSON_PROCESSING, "A record in the Lambda function's response has no recordId");
            }
            String recordId = recordIdNode.textValue();
            Integer index = indexById.get(recordId);
            if (index == null) {
                return Outcome.failed(MISSING_RECORD_ID, "The Lambda function's response has recordId " + recordId + ", which was not in the request");
            }
            if (results[index] != null) {
                return Outcome.failed(DUPLICATED_RECORD_ID, "The Lambda function's response has recordId " + recordId + " more than once");
            }
            JsonNode resultNode = responseRecord.get("result");
            String status = resultNode == null ? null : resultNode.asText();
            if ("Ok".equals(status)) {
                JsonNode data = responseRecord.get("data");
                byte[] bytes;
                try {
                    bytes = data == null || data.isNull() ? null : Base64.getDecoder().decode(data.asText());
                }
                catch (IllegalArgumentException e) {
                    return Outcome.failed(JSON_PROCESSING, "The data of recordId " + recordId + " is not valid base64");
                }
                if (bytes == null) {
                    return Outcome.failed(JSON_PROCESSING, "Record " + recordId + " has result Ok but no data");
                }
                Map<String, String> partitionKeys = partitionKeys(responseRecord.path("metadata").path("partitionKeys"));
                if (partitionKeys == null) {
                    return Outcome.failed(JSON_PROCESSING, "The metadata.partitionKeys of recordId " + recordId + " is not an object of strings");
                }
                ProcessorRecord input = records.get(index);
                Map<String, String> keysFromLambda = partitionKeys.isEmpty() ? input.keysFromLambda() : partitionKeys;
                results[index] = Ok.of(new ProcessorRecord(bytes, input.arrivalTimestamp(), input.keysFromQuery(), keysFromLambda));
            }
            else if ("Dropped".equals(status)) {
                results[index] = new Dropped();
            }
            else if ("ProcessingFailed".equals(status)) {
                results[index] = new ProcessingFailed(PROCESSING_FAILED_STATUS, "ProcessingFailed status set for record", attempt, config.lambdaArn());
            }
            else {
                return Outcome.failed(JSON_PROCESSING, "Record " + recordId + " has result " + (status == null ? "missing" : "'" + status + "'")
                        + "; it must be Ok, Dropped or ProcessingFailed");
            }
        }
        for (int index = 0; index < results.length; index++) {
            if (results[index] == null) {
                return Outcome.failed(MISSING_RECORD_ID, "The Lambda function's response lacks recordId " + recordIds.get(index));
            }
        }
        return Outcome.succeeded(List.of(results));
    }

    private static Map<String, String> partitionKeys(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            return null;
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                return null;
            }
            keys.put(field.getKey(), field.getValue().asText());
        }
        return keys;
    }

    private static String functionErrorMessage(byte[] payload) {
        try {
            JsonNode error = MAPPER.readTree(payload);
            if (error != null && error.hasNonNull("errorMessage")) {
                String type = error.path("errorType").asText("");
                return type.isEmpty() ? error.get("errorMessage").asText() : type + ": " + error.get("errorMessage").asText();
            }
        }
        catch (IOException e) {
            // not an error document; use the raw text below
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        return "The Lambda function failed: " + (text.length() > 512 ? text.substring(0, 512) : text);
    }

    private static String invokeErrorCode(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof HydrantException hydrantException) {
            if (hydrantException.errorCode() == ErrorCode.RESOURCE_NOT_FOUND) {
                return RESOURCE_NOT_FOUND;
            }
            if (hydrantException.errorCode() == ErrorCode.TOO_MANY_REQUESTS || hydrantException.errorCode() == ErrorCode.SERVICE_UNAVAILABLE) {
                return INVOKE_LIMIT_EXCEEDED;
            }
        }
        return FUNCTION_ERROR;
    }

    private static String invokeErrorMessage(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Either the per-record results of a successful invocation, or why the invocation failed. */
    private record Outcome(List<ProcessingResult> results, String errorCode, String errorMessage) {
        static Outcome succeeded(List<ProcessingResult> results) {
            return new Outcome(results, null, null);
        }

        static Outcome failed(String errorCode, String errorMessage) {
            return new Outcome(null, errorCode, errorMessage);
        }
    }
}
