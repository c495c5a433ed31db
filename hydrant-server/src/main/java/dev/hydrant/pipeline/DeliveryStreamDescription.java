package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import dev.hydrant.control.DeliveryStreamStatus;
import dev.hydrant.control.S3DestinationConfig;

/**
 * What DescribeDeliveryStream says about a delivery stream with an S3 destination.
 *
 * @param versionId Firehose's VersionId, needed as CurrentDeliveryStreamVersionId to update the destination
 * @param destinationId the DestinationId to update
 * @param extendedS3 whether the server described it as an ExtendedS3 destination (rather than only the older S3 shape)
 * @param destination the destination as described, with Firehose's defaults where the server left fields out
 */
public record DeliveryStreamDescription(
        String name,
        String arn,
        DeliveryStreamStatus status,
        String versionId,
        String destinationId,
        boolean extendedS3,
        S3DestinationConfig destination) {
    public DeliveryStreamDescription {
        requireNonNull(name, "name is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(status, "status is null");
        requireNonNull(versionId, "versionId is null");
        requireNonNull(destinationId, "destinationId is null");
        requireNonNull(destination, "destination is null");
    }
}
