package dev.hydrant.application;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * One input of an application: a Hydrant delivery stream named by its Firehose ARN (KinesisFirehoseInput), read into
 * the in-application streams {@code <namePrefix>_001} .. {@code _<parallelism>}.
 *
 * @param id the InputId ({@code "<n>.1"}); empty in a request, before the manager assigns it
 * @param preprocessorArn the InputLambdaProcessor's ResourceARN, or null
 * @param preprocessorRoleArn the InputLambdaProcessor's RoleARN, or null
 * @param startingPosition NOW, TRIM_HORIZON or LAST_STOPPED_POINT as given to the last StartApplication, or null before that
 */
public record ApplicationInput(
        String id,
        String namePrefix,
        String resourceArn,
        String roleArn,
        String preprocessorArn,
        String preprocessorRoleArn,
        int parallelism,
        SourceSchema schema,
        String startingPosition) {
    public ApplicationInput {
        requireNonNull(id, "id is null");
        requireNonNull(namePrefix, "namePrefix is null");
        requireNonNull(resourceArn, "resourceArn is null");
        requireNonNull(roleArn, "roleArn is null");
        requireNonNull(schema, "schema is null");
    }

    /** KDA's InAppStreamNames: {@code <namePrefix>_001} .. {@code _<parallelism>}, three digits. */
    public List<String> inAppStreamNames() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= parallelism; i++) {
            names.add(namePrefix + "_" + String.format("%03d", i));
        }
        return names;
    }

    public ApplicationInput withId(String newId) {
        return new ApplicationInput(newId, namePrefix, resourceArn, roleArn, preprocessorArn, preprocessorRoleArn, parallelism, schema, startingPosition);
    }

    public ApplicationInput withStartingPosition(String newStartingPosition) {
        return new ApplicationInput(id, namePrefix, resourceArn, roleArn, preprocessorArn, preprocessorRoleArn, parallelism, schema, newStartingPosition);
    }
}
