package dev.hydrant.control;

/**
 * Firehose CloudWatchLoggingOptions. When enabled, delivery errors are written as Firehose error events (JSON
 * lines) to {@code <data-dir>/logs/<logGroupName>/<logStreamName>}.
 */
public record CloudWatchLoggingOptions(boolean enabled, String logGroupName, String logStreamName) {
    public static CloudWatchLoggingOptions disabled() {
        return new CloudWatchLoggingOptions(false, null, null);
    }
}
