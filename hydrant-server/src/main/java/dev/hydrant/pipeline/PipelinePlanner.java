package dev.hydrant.pipeline;

import java.util.TreeMap;
import dev.hydrant.function.FunctionCode;
import com.fasterxml.jackson.databind.JsonNode;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a pipeline file with what a server has, through a {@link HydrantClient}, and plans the changes that make
 * the server match. The spec must be valid ({@link PipelineFile#isValid()}).
 *
 * <p>Apply creates missing buckets and delivery streams and updates delivery streams whose destination settings
 * or tags differ, including settings changed outside the file; SQL applications are created after the delivery streams
 * they use, updated when their code, input, outputs or reference tables differ, and started when {@code autoStart} is
 * set and they are READY. It never deletes: a delivery stream on the server
 * that the file does not declare is reported as drift and left alone. Destroy deletes the file's delivery streams
 * that exist (its SQL applications first, stopped and deleted), then its buckets that exist, except buckets that delivery streams outside the file still deliver to
 * (and the server keeps buckets that still hold objects).
 */
public final class PipelinePlanner {
    private final HydrantClient client;

    public PipelinePlanner(HydrantClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    public Plan planApply(PipelineSpec spec) {
        requireNonNull(spec, "spec is null");
        Set<String> serverBuckets = new HashSet<>(client.listBuckets());
        Set<String> serverStreams = new TreeSet<>(client.listDeliveryStreams());
        List<Change> creates = new ArrayList<>();
        List<Change> updates = new ArrayList<>();
        for (BucketSpec bucket : spec.buckets()) {
            if (!serverBuckets.contains(bucket.name())) {
                creates.add(new Change.CreateBucket(bucket.name()));
            }
        }
        for (FunctionSpec function : spec.functions()) {
            deploy(function).ifPresent(change -> (change.exists() ? updates : creates).add(change));
        }
        for (DeliveryStreamSpec deliveryStream : spec.deliveryStreams()) {
            if (serverStreams.contains(deliveryStream.name())) {
                update(deliveryStream).ifPresent(updates::add);
            } else {
                creates.add(new Change.CreateDeliveryStream(deliveryStream));
            }
        }
        List<Change> starts = new ArrayList<>();
        for (ApplicationSpec application : spec.applications()) {
            Optional<JsonNode> detail = client.describeApplication(application.name());
            if (detail.isEmpty()) {
                creates.add(new Change.CreateApplication(application));
            } else {
                List<Change.FieldChange> fieldChanges = ApplicationFields.diff(detail.get(), application);
                if (!fieldChanges.isEmpty()) {
                    updates.add(new Change.UpdateApplication(application, fieldChanges));
                }
            }
            boolean ready = detail.isEmpty() || detail.get().path("ApplicationStatus").asText().equals("READY");
            if (application.autoStart() && ready) {
                starts.add(new Change.StartApplication(application.name(), application.startingPosition()));
            }
        }
        List<Change> changes = new ArrayList<>(creates);
        changes.addAll(updates);
        changes.addAll(starts);
        List<Plan.Notice> drift = serverStreams.stream()
                .filter(name -> spec.deliveryStream(name).isEmpty())
                .map(Plan.Notice::drift)
                .toList();
        return new Plan(Plan.Mode.APPLY, changes, drift);
    }

    public Plan planDestroy(PipelineSpec spec) {
        requireNonNull(spec, "spec is null");
        Set<String> serverBuckets = new HashSet<>(client.listBuckets());
        Set<String> serverStreams = new TreeSet<>(client.listDeliveryStreams());
        List<Change> changes = new ArrayList<>();
        List<Plan.Notice> notices = new ArrayList<>();
        for (ApplicationSpec application : spec.applications()) {
            if (client.describeApplication(application.name()).isPresent()) {
                changes.add(new Change.DeleteApplication(application.name()));
            }
        }
        for (DeliveryStreamSpec deliveryStream : spec.deliveryStreams()) {
            if (serverStreams.contains(deliveryStream.name())) {
                changes.add(new Change.DeleteDeliveryStream(deliveryStream.name()));
            }
        }
        for (FunctionSpec function : spec.functions()) {
            if (client.getFunctionConfiguration(function.name()).isPresent()) {
                changes.add(new Change.DeleteFunction(function.name()));
            }
        }
        Map<String, List<String>> outsideStreamsByBucket = outsideStreamsByBucket(spec, serverStreams);
        for (BucketSpec bucket : spec.buckets()) {
            if (!serverBuckets.contains(bucket.name())) {
                continue;
            }
            List<String> outsideStreams = outsideStreamsByBucket.getOrDefault(bucket.name(), List.of());
            if (outsideStreams.isEmpty()) {
                changes.add(new Change.DeleteBucket(bucket.name()));
            } else {
                notices.add(new Plan.Notice("bucket " + bucket.name(), "kept, because delivery streams the pipeline file does not declare deliver to it: "
                        + String.join(", ", outsideStreams)));
            }
        }
        return new Plan(Plan.Mode.DESTROY, changes, notices);
    }

    /** The delivery streams on the server that the file does not declare, by the bucket they deliver to. */
    private Map<String, List<String>> outsideStreamsByBucket(PipelineSpec spec, Set<String> serverStreams) {
        Map<String, List<String>> streamsByBucket = new HashMap<>();
        for (String name : serverStreams) {
            if (spec.deliveryStream(name).isEmpty()) {
                String bucket = client.describeDeliveryStream(name).destination().bucketName();
                streamsByBucket.computeIfAbsent(bucket, ignored -> new ArrayList<>()).add(name);
            }
        }
        return streamsByBucket;
    }

    /** A deploy when the function is missing, or its code (CodeSha256) or configuration differs from the file. */
    private Optional<Change.DeployFunction> deploy(FunctionSpec function) {
        byte[] codePackage = FunctionPackages.packageOf(function.code());
        Optional<JsonNode> server = client.getFunctionConfiguration(function.name());
        if (server.isEmpty()) {
            return Optional.of(new Change.DeployFunction(function, codePackage, false, List.of()));
        }
        JsonNode configuration = server.get();
        List<Change.FieldChange> changes = new ArrayList<>();
        compare("code (CodeSha256)", configuration.path("CodeSha256").asText(), FunctionCode.sha256(codePackage), changes);
        compare("runtime", configuration.path("Runtime").asText(), function.runtime(), changes);
        compare("handler", configuration.path("Handler").asText(), function.handler(), changes);
        compare("timeoutSeconds", configuration.path("Timeout").asText(), Integer.toString(function.timeoutSeconds()), changes);
        compare("memoryMiB", configuration.path("MemorySize").asText(), Integer.toString(function.memorySizeMb()), changes);
        Map<String, String> environment = new TreeMap<>();
        configuration.path("Environment").path("Variables").fields().forEachRemaining(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        compare("environment", environment.toString(), new TreeMap<>(function.environment()).toString(), changes);
        compare("concurrency", Integer.toString(client.getFunctionConcurrency(function.name())), Integer.toString(function.concurrency()), changes);
        return changes.isEmpty() ? Optional.empty() : Optional.of(new Change.DeployFunction(function, codePackage, true, changes));
    }

    private static void compare(String field, String before, String after, List<Change.FieldChange> changes) {
        if (!before.equals(after)) {
            changes.add(new Change.FieldChange(field, before, after));
        }
    }

    private Optional<Change> update(DeliveryStreamSpec deliveryStream) {
        DeliveryStreamDescription description = client.describeDeliveryStream(deliveryStream.name());
        List<Change.FieldChange> destinationChanges = DestinationFields.diff(description.destination(), deliveryStream.destination());
        List<Change.TagChange> tagChanges = tagChanges(client.listTagsForDeliveryStream(deliveryStream.name()), deliveryStream.tags());
        if (destinationChanges.isEmpty() && tagChanges.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Change.UpdateDeliveryStream(
                deliveryStream.name(), description.versionId(), description.destinationId(), deliveryStream.destination(), destinationChanges, tagChanges));
    }

    private static List<Change.TagChange> tagChanges(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<Change.TagChange> changes = new ArrayList<>();
        for (String key : keys) {
            Optional<String> beforeValue = Optional.ofNullable(before.get(key));
            Optional<String> afterValue = Optional.ofNullable(after.get(key));
            if (!beforeValue.equals(afterValue)) {
                changes.add(new Change.TagChange(key, beforeValue, afterValue));
            }
        }
        return changes;
    }
}
