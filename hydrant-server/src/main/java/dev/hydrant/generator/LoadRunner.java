package dev.hydrant.generator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.gateway.PutRecordRequest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Sends generated records to a Hydrant or Firehose endpoint over HTTP/1.1 and reports throughput, errors and latency:
 * the engine of {@code hydrant generate}.
 *
 * <p>One producer thread takes records from the supplier, paced by a {@link LoadPacer} when a rate is set, and sends
 * them as PutRecordBatch calls (Firehose route, batch size above 1), PutRecord calls (batch size 1), or
 * {@code PUT /streams} requests with a PutRecord body (streams route, always one record per request). At most
 * {@code concurrency} requests are in flight; a request waiting to be retried still counts, so a server that sheds
 * load slows the producer down.
 *
 * <p>Retries follow the AWS SDKs: a request that fails with HTTP 429 or 5xx, a timeout or an I/O error is sent again,
 * and so are the entries of a PutRecordBatch response that carry an {@code ErrorCode} (FailedPutCount above 0), with
 * exponential backoff and jitter, up to {@code maxAttempts} attempts per record. Any other HTTP status (a 4xx such as
 * ResourceNotFoundException) fails the request's records at once. Either way, once records have failed for good the
 * run stops generating: the server is refusing them persistently, and sending more would only pile up failures.
 *
 * <p>Every second (the progress interval) a line such as
 * {@code sent 12,345 records  rate 9,876/s  errors 0  p50 1.2 ms  p99 8.4 ms} is printed, with the rate and latencies
 * of that interval; on a terminal it overwrites the previous line. When the run ends, a {@link LoadReport#summary()}
 * follows. A runner runs once.
 */
public final class LoadRunner {
    public static final String PUT_RECORD_TARGET = "Firehose_20150804.PutRecord";
    public static final String PUT_RECORD_BATCH_TARGET = "Firehose_20150804.PutRecordBatch";
    public static final String FIREHOSE_CONTENT_TYPE = "application/x-amz-json-1.1";
    public static final String STREAMS_CONTENT_TYPE = "application/json";
    /** At low rates, records wait at most this long for their batch to fill. */
    static final Duration BATCH_LINGER = Duration.ofMillis(100);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ERROR_BODY_CHARACTERS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadConfig config;
    private final Supplier<byte[]> records;
    private final PrintStream output;
    private final boolean terminal;
    private final URI requestUri;
    private final FirehoseRequestBodies bodies;
    private final Semaphore permits;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LongAdder recordsSent = new LongAdder();
    private final LongAdder recordsAcknowledged = new LongAdder();
    private final LongAdder recordsFailed = new LongAdder();
    private final LongAdder recordErrors = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final Map<String, LongAdder> errorCounts = new LinkedHashMap<>();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicBoolean started = new AtomicBoolean();
    /** Why the run stops before its limit; set once, by {@link #stop()} or by records the runner gave up on. */
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private final ExecutorService httpExecutor = Executors.newCachedThreadPool(daemonThreads("hydrant-generate-http-"));
    private final HttpClient client;

    /**
     * @param records the records to send, called from one thread; {@code TelemetryGenerator::next} outside tests
     * @param output where progress lines and the summary go
     * @param terminal whether {@code output} is a terminal ({@code System.console() != null}): progress lines then
     *     overwrite each other in place
     */
    public LoadRunner(LoadConfig config, Supplier<byte[]> records, PrintStream output, boolean terminal) {
        this.config = requireNonNull(config, "config is null");
        this.records = requireNonNull(records, "records is null");
        this.output = requireNonNull(output, "output is null");
        this.terminal = terminal;
        this.requestUri = config.requestUri();
        this.bodies = new FirehoseRequestBodies(config.deliveryStreamName());
        this.permits = new Semaphore(config.concurrency());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(httpExecutor)
                .build();
    }

    /**
     * Sends records until the limit is reached or {@link #stop()} is called, waits for every request in flight, prints
     * the summary and returns it.
     *
     * @throws IOException if the save file cannot be written
     */
    public LoadReport run() throws IOException, InterruptedException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a LoadRunner runs only once");
        }
        ScheduledExecutorService progressScheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("hydrant-generate-progress-"));
        try (OutputStream saveFile = openSaveFile()) {
            output.println(header());
            long startNanos = System.nanoTime();
            Progress progress = new Progress(startNanos);
            long intervalNanos = config.progressInterval().toNanos();
            progressScheduler.scheduleAtFixedRate(progress::print, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
            try {
                produce(saveFile, startNanos);
            } catch (IOException | InterruptedException | RuntimeException e) {
                stopBecause("generating records failed: " + e);
                throw e;
            } finally {
                awaitRequestsInFlight();
            }
            long elapsedNanos = System.nanoTime() - startNanos;
            progressScheduler.shutdownNow();
            progressScheduler.awaitTermination(1, TimeUnit.SECONDS);
            progress.finish(startNanos);
            LoadReport report = report(Duration.ofNanos(elapsedNanos));
            output.print(report.summary());
            output.flush();
            return report;
        } finally {
            progressScheduler.shutdownNow();
            httpExecutor.shutdownNow();
        }
    }

    /**
     * Stops generating records; requests in flight complete, but records waiting for a retry count as failed. Safe to
     * call from any thread, for example a shutdown hook.
     */
    public void stop() {
        stopBecause("stop requested");
    }

    private void stopBecause(String reason) {
        stopReason.compareAndSet(null, reason);
    }

    private boolean stopping() {
        return stopReason.get() != null;
    }

    private void produce(OutputStream saveFile, long startNanos) throws IOException, InterruptedException {
        LoadPacer pacer = config.recordsPerSecond() > 0
                ? new LoadPacer(config.recordsPerSecond(), BATCH_LINGER.toNanos(), System::nanoTime, LockSupport::parkNanos)
                : null;
        long remaining = config.limit() instanceof LoadLimit.RecordCount count ? count.records() : Long.MAX_VALUE;
        long durationNanos = config.limit() instanceof LoadLimit.TimeLimit time ? saturatedNanos(time.duration()) : Long.MAX_VALUE;
        Base64.Encoder encoder = Base64.getEncoder();
        while (remaining > 0 && !stopping()) {
            int wanted = (int) Math.min(config.batchSize(), remaining);
            int granted = pacer == null ? wanted : pacer.acquire(wanted);
            if (stopping() || System.nanoTime() - startNanos >= durationNanos) {
                return;
            }
            List<byte[]> batch = new ArrayList<>(granted);
            long batchBytes = 0;
            for (int index = 0; index < granted; index++) {
                byte[] record = records.get();
                if (saveFile != null) {
                    saveFile.write(record);
                    saveFile.write('\n');
                }
                bytesSent.add(record.length);
                if (!config.usesPutRecordBatch()) {
                    send(List.of(encoder.encode(record)));
                    continue;
                }
                if (!batch.isEmpty() && batchBytes + record.length > PutRecordRequest.MAX_BATCH_BYTES) {
                    send(batch);
                    batch = new ArrayList<>(granted - index);
                    batchBytes = 0;
                }
                batch.add(encoder.encode(record));
                batchBytes += record.length;
            }
            if (!batch.isEmpty()) {
                send(batch);
            }
            remaining -= granted;
        }
    }

    /** Sends newly generated records once a request slot is free. */
    private void send(List<byte[]> encodedRecords) throws InterruptedException {
        permits.acquire();
        recordsSent.add(encodedRecords.size());
        dispatch(encodedRecords, 1);
    }

    /** Sends one attempt of a request whose slot is already taken; never throws. */
    private void dispatch(List<byte[]> encodedRecords, int attempt) {
        CompletableFuture<HttpResponse<byte[]>> response;
        long sentAt;
        try {
            requests.increment();
            HttpRequest request = request(encodedRecords); // building the body is the producer's work, not latency
            sentAt = System.nanoTime();
            response = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            sentAt = System.nanoTime();
            response = CompletableFuture.failedFuture(e);
        }
        long start = sentAt;
        response.whenComplete((result, failure) -> complete(encodedRecords, attempt, start, result, failure));
    }

    private HttpRequest request(List<byte[]> encodedRecords) {
        HttpRequest.Builder request = HttpRequest.newBuilder(requestUri).timeout(config.requestTimeout());
        if (config.route() == IngestRoute.STREAMS) {
            return request.header("Content-Type", STREAMS_CONTENT_TYPE)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bodies.putRecord(encodedRecords.get(0))))
                    .build();
        }
        byte[] body = config.usesPutRecordBatch() ? bodies.putRecordBatch(encodedRecords) : bodies.putRecord(encodedRecords.get(0));
        return request.header("Content-Type", FIREHOSE_CONTENT_TYPE)
                .header("X-Amz-Target", config.usesPutRecordBatch() ? PUT_RECORD_BATCH_TARGET : PUT_RECORD_TARGET)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** Settles one attempt: counts what was acknowledged or failed and retries the rest, or frees the request slot. */
    private void complete(List<byte[]> encodedRecords, int attempt, long sentAt, HttpResponse<byte[]> response, Throwable failure) {
        latency.record(System.nanoTime() - sentAt);
        List<byte[]> retryable;
        try {
            retryable = failure != null
                    ? failed(encodedRecords, unwrap(failure).getClass().getSimpleName(), describe(failure))
                    : settle(encodedRecords, response);
        } catch (RuntimeException e) {
            retryable = List.of();
            failFinally(encodedRecords.size(), e.getClass().getSimpleName(), "unexpected error handling a response: " + e);
        }
        if (retryable.isEmpty()) {
            permits.release();
        } else if (attempt < config.maxAttempts() && !stopping()) {
            scheduleRetry(retryable, attempt + 1);
        } else {
            recordsFailed.add(retryable.size());
            if (attempt >= config.maxAttempts()) {
                stopBecause("gave up on records after " + attempt + " attempts");
            }
            permits.release();
        }
    }

    /** Counts an attempt's response and returns the records worth another attempt. */
    private List<byte[]> settle(List<byte[]> encodedRecords, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 200) {
            if (!config.usesPutRecordBatch()) {
                recordsAcknowledged.add(encodedRecords.size());
                return List.of();
            }
            return settleBatch(encodedRecords, response.body());
        }
        ErrorBody error = ErrorBody.of(response.body());
        String kind = "HTTP " + status + (error.type().isEmpty() ? "" : " " + error.type());
        String message = kind + (error.message().isEmpty() ? "" : ": " + error.message());
        if (status == 429 || status >= 500) {
            return failed(encodedRecords, kind, message);
        }
        failFinally(encodedRecords.size(), kind, message);
        return List.of();
    }

    /** Acknowledges the successful entries of a PutRecordBatch response and returns the failed ones. */
    private List<byte[]> settleBatch(List<byte[]> encodedRecords, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        JsonNode failedPutCount = root == null ? null : root.get("FailedPutCount");
        if (failedPutCount == null || !failedPutCount.canConvertToInt()) {
            failFinally(encodedRecords.size(), "malformed response", "PutRecordBatch response without FailedPutCount: " + abbreviate(body));
            return List.of();
        }
        int failedCount = failedPutCount.intValue();
        if (failedCount == 0) {
            recordsAcknowledged.add(encodedRecords.size());
            return List.of();
        }
        JsonNode responses = root.path("RequestResponses");
        if (!responses.isArray() || responses.size() != encodedRecords.size()) {
            // Which entries failed is unknown, so none can be retried without risking duplicates.
            recordsAcknowledged.add(Math.max(0, encodedRecords.size() - failedCount));
            failFinally(Math.min(failedCount, encodedRecords.size()), "malformed response",
                    "PutRecordBatch response with FailedPutCount " + failedCount + " but " + responses.size()
                            + " RequestResponses for " + encodedRecords.size() + " records");
            return List.of();
        }
        List<byte[]> retryable = new ArrayList<>(failedCount);
        for (int index = 0; index < encodedRecords.size(); index++) {
            JsonNode entry = responses.get(index);
            if (entry.hasNonNull("ErrorCode")) {
                retryable.add(encodedRecords.get(index));
                String errorCode = entry.get("ErrorCode").asText();
                countError(1, "entry " + errorCode, errorCode + ": " + entry.path("ErrorMessage").asText(""));
            }
        }
        recordsAcknowledged.add(encodedRecords.size() - retryable.size());
        return retryable;
    }

    /** Counts a retryable failure of every record of an attempt and returns them all for another attempt. */
    private List<byte[]> failed(List<byte[]> encodedRecords, String kind, String message) {
        countError(encodedRecords.size(), kind, message);
        return encodedRecords;
    }

    /** Counts records that failed with an error that retrying cannot fix, and stops the run. */
    private void failFinally(int recordCount, String kind, String message) {
        countError(recordCount, kind, message);
        recordsFailed.add(recordCount);
        stopBecause(kind + " cannot be retried");
    }

    private void countError(int recordCount, String kind, String message) {
        recordErrors.add(recordCount);
        firstError.compareAndSet(null, message);
        LongAdder count;
        synchronized (errorCounts) {
            count = errorCounts.computeIfAbsent(kind, ignored -> new LongAdder());
        }
        count.add(recordCount);
    }

    private void scheduleRetry(List<byte[]> encodedRecords, int attempt) {
        retries.increment();
        long delayNanos = retryDelayNanos(attempt);
        try {
            CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, httpExecutor)
                    .execute(() -> dispatch(encodedRecords, attempt));
        } catch (RuntimeException e) {
            failFinally(encodedRecords.size(), e.getClass().getSimpleName(), "cannot schedule a retry: " + e);
            permits.release();
        }
    }

    /** Exponential backoff with jitter: a random delay between half and all of {@code base * 2^(attempt - 2)}. */
    private long retryDelayNanos(int attempt) {
        long maximum = LoadConfig.MAX_RETRY_DELAY.toNanos();
        long delay = config.retryBaseDelay().toNanos();
        for (int retry = 2; retry < attempt && delay < maximum; retry++) {
            delay *= 2;
        }
        delay = Math.min(delay, maximum);
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    private void awaitRequestsInFlight() {
        permits.acquireUninterruptibly(config.concurrency());
        permits.release(config.concurrency());
    }

    private LoadReport report(Duration elapsed) {
        Map<String, Long> counts = new LinkedHashMap<>();
        synchronized (errorCounts) {
            errorCounts.forEach((kind, count) -> counts.put(kind, count.sum()));
        }
        return new LoadReport(recordsSent.sum(), recordsAcknowledged.sum(), recordsFailed.sum(), recordErrors.sum(),
                requests.sum(), retries.sum(), bytesSent.sum(), elapsed, LoadReport.Latency.of(latency.snapshot()),
                counts, Optional.ofNullable(firstError.get()), Optional.ofNullable(stopReason.get()));
    }

    private String header() {
        String operation = config.route() == IngestRoute.STREAMS ? "PUT /streams"
                : config.usesPutRecordBatch() ? "PutRecordBatch (batch " + config.batchSize() + ")" : "PutRecord";
        String limit = config.limit() instanceof LoadLimit.RecordCount count
                ? LoadReport.formatCount(count.records()) + " records"
                : "records for " + ((LoadLimit.TimeLimit) config.limit()).duration().toMillis() / 1000.0 + " s";
        String rate = config.recordsPerSecond() == 0 ? "unlimited" : LoadReport.formatCount(config.recordsPerSecond()) + "/s";
        return "sending " + limit + " to delivery stream " + config.deliveryStreamName() + " via " + operation + " at "
                + requestUri + "  concurrency " + config.concurrency() + "  rate " + rate;
    }

    private OutputStream openSaveFile() throws IOException {
        if (config.saveFile().isEmpty()) {
            return null;
        }
        return new BufferedOutputStream(Files.newOutputStream(config.saveFile().get()), 1 << 16);
    }

    private static double rateOf(long records, long nanos) {
        return nanos <= 0 ? 0 : records * 1e9 / nanos;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        String message = cause.getMessage() == null || cause.getMessage().isBlank() ? "no message" : cause.getMessage();
        return cause.getClass().getSimpleName() + " from " + requestUri + ": " + message;
    }

    private static String abbreviate(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= MAX_ERROR_BODY_CHARACTERS ? text : text.substring(0, MAX_ERROR_BODY_CHARACTERS) + "...";
    }

    private static ThreadFactory daemonThreads(String namePrefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, namePrefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** An AWS JSON error body's {@code __type} (without namespace) and message; empty strings when absent. */
    private record ErrorBody(String type, String message) {
        static ErrorBody of(byte[] body) {
            try {
                JsonNode root = JSON.readTree(body);
                if (root != null && root.isObject()) {
                    String type = root.path("__type").asText("");
                    String message = root.has("message") ? root.path("message").asText("") : root.path("Message").asText("");
                    return new ErrorBody(type.substring(type.lastIndexOf('#') + 1), message);
                }
            } catch (IOException e) {
                // Not JSON: report the raw body below.
            }
            return new ErrorBody("", abbreviate(body));
        }
    }

    /** Prints a progress line per interval, with the rate and latencies of that interval. */
    private final class Progress {
        private long lastNanos;
        private long lastSent;
        private LatencyHistogram.Snapshot lastLatency = latency.snapshot();
        private int lastLength;

        Progress(long startNanos) {
            this.lastNanos = startNanos;
        }

        /** Prints the rate and latencies of the interval since the previous line. */
        synchronized void print() {
            long now = System.nanoTime();
            long sent = recordsSent.sum();
            LatencyHistogram.Snapshot snapshot = latency.snapshot();
            printLine(sent, rateOf(sent - lastSent, now - lastNanos), snapshot.minus(lastLatency));
            lastNanos = now;
            lastSent = sent;
            lastLatency = snapshot;
        }

        /** On a terminal, overwrites the progress line with the whole run's rate and latencies, and ends it. */
        synchronized void finish(long startNanos) {
            if (terminal) {
                long sent = recordsSent.sum();
                printLine(sent, rateOf(sent, System.nanoTime() - startNanos), latency.snapshot());
                output.println();
            }
        }

        /** {@code sent 12,345 records  rate 9,876/s  errors 0  p50 1.2 ms  p99 8.4 ms}, with - for no latencies. */
        private void printLine(long sent, double rate, LatencyHistogram.Snapshot latencies) {
            String line = "sent " + LoadReport.formatCount(sent) + " records  rate " + LoadReport.formatCount(Math.round(rate))
                    + "/s  errors " + LoadReport.formatCount(recordErrors.sum())
                    + "  p50 " + (latencies.count() == 0 ? "-" : LoadReport.formatLatency(latencies.percentile(50)))
                    + "  p99 " + (latencies.count() == 0 ? "-" : LoadReport.formatLatency(latencies.percentile(99)));
            if (terminal) {
                output.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            } else {
                output.println(line);
            }
            output.flush();
            lastLength = line.length();
        }
    }
}
