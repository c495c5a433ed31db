package dev.hydrant.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessorRecord;
import dev.hydrant.spi.RecordProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Firehose's CloudWatchLogProcessing processor, which follows Decompression. With {@code DataMessageExtraction}
 * on, a {@code DATA_MESSAGE} becomes one record per {@code logEvents[].message}, each ending in a newline (AWS shows
 * extracted messages one per line, and without it they would run together in the object), and a
 * {@code CONTROL_MESSAGE} (CloudWatch Logs' reachability check) is dropped. Anything else fails with
 * {@code CloudWatchLogProcessing.InvalidMessage}. With extraction off, records pass through unchanged.
 */
public final class CloudWatchLogProcessing implements RecordProcessor {
    public static final String DATA_MESSAGE = "DATA_MESSAGE";
    public static final String CONTROL_MESSAGE = "CONTROL_MESSAGE";

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final byte NEWLINE = '\n';

    private final CloudWatchLogProcessingConfig config;

    public CloudWatchLogProcessing(CloudWatchLogProcessingConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public CompletableFuture<List<ProcessingResult>> process(List<ProcessorRecord> records) {
        List<ProcessingResult> results = new ArrayList<>(records.size());
        for (ProcessorRecord record : records) {
            results.add(config.dataMessageExtraction() ? extractMessages(record) : ProcessingResult.Ok.of(record));
        }
        return CompletableFuture.completedFuture(results);
    }

    private static ProcessingResult extractMessages(ProcessorRecord record) {
        JsonNode message;
        try {
            message = MAPPER.readTree(record.data());
        }
        catch (JsonProcessingException e) {
            return invalid("Record is not a CloudWatch Logs subscription message (not JSON; is Decompression configured before it?): " + e.getOriginalMessage());
        }
        catch (IOException e) {
            throw new UncheckedIOException("reading a byte array failed", e);
        }
        if (message == null || !message.isObject()) {
            return invalid("Record is not a CloudWatch Logs subscription message: not a JSON object");
        }
        String messageType = message.path("messageType").asText("");
        if (messageType.equals(CONTROL_MESSAGE)) {
            return new ProcessingResult.Dropped();
        }
        if (!messageType.equals(DATA_MESSAGE)) {
            return invalid("Record has messageType '" + messageType + "', expected DATA_MESSAGE or CONTROL_MESSAGE");
        }
        JsonNode logEvents = message.get("logEvents");
        if (logEvents == null || !logEvents.isArray()) {
            return invalid("DATA_MESSAGE has no logEvents array");
        }
        List<ProcessorRecord> extracted = new ArrayList<>(logEvents.size());
        for (int index = 0; index < logEvents.size(); index++) {
            JsonNode text = logEvents.get(index).get("message");
            if (text == null || !text.isTextual()) {
                return invalid("logEvents[" + index + "].message is missing or not a string");
            }
            byte[] bytes = text.asText().getBytes(UTF_8);
            byte[] line = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, line, 0, bytes.length);
            line[bytes.length] = NEWLINE;
            extracted.add(record.withData(line));
        }
        if (extracted.isEmpty()) {
            return new ProcessingResult.Dropped();
        }
        return new ProcessingResult.Ok(extracted);
    }

    private static ProcessingResult invalid(String message) {
        return ProcessorErrorCode.CLOUD_WATCH_LOGS_MESSAGE_INVALID.failure(message);
    }
}
