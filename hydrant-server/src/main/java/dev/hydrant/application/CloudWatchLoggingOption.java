package dev.hydrant.application;

import static java.util.Objects.requireNonNull;

/** A CloudWatchLoggingOption: kept and described so that clients see what they configured; Hydrant logs to its own log. */
public record CloudWatchLoggingOption(String id, String logStreamArn, String roleArn) {
    public CloudWatchLoggingOption {
        requireNonNull(id, "id is null");
        requireNonNull(logStreamArn, "logStreamArn is null");
        requireNonNull(roleArn, "roleArn is null");
    }

    public CloudWatchLoggingOption withId(String newId) {
        return new CloudWatchLoggingOption(newId, logStreamArn, roleArn);
    }
}
