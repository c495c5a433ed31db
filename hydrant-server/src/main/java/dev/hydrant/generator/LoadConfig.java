package dev.hydrant.generator;

import static java.util.Objects.requireNonNull;

import dev.hydrant.gateway.PutRecordRequest;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validated settings of one {@link LoadRunner} run. Build it with {@link #builder(String)}; construction reports
 * every invalid setting at once, each prefixed with its field name.
 *
 * @param endpoint the server's base URL; Firehose calls go to {@code endpoint + "/"}, the streams route to
 *     {@code endpoint + "/streams"}, so an API Gateway stage path may be part of it
 * @param recordsPerSecond the target rate; 0 sends as fast as the server acknowledges
 * @param batchSize records per PutRecordBatch call (1..500); 1 sends PutRecord calls
 * @param concurrency requests in flight at once, counting those waiting to be retried
 * @param saveFile where to write every sent record, one per line, if present
 * @param maxAttempts attempts per record before it counts as failed; 1 disables retries
 * @param retryBaseDelay the backoff before the first retry; it doubles on every further retry, up to
 *     {@link #MAX_RETRY_DELAY}
 * @param requestTimeout how long one HTTP request may take before it is retried
 * @param progressInterval how often a progress line is printed
 */
public record LoadConfig(
        URI endpoint,
        String deliveryStreamName,
        IngestRoute route,
        LoadLimit limit,
        long recordsPerSecond,
        int batchSize,
        int concurrency,
        Optional<Path> saveFile,
        int maxAttempts,
        Duration retryBaseDelay,
        Duration requestTimeout,
        Duration progressInterval) {
    public static final URI DEFAULT_ENDPOINT = URI.create("http://127.0.0.1:4573");
    public static final long DEFAULT_RECORD_COUNT = 1_000;
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(50);
    public static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);
    /** PutRecordBatch's limit on records per call. */
    public static final int MAX_BATCH_SIZE = PutRecordRequest.MAX_BATCH_RECORDS;
    public static final int MAX_CONCURRENCY = 1_024;
    public static final int MAX_ATTEMPTS_LIMIT = 100;

    private static final Pattern DELIVERY_STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

    public LoadConfig {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(deliveryStreamName, "deliveryStreamName is null");
        requireNonNull(route, "route is null");
        requireNonNull(limit, "limit is null");
        requireNonNull(saveFile, "saveFile is null");
        requireNonNull(retryBaseDelay, "retryBaseDelay is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(progressInterval, "progressInterval is null");

        List<String> problems = new ArrayList<>();
        if (!("http".equalsIgnoreCase(endpoint.getScheme()) || "https".equalsIgnoreCase(endpoint.getScheme()))
                || endpoint.getHost() == null || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            problems.add("endpoint: must be an http or https URL without query or fragment, was '" + endpoint + "'");
        }
        if (!DELIVERY_STREAM_NAME.matcher(deliveryStreamName).matches()) {
            problems.add("deliveryStreamName: must be 1..64 characters of [a-zA-Z0-9_.-], was '" + deliveryStreamName + "'");
        }
        if (limit instanceof LoadLimit.RecordCount count && count.records() < 1) {
            problems.add("limit.records: must be at least 1, was " + count.records());
        }
        if (limit instanceof LoadLimit.TimeLimit time && !isPositive(time.duration())) {
            problems.add("limit.duration: must be positive, was " + time.duration());
        }
        if (recordsPerSecond < 0) {
            problems.add("recordsPerSecond: must be 0 (unlimited) or more, was " + recordsPerSecond);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            problems.add("batchSize: must be 1.." + MAX_BATCH_SIZE + " (the PutRecordBatch limit), was " + batchSize);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            problems.add("concurrency: must be 1.." + MAX_CONCURRENCY + ", was " + concurrency);
        }
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            problems.add("maxAttempts: must be 1.." + MAX_ATTEMPTS_LIMIT + ", was " + maxAttempts);
        }
        if (retryBaseDelay.isNegative()) {
            problems.add("retryBaseDelay: must not be negative, was " + retryBaseDelay);
        }
        if (!isPositive(requestTimeout)) {
            problems.add("requestTimeout: must be positive, was " + requestTimeout);
        }
        if (!isPositive(progressInterval)) {
            problems.add("progressInterval: must be positive, was " + progressInterval);
        }
        if (!problems.isEmpty()) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "invalid load settings: " + String.join("; ", problems));
        }
    }

    /** Settings with every default, sending to {@code deliveryStreamName}. */
    public static Builder builder(String deliveryStreamName) {
        return new Builder(deliveryStreamName);
    }

    /** Whether records go out in PutRecordBatch calls rather than one record per request. */
    public boolean usesPutRecordBatch() {
        return route == IngestRoute.FIREHOSE && batchSize > 1;
    }

    /** The URL requests are sent to: {@code endpoint/} for Firehose calls, {@code endpoint/streams} for the streams route. */
    public URI requestUri() {
        String base = endpoint.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(route == IngestRoute.FIREHOSE ? base + "/" : base + "/streams");
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    /** Collects settings for a {@link LoadConfig}; {@link #build()} validates them. */
    public static final class Builder {
        private URI endpoint = DEFAULT_ENDPOINT;
        private final String deliveryStreamName;
        private IngestRoute route = IngestRoute.FIREHOSE;
        private LoadLimit limit = LoadLimit.records(DEFAULT_RECORD_COUNT);
        private long recordsPerSecond;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int concurrency = DEFAULT_CONCURRENCY;
        private Optional<Path> saveFile = Optional.empty();
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration retryBaseDelay = DEFAULT_RETRY_BASE_DELAY;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;

        private Builder(String deliveryStreamName) {
            this.deliveryStreamName = requireNonNull(deliveryStreamName, "deliveryStreamName is null");
        }

        public Builder endpoint(URI endpoint) {
            this.endpoint = requireNonNull(endpoint, "endpoint is null");
            return this;
        }

        public Builder route(IngestRoute route) {
            this.route = requireNonNull(route, "route is null");
            return this;
        }

        public Builder limit(LoadLimit limit) {
            this.limit = requireNonNull(limit, "limit is null");
            return this;
        }

        public Builder recordsPerSecond(long recordsPerSecond) {
            this.recordsPerSecond = recordsPerSecond;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Builder saveFile(Path saveFile) {
            this.saveFile = Optional.ofNullable(saveFile);
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder retryBaseDelay(Duration retryBaseDelay) {
            this.retryBaseDelay = requireNonNull(retryBaseDelay, "retryBaseDelay is null");
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
            return this;
        }

        public Builder progressInterval(Duration progressInterval) {
            this.progressInterval = requireNonNull(progressInterval, "progressInterval is null");
            return this;
        }

        public LoadConfig build() {
            return new LoadConfig(endpoint, deliveryStreamName, route, limit, recordsPerSecond, batchSize, concurrency,
                    saveFile, maxAttempts, retryBaseDelay, requestTimeout, progressInterval);
        }
    }
}
