package dev.hydrant.processor;

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
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Firehose's MetadataExtraction processor (dynamic partitioning with inline parsing): evaluates the jq query on each
 * JSON record and sets the record's {@code partitionKeyFromQuery} keys from the result, which must be exactly one
 * object whose values are strings, numbers or booleans. The record's bytes pass through unchanged. A record that is
 * not one JSON value, a query error, or any other result fails the record with
 * {@code DynamicPartitioning.MetadataExtractionFailed}.
 */
public final class MetadataExtraction implements RecordProcessor {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Scope BUILT_IN_SCOPE = builtInScope();

    private final MetadataExtractionConfig config;

    public MetadataExtraction(MetadataExtractionConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public CompletableFuture<List<ProcessingResult>> process(List<ProcessorRecord> records) {
        List<ProcessingResult> results = new ArrayList<>(records.size());
        for (ProcessorRecord record : records) {
            results.add(process(record));
        }
        return CompletableFuture.completedFuture(results);
    }

    private ProcessingResult process(ProcessorRecord record) {
        JsonNode input;
        try {
            input = MAPPER.readTree(record.data());
        }
        catch (JsonProcessingException e) {
            return failure("Record is not valid JSON: " + e.getOriginalMessage());
        }
        catch (IOException e) {
            throw new UncheckedIOException("reading a byte array failed", e);
        }
        if (input == null || input.isMissingNode()) {
            return failure("Record is empty, not JSON");
        }
        List<JsonNode> outputs = new ArrayList<>(1);
        try {
            config.compiledQuery().apply(Scope.newChildScope(BUILT_IN_SCOPE), input, outputs::add);
        }
        catch (JsonQueryException e) {
            return failure("MetadataExtractionQuery failed: " + e.getMessage());
        }
        catch (RuntimeException e) {
            return failure("MetadataExtractionQuery failed: " + e);
        }
        if (outputs.size() != 1) {
            return failure("MetadataExtractionQuery must produce exactly one object, produced " + outputs.size() + " values");
        }
        JsonNode output = outputs.get(0);
        if (!output.isObject()) {
            return failure("MetadataExtractionQuery must produce an object, produced " + output.getNodeType().name().toLowerCase(Locale.ROOT) + " " + abbreviate(output.toString()));
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : output.properties()) {
            JsonNode value = field.getValue();
            if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
                return failure("Partition key '" + field.getKey() + "' must be a string, number or boolean, was " + value.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            keys.put(field.getKey(), keyText(value));
        }
        return ProcessingResult.Ok.of(new ProcessorRecord(record.data(), record.arrivalTimestamp(), keys, record.keysFromLambda()));
    }

    /** A key's text as jq prints it: integral numbers without a fraction or exponent ({@code 1630060215}, not {@code 1.630060215E9}). */
    static String keyText(JsonNode value) {
        if (!value.isNumber() || value.isIntegralNumber()) {
            return value.asText();
        }
        double number = value.asDouble();
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            return value.asText();
        }
        if (number == Math.rint(number) && Math.abs(number) < 1e17) {
            return Long.toString((long) number);
        }
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }

    private static ProcessingResult failure(String message) {
        return ProcessorErrorCode.METADATA_EXTRACTION_FAILED.failure(message);
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    private static Scope builtInScope() {
        Scope scope = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, scope);
        JqTimeFunctions.register(scope);
        return scope;
    }
}
