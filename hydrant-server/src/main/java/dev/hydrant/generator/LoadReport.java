package dev.hydrant.generator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link LoadRunner} run did. Every sent record ends either acknowledged or failed.
 *
 * @param recordsSent records generated and sent at least once
 * @param recordsAcknowledged records the server accepted
 * @param recordsFailed records given up on: after the last attempt, after a non-retryable error, or because the run
 *     was stopped while they waited for a retry
 * @param recordErrors failed attempts counted per record, including those that a retry then fixed
 * @param requests HTTP requests sent, retries included
 * @param retries requests that were retries of earlier ones
 * @param bytesSent record bytes sent (before base64), each record counted once
 * @param elapsed from the first request until the last response
 * @param errorCounts failed attempts per record by kind of error ({@code HTTP 503 ServiceUnavailableException},
 *     {@code entry ServiceUnavailableException} for a PutRecordBatch entry, {@code ConnectException}), in the order
 *     the kinds first appeared
 * @param firstError the full message of the first error, if any
 * @param stopReason why the run stopped before its count or duration, if it did: {@code stop requested}, or records
 *     that failed for good
 */
public record LoadReport(
        long recordsSent,
        long recordsAcknowledged,
        long recordsFailed,
        long recordErrors,
        long requests,
        long retries,
        long bytesSent,
        Duration elapsed,
        Latency latency,
        Map<String, Long> errorCounts,
        Optional<String> firstError,
        Optional<String> stopReason) {

    public LoadReport {
        requireNonNull(elapsed, "elapsed is null");
        requireNonNull(latency, "latency is null");
        errorCounts = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(errorCounts, "errorCounts is null")));
        requireNonNull(firstError, "firstError is null");
        requireNonNull(stopReason, "stopReason is null");
    }

    /** Request latency percentiles in nanoseconds, within about 3%; {@code maximumNanos} is exact. */
    public record Latency(long p50Nanos, long p90Nanos, long p99Nanos, long maximumNanos) {
        static Latency of(LatencyHistogram.Snapshot snapshot) {
            return new Latency(snapshot.percentile(50), snapshot.percentile(90), snapshot.percentile(99), snapshot.maximum());
        }
    }

    /** Whether every sent record was acknowledged. */
    public boolean allAcknowledged() {
        return recordsFailed == 0 && recordsAcknowledged == recordsSent;
    }

    /** Acknowledged records per second over the whole run. */
    public double averageRate() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : recordsAcknowledged * 1e9 / nanos;
    }

    /** The end-of-run summary for people: a {@code summary:} heading, then one indented fact per line. */
    public String summary() {
        StringBuilder summary = new StringBuilder("summary:").append(System.lineSeparator());
        line(summary, "sent", formatCount(recordsSent) + " records, " + formatCount(bytesSent) + " bytes ("
                + String.format(Locale.ROOT, "%.1f MiB", bytesSent / (1024.0 * 1024.0)) + ")");
        line(summary, "acknowledged", formatCount(recordsAcknowledged));
        line(summary, "failed", formatCount(recordsFailed) + (recordsFailed == 0 ? "" : " (gave up)"));
        StringBuilder errors = new StringBuilder(formatCount(recordErrors));
        if (!errorCounts.isEmpty()) {
            errors.append(" (");
            String separator = "";
            for (Map.Entry<String, Long> entry : errorCounts.entrySet()) {
                errors.append(separator).append(entry.getKey()).append(": ").append(formatCount(entry.getValue()));
                separator = ", ";
            }
            errors.append(')');
        }
        line(summary, "errors", errors.toString());
        line(summary, "requests", formatCount(requests) + " (" + formatCount(retries) + " retries)");
        line(summary, "elapsed", String.format(Locale.ROOT, "%.3f s", elapsed.toNanos() / 1e9));
        line(summary, "avg rate", formatCount(Math.round(averageRate())) + " records/s");
        line(summary, "latency", "p50 " + formatLatency(latency.p50Nanos()) + "  p90 " + formatLatency(latency.p90Nanos())
                + "  p99 " + formatLatency(latency.p99Nanos()) + "  max " + formatLatency(latency.maximumNanos()));
        firstError.ifPresent(error -> line(summary, "first error", error));
        stopReason.ifPresent(reason -> line(summary, "stopped early", reason));
        return summary.toString();
    }

    private static void line(StringBuilder summary, String label, String value) {
        summary.append(String.format(Locale.ROOT, "  %-14s%s%n", label, value));
    }

    /** {@code 12345} as {@code 12,345}. */
    static String formatCount(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** Nanoseconds as milliseconds: {@code 1.2 ms}, or {@code 0.35 ms} below one millisecond. */
    static String formatLatency(long nanos) {
        double millis = nanos / 1e6;
        return String.format(Locale.ROOT, millis < 1 ? "%.2f ms" : "%.1f ms", millis);
    }
}
