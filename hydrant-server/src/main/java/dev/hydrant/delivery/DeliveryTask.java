package dev.hydrant.delivery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.control.DeliveryStream;
import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.metrics.StreamMetrics;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.ErrorType;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.LogReader;
import dev.hydrant.spi.LogRecord;
import dev.hydrant.spi.ObjectStore;
import dev.hydrant.spi.RecordLog;
import dev.hydrant.storage.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The data plane of one delivery stream: reads the stream's log, buffers records by BufferingHints, and writes each
 * buffer as one object into the destination bucket. The log cursor is committed only after the object is durable
 * (Kafka Connect's rule), and each object's key is derived from its log offsets, so redelivery after a crash
 * rewrites the same key: exactly-once objects.
 */
public final class DeliveryTask implements AutoCloseable {
    public static final String CONSUMER = "delivery";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryTask.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long INITIAL_BACKOFF_MILLIS = 1000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final int PARTITION = 0;

    private final DeliveryStream stream;
    private final RecordLog log;
    private final ObjectStore store;
    private final Path intentFile;
    private final EpochClock clock;
    private final StreamMetrics metrics;
    private final ErrorEventLog errorEventLog;
    private final ObjectKeyFormat keyFormat;
    private final Thread thread;
    private final List<LogRecord> buffer = new ArrayList<>();
    private long bufferedBytes;
    private volatile boolean running = true;
    private volatile boolean drainOnStop = true;
    private volatile Throwable failure;
    private long errors;

    /**
     * @param errorEventLog where delivery errors are reported when CloudWatchLoggingOptions are enabled, or null
     */
    public DeliveryTask(DeliveryStream stream, RecordLog log, ObjectStore store, Path stateDirectory, EpochClock clock, StreamMetrics metrics, ErrorEventLog errorEventLog) {
        this.stream = requireNonNull(stream, "stream is null");
        this.log = requireNonNull(log, "log is null");
        this.store = requireNonNull(store, "store is null");
        this.intentFile = requireNonNull(stateDirectory, "stateDirectory is null").resolve("pending-object.json");
        this.clock = requireNonNull(clock, "clock is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.errorEventLog = errorEventLog;
        this.keyFormat = new ObjectKeyFormat(stream.name(), stream.destination());
        this.thread = new Thread(this::run, "delivery-" + stream.name());
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Wakes the task because new records are durable in the log. */
    public void wake() {
        LockSupport.unpark(thread);
    }

    public DeliveryStream stream() {
        return stream;
    }

    public StreamMetrics metrics() {
        return metrics;
    }

    /** The error that stopped the task, or null while it runs or after a clean stop. */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        MDC.put("stream", stream.name());
        MDC.put("task", "delivery");
        try {
            long committed = log.registerConsumer(CONSUMER, PARTITION);
            try (LogReader reader = log.reader(PARTITION, committed)) {
                redeliverPendingObject(reader, committed);
                loop(reader);
            }
        }
        catch (Throwable e) {
            failure = e;
            LOG.error("Delivery task of {} stopped: {}", stream.name(), e.toString(), e);
        }
    }

    private void redeliverPendingObject(LogReader reader, long committed) throws IOException {
        if (!Files.exists(intentFile)) {
            return;
        }
        PendingObject pending = MAPPER.readValue(intentFile.toFile(), PendingObject.class);
        if (pending.startOffset() != committed || pending.endOffset() <= committed) {
            return;
        }
        List<LogRecord> records = new ArrayList<>();
        while (reader.position() < pending.endOffset()) {
            if (reader.poll(records, (int) Math.min(Integer.MAX_VALUE, pending.endOffset() - reader.position()), Long.MAX_VALUE) == 0) {
                throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Log ends before the pending object's end offset " + pending.endOffset());
            }
        }
        LOG.info("Redelivering object for offsets {}..{} after restart", pending.startOffset(), pending.endOffset());
        deliverWithRetries(records, pending.versionId());
    }

    private void loop(LogReader reader) throws IOException {
        S3DestinationConfig destination = stream.destination();
        long sizeLimit = destination.bufferingHints().sizeInBytes();
        long intervalMillis = destination.bufferingHints().intervalInMillis();
        while (true) {
            boolean stopping = !running;
            long room = sizeLimit - bufferedBytes;
            if (room > 0) {
                int before = buffer.size();
                reader.poll(buffer, 100_000, room);
                for (int i = before; i < buffer.size(); i++) {
                    bufferedBytes += buffer.get(i).data().length;
                }
            }
            metrics.oldestUndelivered(buffer.isEmpty() ? -1 : buffer.get(0).arrivalTimestamp());
            boolean full = bufferedBytes >= sizeLimit;
            boolean due = !buffer.isEmpty() && clock.millis() - buffer.get(0).arrivalTimestamp() >= intervalMillis;
            if (!buffer.isEmpty() && (full || due || (stopping && drainOnStop))) {
                if (!deliverWithRetries(buffer, stream.versionId())) {
                    return;
                }
                buffer.clear();
                bufferedBytes = 0;
                continue;
            }
            if (stopping) {
                return;
            }
            long parkMillis = buffer.isEmpty() ? Long.MAX_VALUE : buffer.get(0).arrivalTimestamp() + intervalMillis - clock.millis();
            LockSupport.parkNanos(Math.max(1, Math.min(MAX_IDLE_PARK_NANOS, TimeUnit.MILLISECONDS.toNanos(parkMillis))));
        }
    }

    /** Delivers one object, retrying external failures with backoff; false if the task stopped before success. */
    private boolean deliverWithRetries(List<LogRecord> records, long versionId) throws IOException {
        long backoff = INITIAL_BACKOFF_MILLIS;
        while (true) {
            try {
                deliver(records, versionId);
                return true;
            }
            catch (IOException | HydrantException e) {
                if (e instanceof HydrantException hydrantException && hydrantException.errorCode().type() == ErrorType.INTERNAL_ERROR) {
                    throw hydrantException;
                }
                errors++;
                metrics.deliveryFailed();
                String message = "Delivery to bucket " + stream.destination().bucketName() + " failed: " + e.getMessage();
                if (errors == 1 || errors % 100 == 0) {
                    LOG.warn("{} (attempt {}, retrying in {} ms)", message, errors, backoff);
                }
                if (errorEventLog != null) {
                    errorEventLog.error(stream.arn(), stream.destination().bucketArn(), versionId, "S3.DeliveryFailed", message);
                }
            }
            if (!running) {
                // The records stay in the log and are delivered after the next start.
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    private void deliver(List<LogRecord> records, long versionId) throws IOException {
        long startOffset = records.get(0).offset();
        long endOffset = records.get(records.size() - 1).offset() + 1;
        AtomicFiles.write(intentFile, MAPPER.writeValueAsBytes(new PendingObject(startOffset, endOffset, versionId)));
        String uniqueId = objectId(versionId, startOffset, endOffset);
        long oldestArrival = records.get(0).arrivalTimestamp();
        String key = keyFormat.objectKey(versionId, oldestArrival, uniqueId);
        String bucket = stream.destination().bucketName();
        if (!store.bucketExists(bucket)) {
            store.createBucket(bucket);
        }
        long bytes = 0;
        for (LogRecord record : records) {
            bytes += record.data().length;
        }
        String entryName = Compressor.zipEntryName(key);
        store.putObject(bucket, key, out -> {
            try (OutputStream compressed = Compressor.wrap(stream.destination().compressionFormat(), out, entryName)) {
                for (LogRecord record : records) {
                    compressed.write(record.data());
                }
            }
        });
        log.commit(CONSUMER, PARTITION, endOffset);
        metrics.delivered(records.size(), bytes);
        errors = 0;
        LOG.debug("Delivered {} records ({} bytes, offsets {}..{}) to {}/{}", records.size(), bytes, startOffset, endOffset, bucket, key);
    }

    /** A UUID-shaped id derived from the stream, its version and the object's log offsets. */
    String objectId(long versionId, long startOffset, long endOffset) {
        String identity = stream.arn() + "/" + stream.createTimestamp() + "/" + versionId + "/" + PARTITION + "/" + startOffset + "-" + endOffset;
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Stops the task. With {@code drain}, everything durable in the log is delivered first (clean shutdown, update
     * of the destination); without it the buffer is dropped from memory, and stays in the log.
     */
    public void stop(boolean drain) {
        drainOnStop = drain;
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(true);
    }
}
