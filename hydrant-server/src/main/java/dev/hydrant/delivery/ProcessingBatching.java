package dev.hydrant.delivery;

/**
 * How a delivery task batches records for its processors: a batch goes to the processors once it holds
 * {@code sizeBytes}, or once its oldest record has waited {@code intervalMillis} (never longer than the delivery
 * interval). For a Lambda processor these are its BufferSizeInMBs and BufferIntervalInSeconds.
 */
public record ProcessingBatching(long sizeBytes, long intervalMillis) {
    /** Built-in processors only: process whatever was read, at once. */
    public static final ProcessingBatching IMMEDIATE = new ProcessingBatching(4L * 1024 * 1024, 0);

    public ProcessingBatching {
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("sizeBytes must be positive");
        }
        if (intervalMillis < 0) {
            throw new IllegalArgumentException("intervalMillis is negative");
        }
    }
}
