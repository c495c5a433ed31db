package dev.hydrant.control;

/** Firehose BufferingHints: deliver when {@code sizeInMBs} MiB are buffered or {@code intervalInSeconds} pass. */
public record BufferingHints(int sizeInMBs, int intervalInSeconds) {
    public static final int DEFAULT_SIZE_IN_MBS = 5;
    public static final int DEFAULT_INTERVAL_IN_SECONDS = 300;
    public static final int MIN_SIZE_IN_MBS = 1;
    public static final int MAX_SIZE_IN_MBS = 128;
    public static final int MIN_INTERVAL_IN_SECONDS = 0;
    public static final int MAX_INTERVAL_IN_SECONDS = 900;

    public static BufferingHints defaults() {
        return new BufferingHints(DEFAULT_SIZE_IN_MBS, DEFAULT_INTERVAL_IN_SECONDS);
    }

    public long sizeInBytes() {
        return sizeInMBs * 1024L * 1024L;
    }

    public long intervalInMillis() {
        return intervalInSeconds * 1000L;
    }
}
