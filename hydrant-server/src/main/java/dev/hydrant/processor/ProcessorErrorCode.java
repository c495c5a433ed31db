package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.ProcessingResult;

/**
 * The {@code errorCode} values of records that Hydrant's built-in processors fail. They land in the record's
 * {@code processing-failed} error document. AWS documents the error prefixes but not these codes; the names follow
 * the {@code Service.Reason} style of the codes it does document ({@code Lambda.FunctionError}).
 */
public enum ProcessorErrorCode {
    /** MetadataExtraction: the record is not JSON, the jq query failed, or its result is not an object of scalars. */
    METADATA_EXTRACTION_FAILED("DynamicPartitioning.MetadataExtractionFailed"),
    /** RecordDeAggregation: the record is not a sequence of JSON objects, or a KPL aggregate is corrupt. */
    DE_AGGREGATION_FAILED("RecordDeAggregation.Failed"),
    /** Decompression: the record is not a valid gzip stream, or inflates past the size limit. */
    DECOMPRESSION_FAILED("Decompression.Failed"),
    /** CloudWatchLogProcessing: the record is not a CloudWatch Logs subscription message. */
    CLOUD_WATCH_LOGS_MESSAGE_INVALID("CloudWatchLogProcessing.InvalidMessage");

    private final String wireName;

    ProcessorErrorCode(String wireName) {
        this.wireName = requireNonNull(wireName, "wireName is null");
    }

    public String wireName() {
        return wireName;
    }

    /** A failed result of a built-in processor: one attempt, no processor ARN. */
    public ProcessingResult.ProcessingFailed failure(String errorMessage) {
        return new ProcessingResult.ProcessingFailed(wireName, errorMessage, 1, null);
    }
}
