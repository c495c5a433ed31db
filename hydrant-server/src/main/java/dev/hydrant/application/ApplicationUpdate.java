package dev.hydrant.application;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.SqlApplication.Column;
import dev.hydrant.spi.SqlApplication.RecordFormat;
import java.util.List;

/**
 * UpdateApplication's ApplicationUpdate, parsed: every member is null (or an empty list) when the request leaves it
 * out.
 */
public record ApplicationUpdate(String codeUpdate, List<InputUpdate> inputUpdates, List<OutputUpdate> outputUpdates,
        List<ReferenceDataSourceUpdate> referenceDataSourceUpdates) {
    public ApplicationUpdate {
        inputUpdates = List.copyOf(requireNonNull(inputUpdates, "inputUpdates is null"));
        outputUpdates = List.copyOf(requireNonNull(outputUpdates, "outputUpdates is null"));
        referenceDataSourceUpdates = List.copyOf(requireNonNull(referenceDataSourceUpdates, "referenceDataSourceUpdates is null"));
    }

    public boolean isEmpty() {
        return codeUpdate == null && inputUpdates.isEmpty() && outputUpdates.isEmpty() && referenceDataSourceUpdates.isEmpty();
    }

    /** An InputUpdate; null members keep their current value. */
    public record InputUpdate(String inputId, String namePrefix, String resourceArn, String roleArn, String preprocessorArn, String preprocessorRoleArn,
            Integer parallelism, RecordFormat recordFormat, List<Column> recordColumns) {
        public InputUpdate {
            requireNonNull(inputId, "inputId is null");
            recordColumns = recordColumns == null ? null : List.copyOf(recordColumns);
        }

        ApplicationInput applyTo(ApplicationInput input) {
            SourceSchema schema = new SourceSchema(
                    recordFormat == null ? input.schema().recordFormat() : recordFormat,
                    input.schema().recordEncoding(),
                    recordColumns == null ? input.schema().recordColumns() : recordColumns);
            return new ApplicationInput(input.id(),
                    namePrefix == null ? input.namePrefix() : namePrefix,
                    resourceArn == null ? input.resourceArn() : resourceArn,
                    roleArn == null ? input.roleArn() : roleArn,
                    preprocessorArn == null ? input.preprocessorArn() : preprocessorArn,
                    preprocessorRoleArn == null ? input.preprocessorRoleArn() : preprocessorRoleArn,
                    parallelism == null ? input.parallelism() : parallelism,
                    schema,
                    input.startingPosition());
        }
    }

    /** An OutputUpdate; null members keep their current value. */
    public record OutputUpdate(String outputId, String name, String resourceArn, String roleArn, String recordFormatType) {
        public OutputUpdate {
            requireNonNull(outputId, "outputId is null");
        }

        ApplicationOutput applyTo(ApplicationOutput output) {
            return new ApplicationOutput(output.id(),
                    name == null ? output.name() : name,
                    resourceArn == null ? output.resourceArn() : resourceArn,
                    roleArn == null ? output.roleArn() : roleArn,
                    recordFormatType == null ? output.recordFormatType() : recordFormatType);
        }
    }

    /** A ReferenceDataSourceUpdate; null members keep their current value. */
    public record ReferenceDataSourceUpdate(String referenceId, String tableName, String bucketArn, String fileKey, String referenceRoleArn, SourceSchema schema) {
        public ReferenceDataSourceUpdate {
            requireNonNull(referenceId, "referenceId is null");
        }

        ReferenceDataSource applyTo(ReferenceDataSource reference) {
            return new ReferenceDataSource(reference.id(),
                    tableName == null ? reference.tableName() : tableName,
                    bucketArn == null ? reference.bucketArn() : bucketArn,
                    fileKey == null ? reference.fileKey() : fileKey,
                    referenceRoleArn == null ? reference.referenceRoleArn() : referenceRoleArn,
                    schema == null ? reference.schema() : schema);
        }
    }
}
