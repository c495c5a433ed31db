package dev.hydrant.application;

import static java.util.Objects.requireNonNull;

/**
 * One output: the rows of in-application stream {@code name} written to a delivery stream (KinesisFirehoseOutput).
 *
 * @param id the OutputId ({@code "<n>.1"}); empty in a request, before the manager assigns it
 * @param recordFormatType the DestinationSchema's RecordFormatType, JSON or CSV
 */
public record ApplicationOutput(String id, String name, String resourceArn, String roleArn, String recordFormatType) {
    public ApplicationOutput {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(resourceArn, "resourceArn is null");
        requireNonNull(roleArn, "roleArn is null");
        requireNonNull(recordFormatType, "recordFormatType is null");
    }

    public ApplicationOutput withId(String newId) {
        return new ApplicationOutput(newId, name, resourceArn, roleArn, recordFormatType);
    }
}
