package dev.hydrant.control;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A delivery stream as the control plane knows it: one model behind both the Firehose API and pipeline files.
 *
 * @param versionId Firehose's VersionId: 1 at creation, +1 per destination update; part of object keys
 * @param extendedS3 whether the destination was configured as ExtendedS3 (true) or the deprecated S3 shape
 * @param createTimestamp epoch milliseconds
 */
public record DeliveryStream(
        String name,
        String arn,
        DeliveryStreamStatus status,
        long versionId,
        long createTimestamp,
        long lastUpdateTimestamp,
        String destinationId,
        boolean extendedS3,
        S3DestinationConfig destination,
        Map<String, String> tags) {
    public static final String DESTINATION_ID = "destinationId-000000000001";
    public static final String TYPE_DIRECT_PUT = "DirectPut";

    public DeliveryStream {
        requireNonNull(name, "name is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(status, "status is null");
        requireNonNull(destinationId, "destinationId is null");
        requireNonNull(destination, "destination is null");
        tags = Map.copyOf(requireNonNull(tags, "tags is null"));
    }

    public DeliveryStream withDestination(S3DestinationConfig newDestination, boolean newExtendedS3, long now) {
        return new DeliveryStream(name, arn, status, versionId + 1, createTimestamp, now, destinationId, newExtendedS3, newDestination, tags);
    }

    public DeliveryStream withTags(Map<String, String> newTags) {
        return new DeliveryStream(name, arn, status, versionId, createTimestamp, lastUpdateTimestamp, destinationId, extendedS3, destination, newTags);
    }
}
