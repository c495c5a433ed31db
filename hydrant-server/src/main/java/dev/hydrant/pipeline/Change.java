package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import dev.hydrant.control.S3DestinationConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One step of a {@link Plan}: a bucket, delivery stream, function or SQL application to create, update, start or delete. */
public sealed interface Change
        permits Change.CreateBucket, Change.CreateDeliveryStream, Change.UpdateDeliveryStream, Change.DeleteDeliveryStream, Change.DeleteBucket,
        Change.DeployFunction, Change.DeleteFunction, Change.CreateApplication, Change.UpdateApplication, Change.StartApplication,
        Change.DeleteApplication {

    /** What a change does, with the symbol plans show it with. */
    enum Action {
        CREATE("+"),
        UPDATE("~"),
        DELETE("-");

        private final String symbol;

        Action(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** {@code create}, {@code update} or {@code delete}. */
        public String verb() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Action action();

    /** What is changed, e.g. {@code bucket telemetry-raw} or {@code delivery stream telemetry}. */
    String resource();

    /** The lines shown under the change in a plan, e.g. {@code buffering.intervalSeconds: 300 -> 60}. */
    List<String> details();

    record CreateBucket(String name) implements Change {
        public CreateBucket {
            requireNonNull(name, "name is null");
        }

        @Override
        public Action action() {
            return Action.CREATE;
        }

        @Override
        public String resource() {
            return "bucket " + name;
        }

        @Override
        public List<String> details() {
            return List.of();
        }
    }

    /** Creates a delivery stream; the details list every setting it will have, defaults included. */
    record CreateDeliveryStream(DeliveryStreamSpec deliveryStream) implements Change {
        public CreateDeliveryStream {
            requireNonNull(deliveryStream, "deliveryStream is null");
        }

        @Override
        public Action action() {
            return Action.CREATE;
        }

        @Override
        public String resource() {
            return "delivery stream " + deliveryStream.name();
        }

        @Override
        public List<String> details() {
            List<String> details = new ArrayList<>();
            DestinationFields.of(deliveryStream.destination()).forEach((field, value) -> {
                if (!value.equals(DestinationFields.UNSET) && !value.equals(DestinationFields.NONE)) {
                    details.add(field + ": " + value);
                }
            });
            deliveryStream.tags().forEach((key, value) -> details.add("tags." + key + ": " + DestinationFields.quote(value)));
            return details;
        }
    }

    /**
     * Brings an existing delivery stream in line with the pipeline file: UpdateDestination when
     * {@code destinationChanges} is not empty, then tagging and untagging for {@code tagChanges}.
     *
     * @param versionId the VersionId the plan was made against; a server that changed since rejects the update
     * @param destination the whole destination as the file declares it
     */
    record UpdateDeliveryStream(
            String name,
            String versionId,
            String destinationId,
            S3DestinationConfig destination,
            List<FieldChange> destinationChanges,
            List<TagChange> tagChanges) implements Change {
        public UpdateDeliveryStream {
            requireNonNull(name, "name is null");
            requireNonNull(versionId, "versionId is null");
            requireNonNull(destinationId, "destinationId is null");
            requireNonNull(destination, "destination is null");
            destinationChanges = List.copyOf(requireNonNull(destinationChanges, "destinationChanges is null"));
            tagChanges = List.copyOf(requireNonNull(tagChanges, "tagChanges is null"));
        }

        @Override
        public Action action() {
            return Action.UPDATE;
        }

        @Override
        public String resource() {
            return "delivery stream " + name;
        }

        @Override
        public List<String> details() {
            List<String> details = new ArrayList<>();
            destinationChanges.forEach(change -> details.add(change.toString()));
            tagChanges.forEach(change -> details.add(change.toString()));
            return details;
        }

        /** The tags to add or give new values. */
        public Map<String, String> tagsToSet() {
            Map<String, String> tags = new TreeMap<>();
            tagChanges.forEach(change -> change.after().ifPresent(value -> tags.put(change.key(), value)));
            return tags;
        }

        /** The keys of the tags to remove. */
        public List<String> tagKeysToRemove() {
            return tagChanges.stream().filter(change -> change.after().isEmpty()).map(TagChange::key).toList();
        }
    }

    record DeleteDeliveryStream(String name) implements Change {
        public DeleteDeliveryStream {
            requireNonNull(name, "name is null");
        }

        @Override
        public Action action() {
            return Action.DELETE;
        }

        @Override
        public String resource() {
            return "delivery stream " + name;
        }

        @Override
        public List<String> details() {
            return List.of();
        }
    }

    /** Deletes a bucket if it is empty; a bucket that still holds objects is kept, with a warning. */
    record DeleteBucket(String name) implements Change {
        public DeleteBucket {
            requireNonNull(name, "name is null");
        }

        @Override
        public Action action() {
            return Action.DELETE;
        }

        @Override
        public String resource() {
            return "bucket " + name + " (only if empty)";
        }

        @Override
        public List<String> details() {
            return List.of();
        }
    }

    /**
     * Creates a function, or updates its code and configuration, through the Lambda API.
     *
     * @param codePackage the ZipFile bytes
     * @param fieldChanges what differs from the server's function (empty for a create)
     */
    record DeployFunction(FunctionSpec function, byte[] codePackage, boolean exists, List<FieldChange> fieldChanges) implements Change {
        public DeployFunction {
            requireNonNull(function, "function is null");
            requireNonNull(codePackage, "codePackage is null");
            fieldChanges = List.copyOf(requireNonNull(fieldChanges, "fieldChanges is null"));
        }

        @Override
        public Action action() {
            return exists ? Action.UPDATE : Action.CREATE;
        }

        @Override
        public String resource() {
            return "function " + function.name();
        }

        @Override
        public List<String> details() {
            if (exists) {
                return fieldChanges.stream().map(FieldChange::toString).toList();
            }
            return List.of("runtime: " + function.runtime(), "handler: " + function.handler(), "code: " + function.code(),
                    "timeoutSeconds: " + function.timeoutSeconds(), "memoryMiB: " + function.memorySizeMb(), "concurrency: " + function.concurrency());
        }
    }

    record DeleteFunction(String name) implements Change {
        public DeleteFunction {
            requireNonNull(name, "name is null");
        }

        @Override
        public Action action() {
            return Action.DELETE;
        }

        @Override
        public String resource() {
            return "function " + name;
        }

        @Override
        public List<String> details() {
            return List.of();
        }
    }

    /** Creates a SQL application (stopped) through the Kinesis Analytics API; the details list its settings. */
    record CreateApplication(ApplicationSpec application) implements Change {
        public CreateApplication {
            requireNonNull(application, "application is null");
        }

        @Override
        public Action action() {
            return Action.CREATE;
        }

        @Override
        public String resource() {
            return "application " + application.name();
        }

        @Override
        public List<String> details() {
            return ApplicationFields.of(application).entrySet().stream().map(entry -> entry.getKey() + ": " + entry.getValue()).toList();
        }
    }

    /** Brings a SQL application's code, input, outputs and reference tables in line with the file. */
    record UpdateApplication(ApplicationSpec application, List<FieldChange> fieldChanges) implements Change {
        public UpdateApplication {
            requireNonNull(application, "application is null");
            fieldChanges = List.copyOf(requireNonNull(fieldChanges, "fieldChanges is null"));
        }

        @Override
        public Action action() {
            return Action.UPDATE;
        }

        @Override
        public String resource() {
            return "application " + application.name();
        }

        @Override
        public List<String> details() {
            return fieldChanges.stream().map(FieldChange::toString).toList();
        }
    }

    /** Starts a READY application whose file says {@code autoStart: true}. */
    record StartApplication(String name, String startingPosition) implements Change {
        public StartApplication {
            requireNonNull(name, "name is null");
            requireNonNull(startingPosition, "startingPosition is null");
        }

        @Override
        public Action action() {
            return Action.UPDATE;
        }

        @Override
        public String resource() {
            return "application " + name + " (start)";
        }

        @Override
        public List<String> details() {
            return List.of("startingPosition: " + startingPosition);
        }
    }

    /** Deletes a SQL application, stopping it first when it runs. */
    record DeleteApplication(String name) implements Change {
        public DeleteApplication {
            requireNonNull(name, "name is null");
        }

        @Override
        public Action action() {
            return Action.DELETE;
        }

        @Override
        public String resource() {
            return "application " + name;
        }

        @Override
        public List<String> details() {
            return List.of();
        }
    }

    /** One destination field that differs: {@code buffering.intervalSeconds: 300 -> 60}. Values are display values. */
    record FieldChange(String field, String before, String after) {
        public FieldChange {
            requireNonNull(field, "field is null");
            requireNonNull(before, "before is null");
            requireNonNull(after, "after is null");
        }

        @Override
        public String toString() {
            return field + ": " + before + " -> " + after;
        }
    }

    /** One tag that differs; an empty {@code before} adds it, an empty {@code after} removes it. */
    record TagChange(String key, Optional<String> before, Optional<String> after) {
        public TagChange {
            requireNonNull(key, "key is null");
            requireNonNull(before, "before is null");
            requireNonNull(after, "after is null");
        }

        @Override
        public String toString() {
            return "tags." + key + ": " + before.map(DestinationFields::quote).orElse(DestinationFields.UNSET)
                    + " -> " + after.map(DestinationFields::quote).orElse(DestinationFields.UNSET);
        }
    }
}
