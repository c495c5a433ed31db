package dev.hydrant.application;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/** A CreateApplication request, parsed and checked for shape (a missing description or code is empty); the manager checks it against the server's state. */
public record NewApplication(String name, String description, String code, List<ApplicationInput> inputs, List<ApplicationOutput> outputs,
        List<CloudWatchLoggingOption> cloudWatchLoggingOptions, Map<String, String> tags) {
    public NewApplication {
        requireNonNull(name, "name is null");
        description = description == null ? "" : description;
        code = code == null ? "" : code;
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        cloudWatchLoggingOptions = List.copyOf(requireNonNull(cloudWatchLoggingOptions, "cloudWatchLoggingOptions is null"));
        tags = Map.copyOf(requireNonNull(tags, "tags is null"));
    }
}
