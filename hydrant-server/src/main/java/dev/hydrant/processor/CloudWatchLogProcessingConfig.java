package dev.hydrant.processor;

import dev.hydrant.control.ProcessingConfiguration.Processor;
import java.util.List;
import java.util.Locale;

/**
 * CloudWatchLogProcessing settings. {@code DataMessageExtraction} is {@code true} or {@code false} (any case);
 * left out, it is false and the processor passes records through.
 */
public record CloudWatchLogProcessingConfig(boolean dataMessageExtraction) {
    static CloudWatchLogProcessingConfig from(Processor processor, String path, List<String> problems) {
        ProcessorParameters parameters = new ProcessorParameters(processor, ProcessorType.CLOUD_WATCH_LOG_PROCESSING, path);
        String value = parameters.optional("DataMessageExtraction", "false");
        boolean extraction = false;
        if (value != null && parameters.checkOneOf("DataMessageExtraction", value.toLowerCase(Locale.ROOT), List.of("true", "false"))) {
            extraction = Boolean.parseBoolean(value);
        }
        problems.addAll(parameters.problems());
        return parameters.hasProblems() ? null : new CloudWatchLogProcessingConfig(extraction);
    }
}
