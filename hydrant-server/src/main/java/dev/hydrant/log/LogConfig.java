package dev.hydrant.log;

/**
 * Settings of a {@link SegmentedLog}.
 *
 * @param segmentBytes roll to a new segment file once the active one exceeds this size
 * @param maxRetainedBytes refuse new appends (backpressure) while the retained, not yet consumed data exceeds this
 * @param maxRetainedAgeMillis refuse new appends while the oldest retained record is older than this; like
 *     Firehose's 24 hour retention, except that Hydrant stops accepting instead of dropping acknowledged data
 * @param partitions number of partitions
 */
public record LogConfig(long segmentBytes, long maxRetainedBytes, long maxRetainedAgeMillis, int partitions) {
    public static final long DEFAULT_SEGMENT_BYTES = 128L * 1024 * 1024;
    public static final long DEFAULT_MAX_RETAINED_BYTES = 8L * 1024 * 1024 * 1024;
    public static final long DEFAULT_MAX_RETAINED_AGE_MILLIS = 24L * 60 * 60 * 1000;

    public LogConfig {
        if (segmentBytes < SegmentFormat.HEADER_BYTES + SegmentFormat.FRAME_HEADER_BYTES) {
            throw new IllegalArgumentException("segmentBytes is too small: " + segmentBytes);
        }
        if (maxRetainedBytes <= 0 || maxRetainedAgeMillis <= 0) {
            throw new IllegalArgumentException("retention caps must be positive");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
    }

    public static LogConfig defaults() {
        return new LogConfig(DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_RETAINED_BYTES, DEFAULT_MAX_RETAINED_AGE_MILLIS, 1);
    }
}
