package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.control.ProcessingConfiguration.Processor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks processors against the rules of their type and returns every problem at once, each prefixed with the path
 * of its field ({@code Processors[1].Parameters.SubRecordType: must be JSON or DELIMITED, was 'XML'}). Covers the
 * built-in types and the parameters of {@code Lambda}.
 */
public final class ProcessorValidator {
    private ProcessorValidator() {}

    /** Every problem of the processors of {@code configuration}, whose paths start with {@code path}{@code .Processors[i]}. */
    public static List<String> validate(ProcessingConfiguration configuration, String path) {
        requireNonNull(configuration, "configuration is null");
        requireNonNull(path, "path is null");
        List<String> problems = new ArrayList<>();
        boolean decompressed = false;
        List<Processor> processors = configuration.processors();
        for (int index = 0; index < processors.size(); index++) {
            String processorPath = (path.isEmpty() ? "" : path + ".") + "Processors[" + index + "]";
            Processor processor = processors.get(index);
            problems.addAll(validate(processor, processorPath));
            if (processor.type().equals(ProcessorType.DECOMPRESSION.wireName())) {
                decompressed = true;
            }
            if (processor.type().equals(ProcessorType.CLOUD_WATCH_LOG_PROCESSING.wireName()) && !decompressed) {
                problems.add(processorPath + ".Type: CloudWatchLogProcessing needs a Decompression processor before it");
            }
        }
        return List.copyOf(problems);
    }

    /** Every problem of one processor, each prefixed with {@code path} (e.g. {@code Processors[1]}). */
    public static List<String> validate(Processor processor, String path) {
        requireNonNull(processor, "processor is null");
        requireNonNull(path, "path is null");
        List<String> problems = new ArrayList<>();
        Optional<ProcessorType> type = ProcessorType.fromWireName(processor.type());
        if (type.isEmpty()) {
            problems.add(path + ".Type: unknown processor type '" + processor.type() + "'; must be one of " + String.join(", ", ProcessorType.wireNames()));
            return problems;
        }
        parse(type.get(), processor, path, problems);
        return List.copyOf(problems);
    }

    /** The typed config of {@code processor}, or null when {@code problems} got one. */
    static Object parse(ProcessorType type, Processor processor, String path, List<String> problems) {
        switch (type) {
            case LAMBDA:
                return LambdaProcessorConfig.from(processor, path, problems);
            case APPEND_DELIMITER_TO_RECORD:
                return AppendDelimiterToRecordConfig.from(processor, path, problems);
            case METADATA_EXTRACTION:
                return MetadataExtractionConfig.from(processor, path, problems);
            case RECORD_DE_AGGREGATION:
                return RecordDeAggregationConfig.from(processor, path, problems);
            case DECOMPRESSION:
                return DecompressionConfig.from(processor, path, problems);
            case CLOUD_WATCH_LOG_PROCESSING:
                return CloudWatchLogProcessingConfig.from(processor, path, problems);
        }
        throw new IllegalStateException("unhandled processor type " + type);
    }
}
