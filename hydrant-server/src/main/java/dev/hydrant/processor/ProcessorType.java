package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The Firehose processor types, each with the parameter names it accepts (AWS's {@code ProcessorParameterName} values). */
public enum ProcessorType {
    LAMBDA("Lambda", Set.of("LambdaArn", "NumberOfRetries", "RoleArn", "BufferSizeInMBs", "BufferIntervalInSeconds")),
    APPEND_DELIMITER_TO_RECORD("AppendDelimiterToRecord", Set.of("Delimiter")),
    METADATA_EXTRACTION("MetadataExtraction", Set.of("MetadataExtractionQuery", "JsonParsingEngine")),
    RECORD_DE_AGGREGATION("RecordDeAggregation", Set.of("SubRecordType", "Delimiter")),
    DECOMPRESSION("Decompression", Set.of("CompressionFormat")),
    CLOUD_WATCH_LOG_PROCESSING("CloudWatchLogProcessing", Set.of("DataMessageExtraction"));

    private final String wireName;
    private final Set<String> parameterNames;

    ProcessorType(String wireName, Set<String> parameterNames) {
        this.wireName = requireNonNull(wireName, "wireName is null");
        this.parameterNames = Set.copyOf(requireNonNull(parameterNames, "parameterNames is null"));
    }

    /** The {@code Type} value in the Firehose API. */
    public String wireName() {
        return wireName;
    }

    public Set<String> parameterNames() {
        return parameterNames;
    }

    public static Optional<ProcessorType> fromWireName(String wireName) {
        requireNonNull(wireName, "wireName is null");
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(ProcessorType::wireName).toList();
    }
}
