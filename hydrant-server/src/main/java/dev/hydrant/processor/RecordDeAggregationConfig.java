package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import dev.hydrant.control.ProcessingConfiguration.Processor;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * RecordDeAggregation settings. {@code SubRecordType} is {@code JSON} (concatenated or newline-separated JSON
 * objects) or {@code DELIMITED}, which needs a {@code Delimiter}, base64-encoded as AWS documents it ({@code IyMjIw==}
 * for {@code ####}). A {@code Delimiter} given with {@code JSON} is ignored.
 *
 * @param delimiter the decoded delimiter for DELIMITED, an empty array for JSON
 */
public record RecordDeAggregationConfig(SubRecordType subRecordType, byte[] delimiter) {
    public enum SubRecordType {
        JSON,
        DELIMITED
    }

    public RecordDeAggregationConfig {
        requireNonNull(subRecordType, "subRecordType is null");
        delimiter = requireNonNull(delimiter, "delimiter is null").clone();
        if (subRecordType == SubRecordType.DELIMITED && delimiter.length == 0) {
            throw new IllegalArgumentException("DELIMITED needs a delimiter");
        }
    }

    public static RecordDeAggregationConfig json() {
        return new RecordDeAggregationConfig(SubRecordType.JSON, new byte[0]);
    }

    public static RecordDeAggregationConfig delimited(byte[] delimiter) {
        return new RecordDeAggregationConfig(SubRecordType.DELIMITED, delimiter);
    }

    @Override
    public byte[] delimiter() {
        return delimiter.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordDeAggregationConfig that && subRecordType == that.subRecordType && Arrays.equals(delimiter, that.delimiter);
    }

    @Override
    public int hashCode() {
        return subRecordType.hashCode() * 31 + Arrays.hashCode(delimiter);
    }

    @Override
    public String toString() {
        return "RecordDeAggregationConfig[subRecordType=" + subRecordType + ", delimiter=" + Base64.getEncoder().encodeToString(delimiter) + "]";
    }

    static RecordDeAggregationConfig from(Processor processor, String path, List<String> problems) {
        ProcessorParameters parameters = new ProcessorParameters(processor, ProcessorType.RECORD_DE_AGGREGATION, path);
        String type = parameters.required("SubRecordType");
        RecordDeAggregationConfig config = null;
        if (type != null && parameters.checkOneOf("SubRecordType", type, List.of("JSON", "DELIMITED"))) {
            if (type.equals("JSON")) {
                config = json();
            }
            else {
                String encoded = parameters.required("Delimiter");
                if (encoded != null) {
                    try {
                        byte[] delimiter = Base64.getDecoder().decode(encoded.trim());
                        if (delimiter.length == 0) {
                            parameters.problem("Delimiter", "must decode to at least one byte");
                        }
                        else {
                            config = delimited(delimiter);
                        }
                    }
                    catch (IllegalArgumentException e) {
                        parameters.problem("Delimiter", "must be base64-encoded (e.g. IyMjIw== for ####): " + e.getMessage());
                    }
                }
            }
        }
        problems.addAll(parameters.problems());
        return parameters.hasProblems() ? null : config;
    }
}
