package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import dev.hydrant.control.ProcessingConfiguration.Processor;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.RecordProcessor;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link RecordProcessor} of a built-in processor type from its validated parameters. {@code Lambda}
 * processors are not built-in: {@link #isBuiltIn} tells the caller to build those itself.
 */
public final class BuiltInProcessorFactory {
    private BuiltInProcessorFactory() {}

    public static boolean isBuiltIn(Processor processor) {
        requireNonNull(processor, "processor is null");
        return ProcessorType.fromWireName(processor.type()).filter(type -> type != ProcessorType.LAMBDA).isPresent();
    }

    /**
     * @throws IllegalArgumentException for a Lambda processor
     * @throws HydrantException ({@code InvalidArgumentException}) listing every problem of an invalid processor
     */
    public static RecordProcessor create(Processor processor) {
        requireNonNull(processor, "processor is null");
        ProcessorType type = ProcessorType.fromWireName(processor.type())
                .orElseThrow(() -> new HydrantException(ErrorCode.INVALID_ARGUMENT, "Unknown processor type '" + processor.type() + "'"));
        if (type == ProcessorType.LAMBDA) {
            throw new IllegalArgumentException("Lambda processors are not built-in; build them with the function runtime");
        }
        List<String> problems = new ArrayList<>();
        Object config = ProcessorValidator.parse(type, processor, type.wireName(), problems);
        if (!problems.isEmpty()) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Invalid " + type.wireName() + " processor: " + String.join("; ", problems));
        }
        switch (type) {
            case APPEND_DELIMITER_TO_RECORD:
                return new AppendDelimiterToRecord((AppendDelimiterToRecordConfig) config);
            case METADATA_EXTRACTION:
                return new MetadataExtraction((MetadataExtractionConfig) config);
            case RECORD_DE_AGGREGATION:
                return new RecordDeAggregation((RecordDeAggregationConfig) config);
            case DECOMPRESSION:
                return new Decompression((DecompressionConfig) config);
            case CLOUD_WATCH_LOG_PROCESSING:
                return new CloudWatchLogProcessing((CloudWatchLogProcessingConfig) config);
            case LAMBDA:
                break;
        }
        throw new IllegalStateException("unhandled processor type " + type);
    }
}
