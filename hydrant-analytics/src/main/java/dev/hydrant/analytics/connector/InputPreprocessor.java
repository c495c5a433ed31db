package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An input's InputLambdaProcessor: the event KDA sends and the response it expects (aws-compat §7.3).
 * <pre>
 * event:    {"invocationId", "applicationArn", "streamArn",
 *            "records": [{"recordId", "data": base64, "kinesisFirehoseRecordMetadata": {"approximateArrivalTimestamp": ms}}]}
 * response: {"records": [{"recordId", "result": "Ok" | "Dropped" | "ProcessingFailed", "data": base64}]}
 * </pre>
 * A batch is what the source reads from one log partition in one poll, at most {@link #MAX_BATCH_RECORDS} records and
 * {@link #MAX_BATCH_BYTES} of data (base64 keeps the event under Lambda's 6 MB synchronous payload). Record ids and
 * invocation ids derive from the partition and offsets, so a batch replayed after a restart carries the same ids.
 * Every recordId must come back exactly once with a known result, as Firehose requires; otherwise the whole
 * invocation counts as failed.
 */
public final class InputPreprocessor implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int MAX_BATCH_RECORDS = 500;
    public static final long MAX_BATCH_BYTES = 3L * 1024 * 1024;
    /** How long the source waits for one invocation (the invoker also applies the function's own timeout). */
    public static final Duration INVOCATION_TIMEOUT = Duration.ofMinutes(5);
    /** The pause before re-invoking when every function worker is busy (TooManyRequests). */
    public static final Duration THROTTLED_RETRY_DELAY = Duration.ofSeconds(1);
    /** error_stream ERROR_NAME of a record the function answered ProcessingFailed for. */
    public static final String PROCESSING_FAILED = "Lambda_Processing_Failed";
    /** error_stream ERROR_NAME of every record of an invocation that failed, timed out or answered an invalid response. */
    public static final String INVOCATION_FAILED = "Lambda_Invocation_Failed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String functionArn;
    private final String applicationArn;
    private final String streamArn;

    public InputPreprocessor(String functionArn, String applicationArn, String streamArn) {
        this.functionArn = requireNonNull(functionArn, "functionArn is null");
        this.applicationArn = requireNonNull(applicationArn, "applicationArn is null");
        this.streamArn = requireNonNull(streamArn, "streamArn is null");
    }

    public String functionArn() {
        return functionArn;
    }

    /** A 56-digit id (like Firehose's) that is the same every time the record at this position is processed. */
    public static String recordId(int partition, long offset) {
        return String.format(Locale.ROOT, "%024d%032d", partition, offset);
    }

    public static String invocationId(String consumer, int partition, long firstOffset, int recordCount) {
        return UUID.nameUUIDFromBytes((consumer + "/" + partition + "/" + firstOffset + "/" + recordCount).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public byte[] event(String invocationId, int partition, List<LogRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("invocationId", invocationId);
            generator.writeStringField("applicationArn", applicationArn);
            generator.writeStringField("streamArn", streamArn);
            generator.writeArrayFieldStart("records");
            for (LogRecord record : records) {
                generator.writeStartObject();
                generator.writeStringField("recordId", recordId(partition, record.offset()));
                generator.writeFieldName("data");
                generator.writeBinary(record.data());
                generator.writeObjectFieldStart("kinesisFirehoseRecordMetadata");
                generator.writeNumberField("approximateArrivalTimestamp", record.arrivalTimestamp());
                generator.writeEndObject();
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** What the function made of one record. */
    public enum Result { OK, DROPPED, PROCESSING_FAILED }

    /** @param data the transformed record (Ok only) */
    public record Outcome(Result result, byte[] data) {}

    /** The invocation as a whole failed; every record of the batch goes to error_stream. */
    public static final class InvocationFailure extends Exception {
        private static final long serialVersionUID = 1L;

        public InvocationFailure(String message) {
            super(message);
        }
    }

    /** The outcome of each record of the batch, in batch order. */
    public List<Outcome> outcomes(FunctionResult result, int partition, List<LogRecord> records) throws InvocationFailure {
        if (result.failed()) {
            throw new InvocationFailure("function " + functionArn + " failed (" + result.functionError() + "): " + errorMessage(result.payload()));
        }
        JsonNode response;
        try {
            response = JSON.readTree(result.payload());
        } catch (IOException e) {
            throw new InvocationFailure("function " + functionArn + " returned invalid JSON");
        }
        if (response == null || !response.path("records").isArray()) {
            throw new InvocationFailure("function " + functionArn + " returned no records array");
        }
        Map<String, Outcome> byId = new HashMap<>();
        for (JsonNode answer : response.path("records")) {
            String recordId = answer.path("recordId").asText(null);
            Outcome outcome = outcome(answer);
            if (recordId == null || outcome == null) {
                throw new InvocationFailure("function " + functionArn + " returned a record without a valid recordId, result or data");
            }
            if (byId.put(recordId, outcome) != null) {
                throw new InvocationFailure("function " + functionArn + " returned recordId " + recordId + " more than once");
            }
        }
        List<Outcome> outcomes = new ArrayList<>(records.size());
        for (LogRecord record : records) {
            Outcome outcome = byId.remove(recordId(partition, record.offset()));
            if (outcome == null) {
                throw new InvocationFailure("function " + functionArn + " did not return recordId " + recordId(partition, record.offset()));
            }
            outcomes.add(outcome);
        }
        if (!byId.isEmpty()) {
            throw new InvocationFailure("function " + functionArn + " returned unknown recordIds " + byId.keySet());
        }
        return outcomes;
    }

    private static Outcome outcome(JsonNode answer) {
        String result = answer.path("result").asText("");
        switch (result) {
            case "Ok":
                JsonNode data = answer.get("data");
                if (data == null || !data.isTextual()) {
                    return null;
                }
                try {
                    return new Outcome(Result.OK, Base64.getDecoder().decode(data.asText()));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            case "Dropped":
                return new Outcome(Result.DROPPED, null);
            case "ProcessingFailed":
                return new Outcome(Result.PROCESSING_FAILED, null);
            default:
                return null;
        }
    }

    private static String errorMessage(byte[] payload) {
        try {
            JsonNode error = JSON.readTree(payload);
            if (error != null && error.hasNonNull("errorMessage")) {
                return error.path("errorType").asText("Error") + ": " + error.get("errorMessage").asText();
            }
        } catch (IOException e) {
            // not Lambda's error document; fall through to the raw text
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
