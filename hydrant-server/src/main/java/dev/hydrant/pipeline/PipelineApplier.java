package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.ErrorCode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Carries out a {@link Plan} through a {@link HydrantClient}, one change at a time in the plan's order, printing a
 * line per step. The first failure stops it; a bucket that cannot be deleted because it still holds objects is a
 * warning, not a failure.
 */
public final class PipelineApplier {
    private final HydrantClient client;
    private final PrintWriter out;

    public PipelineApplier(HydrantClient client, PrintWriter out) {
        this.client = requireNonNull(client, "client is null");
        this.out = requireNonNull(out, "out is null");
    }

    /**
     * What applying a plan did.
     *
     * @param created how many buckets and delivery streams were created, likewise {@code updated} and {@code deleted}
     * @param warnings changes deliberately left undone, e.g. a bucket kept because it holds objects
     * @param failure the error that stopped the apply, if one did
     */
    public record Result(int created, int updated, int deleted, List<String> warnings, Optional<String> failure) {
        public Result {
            warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
            requireNonNull(failure, "failure is null");
        }

        public boolean succeeded() {
            return failure.isEmpty();
        }

        /** How many changes were made. */
        public int applied() {
            return created + updated + deleted;
        }
    }

    public Result apply(Plan plan) {
        requireNonNull(plan, "plan is null");
        int created = 0;
        int updated = 0;
        int deleted = 0;
        List<String> warnings = new ArrayList<>();
        for (Change change : plan.changes()) {
            String step = "  " + change.action().symbol() + " " + change.resource() + ": ";
            try {
                Optional<String> warning = execute(change);
                if (warning.isPresent()) {
                    warnings.add(warning.get());
                    out.println(step + warning.get());
                    out.flush();
                    continue;
                }
            } catch (HydrantClientException e) {
                out.println(step + "failed");
                out.flush();
                return new Result(created, updated, deleted, warnings, Optional.of(e.getMessage()));
            }
            switch (change.action()) {
                case CREATE:
                    created++;
                    break;
                case UPDATE:
                    updated++;
                    break;
                case DELETE:
                    deleted++;
                    break;
            }
            out.println(step + change.action().verb() + "d");
            out.flush();
        }
        return new Result(created, updated, deleted, warnings, Optional.empty());
    }

    /** Makes one change; a warning when it was deliberately left undone. */
    private Optional<String> execute(Change change) {
        if (change instanceof Change.CreateBucket createBucket) {
            client.createBucket(createBucket.name());
        } else if (change instanceof Change.CreateDeliveryStream create) {
            DeliveryStreamSpec deliveryStream = create.deliveryStream();
            client.createDeliveryStream(deliveryStream.name(), deliveryStream.destination(), deliveryStream.tags());
        } else if (change instanceof Change.UpdateDeliveryStream update) {
            if (!update.destinationChanges().isEmpty()) {
                client.updateDestination(update.name(), update.versionId(), update.destinationId(), update.destination());
            }
            if (!update.tagsToSet().isEmpty()) {
                client.tagDeliveryStream(update.name(), update.tagsToSet());
            }
            if (!update.tagKeysToRemove().isEmpty()) {
                client.untagDeliveryStream(update.name(), update.tagKeysToRemove());
            }
        } else if (change instanceof Change.DeployFunction deploy) {
            if (deploy.exists()) {
                client.updateFunction(deploy.function(), deploy.codePackage());
            } else {
                client.createFunction(deploy.function(), deploy.codePackage());
            }
        } else if (change instanceof Change.CreateApplication createApplication) {
            client.createApplication(createApplication.application());
        } else if (change instanceof Change.UpdateApplication updateApplication) {
            client.updateApplication(updateApplication.application());
        } else if (change instanceof Change.StartApplication startApplication) {
            client.startApplication(startApplication.name(), startApplication.startingPosition());
        } else if (change instanceof Change.DeleteApplication deleteApplication) {
            client.deleteApplicationAndWait(deleteApplication.name());
        } else if (change instanceof Change.DeleteFunction deleteFunction) {
            client.deleteFunction(deleteFunction.name());
        } else if (change instanceof Change.DeleteDeliveryStream delete) {
            client.deleteDeliveryStream(delete.name());
        } else if (change instanceof Change.DeleteBucket deleteBucket) {
            try {
                client.deleteBucket(deleteBucket.name());
            } catch (HydrantClientException e) {
                if (!e.type().equals(ErrorCode.BUCKET_NOT_EMPTY.awsType())) {
                    throw e;
                }
                return Optional.of("kept, because it still holds objects; empty it and run destroy again to delete it");
            }
        } else {
            throw new IllegalStateException("unknown change " + change);
        }
        return Optional.empty();
    }
}
