package dev.hydrant.application;

import static java.util.Objects.requireNonNull;

/**
 * A reference table loaded, when the application starts, from an object in a local bucket (S3ReferenceDataSource).
 *
 * @param id the ReferenceId ({@code "<n>.1"}); empty in a request, before the manager assigns it
 */
public record ReferenceDataSource(String id, String tableName, String bucketArn, String fileKey, String referenceRoleArn, SourceSchema schema) {
    public ReferenceDataSource {
        requireNonNull(id, "id is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(bucketArn, "bucketArn is null");
        requireNonNull(fileKey, "fileKey is null");
        requireNonNull(referenceRoleArn, "referenceRoleArn is null");
        requireNonNull(schema, "schema is null");
    }

    /** The bucket of {@code arn:aws:s3:::<bucket>}. */
    public String bucket() {
        return bucketArn.substring(bucketArn.lastIndexOf(':') + 1);
    }

    public ReferenceDataSource withId(String newId) {
        return new ReferenceDataSource(newId, tableName, bucketArn, fileKey, referenceRoleArn, schema);
    }
}
