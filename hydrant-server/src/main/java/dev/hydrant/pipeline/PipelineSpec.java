package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The buckets, delivery streams, functions and SQL applications of one pipeline: a file, or every file of a directory merged.
 *
 * @param buckets in the order they were declared
 * @param deliveryStreams in the order they were declared
 * @param locations where each YAML path was written; empty for a pipeline built in code
 */
public record PipelineSpec(List<BucketSpec> buckets, List<DeliveryStreamSpec> deliveryStreams, List<FunctionSpec> functions, List<ApplicationSpec> applications,
        Map<String, SourceLocation> locations) {
    public PipelineSpec {
        buckets = List.copyOf(requireNonNull(buckets, "buckets is null"));
        functions = List.copyOf(requireNonNull(functions, "functions is null"));
        deliveryStreams = List.copyOf(requireNonNull(deliveryStreams, "deliveryStreams is null"));
        applications = List.copyOf(requireNonNull(applications, "applications is null"));
        locations = Map.copyOf(requireNonNull(locations, "locations is null"));
    }

    public PipelineSpec(List<BucketSpec> buckets, List<DeliveryStreamSpec> deliveryStreams, List<FunctionSpec> functions, Map<String, SourceLocation> locations) {
        this(buckets, deliveryStreams, functions, List.of(), locations);
    }

    public PipelineSpec(List<BucketSpec> buckets, List<DeliveryStreamSpec> deliveryStreams) {
        this(buckets, deliveryStreams, List.of(), Map.of());
    }

    public PipelineSpec(List<BucketSpec> buckets, List<DeliveryStreamSpec> deliveryStreams, Map<String, SourceLocation> locations) {
        this(buckets, deliveryStreams, List.of(), locations);
    }

    public Optional<FunctionSpec> function(String name) {
        return functions.stream().filter(function -> function.name().equals(name)).findFirst();
    }

    public Optional<ApplicationSpec> application(String name) {
        return applications.stream().filter(application -> application.name().equals(name)).findFirst();
    }

    public Optional<DeliveryStreamSpec> deliveryStream(String name) {
        return deliveryStreams.stream().filter(deliveryStream -> deliveryStream.name().equals(name)).findFirst();
    }

    public boolean declaresBucket(String name) {
        return buckets.stream().anyMatch(bucket -> bucket.name().equals(name));
    }

    /** Where {@code path} was written or, failing that, its closest written ancestor ({@code a.b[2].c} → {@code a.b[2]} → {@code a.b} → {@code a}). */
    public Optional<SourceLocation> locate(String path) {
        String candidate = path;
        while (!candidate.isEmpty()) {
            SourceLocation location = locations.get(candidate);
            if (location != null) {
                return Optional.of(location);
            }
            candidate = parentPath(candidate);
        }
        return Optional.empty();
    }

    private static String parentPath(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
