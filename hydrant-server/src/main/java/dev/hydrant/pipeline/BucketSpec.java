package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

/** A bucket a pipeline file declares under {@code buckets:}; apply creates it when missing. */
public record BucketSpec(String name) {
    public BucketSpec {
        requireNonNull(name, "name is null");
    }
}
