package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One thing wrong with a pipeline file.
 *
 * @param path the YAML path of the field, e.g. {@code deliveryStreams.telemetry.destination.buffering.intervalSeconds};
 *     empty for a problem with a whole file
 * @param message what is wrong, e.g. {@code must be 0..900}
 * @param location where the field was written, when the pipeline came from a file
 */
public record PipelineProblem(String path, String message, Optional<SourceLocation> location) {
    public PipelineProblem {
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
        requireNonNull(location, "location is null");
    }

    public PipelineProblem(String path, String message) {
        this(path, message, Optional.empty());
    }

    /** {@code pipeline.yaml:12:7: deliveryStreams.telemetry.destination.buffering.intervalSeconds: must be 0..900}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        location.ifPresent(where -> text.append(where).append(": "));
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        return text.append(message).toString();
    }
}
