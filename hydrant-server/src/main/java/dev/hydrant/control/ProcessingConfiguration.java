package dev.hydrant.control;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Firehose ProcessingConfiguration: an ordered list of record processors. */
public record ProcessingConfiguration(boolean enabled, List<Processor> processors) {
    public ProcessingConfiguration {
        processors = List.copyOf(requireNonNull(processors, "processors is null"));
    }

    public static ProcessingConfiguration disabled() {
        return new ProcessingConfiguration(false, List.of());
    }

    /** One processor: its Type (Lambda, AppendDelimiterToRecord, ...) and its parameters by ParameterName. */
    public record Processor(String type, Map<String, String> parameters) {
        public Processor {
            requireNonNull(type, "type is null");
            // keep the order they were given in: DescribeDeliveryStream returns them as created
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(parameters, "parameters is null")));
        }
    }
}
