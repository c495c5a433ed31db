package dev.hydrant.log;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.AppendResult;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.LogReader;
import dev.hydrant.spi.RecordBatch;
import dev.hydrant.spi.RecordLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The embedded {@link RecordLog}: segment files on local disk (layout in {@link SegmentFormat}), one directory per
 * partition, written by a single appender thread that does group commit.
 *
 * <p>Callers encode their frames (and CRCs) on their own thread and queue them. The appender drains everything
 * queued, writes it, issues one fsync per partition touched, and only then completes the callers' futures. Under
 * load, one fsync acknowledges many requests.
 */
public final class SegmentedLog implements RecordLog {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);
    private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);

    private final String name;
    private final Path directory;
    private final LogConfig config;
    private final EpochClock clock;
    private final LogPartition[] partitions;
    private final ConsumerOffsets consumerOffsets;
    private final LinkedBlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
    private final List<AppendListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread appender;
    private volatile boolean running = true;
    private volatile long lastConsumerProgress;
    private volatile IOException failure;

    private SegmentedLog(String name, Path directory, LogConfig config, EpochClock clock, LogPartition[] partitions, ConsumerOffsets consumerOffsets) {
        this.name = requireNonNull(name, "name is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.partitions = requireNonNull(partitions, "partitions is null");
        this.consumerOffsets = requireNonNull(consumerOffsets, "consumerOffsets is null");
        this.lastConsumerProgress = clock.millis();
        this.appender = new Thread(this::runAppender, "log-appender-" + name);
        this.appender.setDaemon(true);
    }

    /** Opens (recovering torn tails) or creates the log in {@code directory}. */
    public static SegmentedLog open(String name, Path directory, LogConfig config, EpochClock clock) throws IOException {
        LogPartition[] partitions = new LogPartition[config.partitions()];
        try {
            for (int i = 0; i < partitions.length; i++) {
                partitions[i] = LogPartition.open(i, directory.resolve(Integer.toString(i)), config.segmentBytes());
            }
            SegmentedLog log = new SegmentedLog(name, directory, config, clock, partitions, ConsumerOffsets.load(directory));
            log.appender.start();
            return log;
        }
        catch (IOException | RuntimeException e) {
            for (LogPartition partition : partitions) {
                if (partition != null) {
                    partition.close();
                }
            }
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public int partitionCount() {
        return partitions.length;
    }

    /** The headroom a {@link RecordBatch} leaves before each record so that appending it copies nothing. */
    public static final int RECORD_HEADROOM = SegmentFormat.FRAME_HEADER_BYTES;

    @Override
    public CompletableFuture<AppendResult> append(int partition, RecordBatch records, long arrivalTimestamp) {
        checkPartition(partition);
        if (!running) {
            return CompletableFuture.failedFuture(new HydrantException(ErrorCode.SERVICE_UNAVAILABLE, "Log " + name + " is closed"));
        }
        IOException failed = failure;
        if (failed != null) {
            return CompletableFuture.failedFuture(new HydrantException(ErrorCode.SERVICE_UNAVAILABLE, "Log " + name + " cannot write: " + failed.getMessage()));
        }
        String capReason = capReason(partition);
        if (capReason != null) {
            return CompletableFuture.completedFuture(new AppendResult.Backpressured(capReason));
        }
        int count = records.count();
        long bytes = records.dataBytes() + (long) count * SegmentFormat.FRAME_HEADER_BYTES;
        for (int i = 0; i < count; i++) {
            if (records.length(i) > SegmentFormat.MAX_PAYLOAD_BYTES) {
                throw new HydrantException(ErrorCode.VALIDATION, "Record of " + records.length(i) + " bytes exceeds the log's limit");
            }
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new HydrantException(ErrorCode.VALIDATION, "Batch of " + bytes + " bytes is too large for one append");
        }
        ByteBuffer frames;
        CRC32C crc = CRC.get();
        byte[] data = records.array();
        if (records.headroom() == SegmentFormat.FRAME_HEADER_BYTES) {
            // the headers go into the room the batch left before each record: the array is the frames
            for (int i = 0; i < count; i++) {
                SegmentFormat.writeFrameHeader(data, records.offset(i) - SegmentFormat.FRAME_HEADER_BYTES, arrivalTimestamp, records.length(i), crc);
            }
            frames = ByteBuffer.wrap(data, 0, records.usedBytes());
        }
        else {
            frames = ByteBuffer.allocate((int) bytes);
            for (int i = 0; i < count; i++) {
                SegmentFormat.writeFrame(frames, arrivalTimestamp, data, records.offset(i), records.length(i), crc);
            }
            frames.flip();
        }
        CompletableFuture<AppendResult> future = new CompletableFuture<>();
        queue.add(new PendingAppend(partition, frames, count, arrivalTimestamp, future));
        return future;
    }

    private String capReason(int partition) {
        LogPartition logPartition = partitions[partition];
        long undelivered = logPartition.undeliveredBytes(consumerOffsets.minimum(partition));
        if (undelivered > config.maxRetainedBytes()) {
            return "Log of " + name + " holds " + undelivered + " bytes not yet delivered, over its cap of " + config.maxRetainedBytes();
        }
        long lag = consumerLag(partition);
        if (lag > 0 && clock.millis() - lastConsumerProgress > config.maxRetainedAgeMillis()) {
            return "Delivery of " + name + " has made no progress for over " + config.maxRetainedAgeMillis() / 1000 + " s";
        }
        return null;
    }

    private long consumerLag(int partition) {
        long minimum = consumerOffsets.minimum(partition);
        return minimum < 0 ? 0 : partitions[partition].endOffset() - minimum;
    }

    private void checkPartition(int partition) {
        if (partition < 0 || partition >= partitions.length) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Log " + name + " has no partition " + partition);
        }
    }

    private void runAppender() {
        MDC.put("stream", name);
        List<PendingAppend> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                PendingAppend first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                writeAndSync(batch);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            finally {
                batch.clear();
            }
        }
        // Fail whatever could not be written because the log closed.
        PendingAppend left;
        while ((left = queue.poll()) != null) {
            left.future().completeExceptionally(new HydrantException(ErrorCode.SERVICE_UNAVAILABLE, "Log " + name + " is closed"));
        }
    }

    private void writeAndSync(List<PendingAppend> batch) {
        long[] firstOffsets = new long[batch.size()];
        boolean[] written = new boolean[batch.size()];
        IOException error = null;
        for (int i = 0; i < batch.size(); i++) {
            PendingAppend pending = batch.get(i);
            try {
                firstOffsets[i] = partitions[pending.partition()].write(pending.frames(), pending.count(), pending.arrivalTimestamp());
                written[i] = true;
            }
            catch (IOException e) {
                error = e;
                pending.future().completeExceptionally(new HydrantException(ErrorCode.SERVICE_UNAVAILABLE, "Log write failed: " + e.getMessage(), e));
            }
        }
        boolean[] synced = new boolean[partitions.length];
        for (LogPartition partition : partitions) {
            try {
                partition.sync();
                synced[partition.id()] = true;
            }
            catch (IOException e) {
                error = e;
                LOG.error("fsync of log {} partition {} failed; refusing further appends", name, partition.id(), e);
                failure = e;
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            PendingAppend pending = batch.get(i);
            if (!written[i]) {
                continue;
            }
            if (synced[pending.partition()]) {
                pending.future().complete(new AppendResult.Appended(pending.partition(), firstOffsets[i], pending.count()));
            }
            else {
                pending.future().completeExceptionally(new HydrantException(ErrorCode.SERVICE_UNAVAILABLE, "Log fsync failed"));
            }
        }
        if (error != null) {
            LOG.warn("Log {} write error: {}", name, error.toString());
        }
        for (LogPartition partition : partitions) {
            if (synced[partition.id()]) {
                for (AppendListener listener : listeners) {
                    listener.appended(partition.id(), partition.endOffset());
                }
            }
        }
    }

    @Override
    public long endOffset(int partition) {
        checkPartition(partition);
        return partitions[partition].endOffset();
    }

    @Override
    public long startOffset(int partition) {
        checkPartition(partition);
        return partitions[partition].startOffset();
    }

    /** Bytes of segment files currently retained by the partition. */
    public long retainedBytes(int partition) {
        checkPartition(partition);
        return partitions[partition].retainedBytes();
    }

    @Override
    public LogReader reader(int partition, long fromOffset) {
        checkPartition(partition);
        return new SegmentedLogReader(partitions[partition], fromOffset);
    }

    @Override
    public synchronized long registerConsumer(String consumer, int partition) {
        checkPartition(partition);
        long[] committed = consumerOffsets.get(consumer);
        if (committed == null) {
            committed = new long[partitions.length];
            for (int i = 0; i < partitions.length; i++) {
                committed[i] = partitions[i].startOffset();
            }
            consumerOffsets.put(consumer, committed);
        }
        return Math.max(committed[partition], partitions[partition].startOffset());
    }

    @Override
    public synchronized void commit(String consumer, int partition, long offset) {
        checkPartition(partition);
        long[] committed = consumerOffsets.get(consumer);
        if (committed == null) {
            throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Consumer " + consumer + " of log " + name + " is not registered");
        }
        if (offset < committed[partition] || offset > partitions[partition].endOffset()) {
            throw new HydrantException(ErrorCode.INTERNAL_FAILURE,
                    "Consumer " + consumer + " of log " + name + " committed offset " + offset + " outside " + committed[partition] + ".." + partitions[partition].endOffset());
        }
        committed[partition] = offset;
        consumerOffsets.put(consumer, committed);
        lastConsumerProgress = clock.millis();
        applyRetention(partition);
    }

    @Override
    public synchronized void unregisterConsumer(String consumer) {
        consumerOffsets.remove(consumer);
    }

    private void applyRetention(int partition) {
        long minimum = consumerOffsets.minimum(partition);
        if (minimum < 0) {
            return;
        }
        partitions[partition].pruneMarksBefore(minimum);
        try {
            partitions[partition].deleteBefore(minimum);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Retention of log " + name + " failed", e);
        }
    }

    @Override
    public void onAppend(AppendListener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    /** Stops accepting appends, writes and fsyncs everything already queued, and closes the files. */
    @Override
    public void close() {
        running = false;
        try {
            appender.join(TimeUnit.SECONDS.toMillis(30));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (LogPartition partition : partitions) {
            partition.close();
        }
    }

    private record PendingAppend(int partition, ByteBuffer frames, int count, long arrivalTimestamp, CompletableFuture<AppendResult> future) {}
}
