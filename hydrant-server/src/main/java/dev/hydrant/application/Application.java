package dev.hydrant.application;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Kinesis Data Analytics (SQL) application as the control plane knows it, persisted in
 * {@code <data-dir>/state/applications.json}.
 *
 * @param versionId KDA's ApplicationVersionId: 1 at creation, +1 per change of configuration (code, inputs, outputs, reference data)
 * @param createTimestamp epoch milliseconds
 * @param lastIdSequence the last sequence number used for an InputId, OutputId, ReferenceId or CloudWatchLoggingOptionId;
 *        ids are {@code "<sequence>.1"}, one sequence shared by every kind, never reused within the application
 */
public record Application(
        String name,
        String arn,
        String description,
        String code,
        ApplicationStatus status,
        long versionId,
        long createTimestamp,
        long lastUpdateTimestamp,
        List<ApplicationInput> inputs,
        List<ApplicationOutput> outputs,
        List<ReferenceDataSource> referenceDataSources,
        List<CloudWatchLoggingOption> cloudWatchLoggingOptions,
        Map<String, String> tags,
        int lastIdSequence) {
    public static final int MAX_OUTPUTS = 3;
    public static final int MAX_INPUTS = 1;
    public static final int MAX_REFERENCE_DATA_SOURCES = 1;

    public Application {
        requireNonNull(name, "name is null");
        requireNonNull(arn, "arn is null");
        description = description == null ? "" : description;
        code = code == null ? "" : code;
        requireNonNull(status, "status is null");
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        referenceDataSources = List.copyOf(requireNonNull(referenceDataSources, "referenceDataSources is null"));
        cloudWatchLoggingOptions = List.copyOf(requireNonNull(cloudWatchLoggingOptions, "cloudWatchLoggingOptions is null"));
        tags = Map.copyOf(requireNonNull(tags, "tags is null"));
    }

    /** The id that the next input, output or reference data source gets: {@code "<sequence>.1"}. */
    public static String idOf(int sequence) {
        return sequence + ".1";
    }

    public Optional<ApplicationInput> input(String id) {
        return inputs.stream().filter(input -> input.id().equals(id)).findFirst();
    }

    public Optional<ApplicationOutput> output(String id) {
        return outputs.stream().filter(output -> output.id().equals(id)).findFirst();
    }

    public Optional<ReferenceDataSource> referenceDataSource(String id) {
        return referenceDataSources.stream().filter(reference -> reference.id().equals(id)).findFirst();
    }

    public Application withStatus(ApplicationStatus newStatus) {
        return new Application(name, arn, description, code, newStatus, versionId, createTimestamp, lastUpdateTimestamp, inputs, outputs,
                referenceDataSources, cloudWatchLoggingOptions, tags, lastIdSequence);
    }

    public Application withInputs(List<ApplicationInput> newInputs) {
        return new Application(name, arn, description, code, status, versionId, createTimestamp, lastUpdateTimestamp, newInputs, outputs,
                referenceDataSources, cloudWatchLoggingOptions, tags, lastIdSequence);
    }

    public Application withTags(Map<String, String> newTags) {
        return new Application(name, arn, description, code, status, versionId, createTimestamp, lastUpdateTimestamp, inputs, outputs,
                referenceDataSources, cloudWatchLoggingOptions, newTags, lastIdSequence);
    }

    /** A new version of the configuration: ApplicationVersionId + 1, LastUpdateTimestamp {@code now}. */
    public Application withConfiguration(String newCode, List<ApplicationInput> newInputs, List<ApplicationOutput> newOutputs,
            List<ReferenceDataSource> newReferenceDataSources, List<CloudWatchLoggingOption> newLoggingOptions, int newLastIdSequence, long now) {
        return new Application(name, arn, description, newCode, status, versionId + 1, createTimestamp, now, newInputs, newOutputs,
                newReferenceDataSources, newLoggingOptions, tags, newLastIdSequence);
    }
}
