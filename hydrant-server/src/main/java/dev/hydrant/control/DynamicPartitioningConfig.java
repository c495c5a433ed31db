package dev.hydrant.control;

/**
 * Firehose DynamicPartitioningConfiguration: whether records are grouped into one object per evaluated Prefix, and
 * RetryOptions.DurationInSeconds (default 300). Set at creation only, as on AWS.
 */
public record DynamicPartitioningConfig(boolean enabled, int retryDurationInSeconds) {
    public static final int DEFAULT_RETRY_DURATION_SECONDS = 300;
    /** The active-partition limit: records of further partitions in the same buffer go to the error output. */
    public static final int MAX_ACTIVE_PARTITIONS = 500;

    public static DynamicPartitioningConfig disabled() {
        return new DynamicPartitioningConfig(false, DEFAULT_RETRY_DURATION_SECONDS);
    }
}
