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
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The embedded {@link RecordLog}: segment files on local disk (layout in {@link SegmentFormat}), one directory per
 * partition, written by a single appender thread and made durable by group commit.
 *
 * <p>Callers encode their frames (and CRCs) on their own thread and queue them. The appender drains everything
 * queued and writes it; a syncer then takes every written group waiting, issues one fsync per partition touched, and
 * only then completes the callers' futures. Under load, one fsync acknowledges many requests. There are two syncers,
 * so a group written while an fsync is under way does not wait for it to end before its own fsync starts.
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
    /** Syncers: see {@link #runSyncer()}. */
    private static final int SYNCERS = 2;
    private final LinkedBlockingQueue<WrittenGroup> syncQueue = new LinkedBlockingQueue<>();
    private final List<Thread> syncers = new ArrayList<>();
    /**
     * Deletes and recycles the segments every consumer has committed past, off the committing thread: unlinking a
     * 128 MiB file and syncing the directories takes milliseconds to tens of them on a busy disk, and a commit comes
     * from a delivery thread or a SQL application's task thread. One thread at most, and only while there is work.
     */
    private final ThreadPoolExecutor retention;
    private final AtomicBoolean[] retentionQueued;
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
        this.retention = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "log-retention-" + name);
            thread.setDaemon(true);
            return thread;
        });
        this.retentionQueued = new AtomicBoolean[partitions.length];
        for (int i = 0; i < partitions.length; i++) {
            retentionQueued[i] = new AtomicBoolean();
        }
        this.appender = new Thread(this::runAppender, "log-appender-" + name);
        this.appender.setDaemon(true);
        for (int i = 0; i < SYNCERS; i++) {
            Thread syncer = new Thread(this::runSyncer, "log-sync-" + name + "-" + i);
            syncer.setDaemon(true);
            syncers.add(syncer);
        }
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
            log.syncers.forEach(Thread::start);
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
                syncQueue.add(write(batch));
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

    /** Appender thread: writes a group of appends (not durable yet); what the syncers then make durable. */
    private WrittenGroup write(List<PendingAppend> batch) {
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
        if (error != null) {
            LOG.warn("Log {} write error: {}", name, error.toString());
        }
        LogPartition.Written[] toSync = new LogPartition.Written[partitions.length];
        for (LogPartition partition : partitions) {
            toSync[partition.id()] = partition.written();
        }
        return new WrittenGroup(List.copyOf(batch), firstOffsets, written, toSync);
    }

    /**
     * A syncer: takes every written group waiting, fsyncs the partitions they wrote (one fsync each, covering them all)
     * and completes their appends. The log has {@value #SYNCERS} syncers, so a group written while another group's
     * fsync is under way starts its own at once rather than waiting for that one to end: an acknowledgement waits for
     * one fsync, not for up to two.
     */
    private void runSyncer() {
        MDC.put("stream", name);
        List<WrittenGroup> groups = new ArrayList<>();
        while (appender.isAlive() || !syncQueue.isEmpty()) {
            try {
                WrittenGroup first = syncQueue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                groups.add(first);
                syncQueue.drainTo(groups);
                sync(groups);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            finally {
                groups.clear();
            }
        }
    }

    private void sync(List<WrittenGroup> groups) {
        LogPartition.Written[] latest = new LogPartition.Written[partitions.length];
        for (WrittenGroup group : groups) {
            for (int p = 0; p < partitions.length; p++) {
                LogPartition.Written written = group.toSync()[p];
                if (written != null && (latest[p] == null || written.nextOffset() > latest[p].nextOffset())) {
                    latest[p] = written;
                }
            }
        }
        boolean[] failed = new boolean[partitions.length];
        for (int p = 0; p < partitions.length; p++) {
            if (latest[p] == null) {
                continue;
            }
            try {
                partitions[p].force(latest[p]);
            }
            catch (IOException e) {
                failed[p] = true;
                LOG.error("fsync of log {} partition {} failed; refusing further appends", name, p, e);
                failure = e;
            }
        }
        for (WrittenGroup group : groups) {
            for (int i = 0; i < group.appends().size(); i++) {
                PendingAppend pending = group.appends().get(i);
                if (!group.written()[i]) {
                    continue;
                }
                if (!failed[pending.partition()]) {
                    pending.future().complete(new AppendResult.Appended(pending.partition(), group.firstOffsets()[i], pending.count()));
                }
                else {
                    pending.future().completeExceptionally(new HydrantException(ErrorCode.SERVICE_UNAVAILABLE, "Log fsync failed"));
                }
            }
        }
        for (int p = 0; p < partitions.length; p++) {
            if (latest[p] != null && !failed[p]) {
                for (AppendListener listener : listeners) {
                    listener.appended(p, partitions[p].endOffset());
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
        scheduleRetention(partition);
    }

    @Override
    public synchronized void unregisterConsumer(String consumer) {
        consumerOffsets.remove(consumer);
    }

    /** Queues retention of the partition, unless it is queued already (it then sees this commit too). */
    private void scheduleRetention(int partition) {
        if (retentionQueued[partition].compareAndSet(false, true)) {
            try {
                retention.execute(() -> {
                    retentionQueued[partition].set(false);
                    applyRetention(partition);
                });
            }
            catch (RejectedExecutionException e) { // closing: the next open's first commit applies it
                retentionQueued[partition].set(false);
            }
        }
    }

    /** Retention thread. */
    private void applyRetention(int partition) {
        long minimum = consumerOffsets.minimum(partition);
        if (minimum < 0) {
            return;
        }
        partitions[partition].pruneMarksBefore(minimum);
        try {
            partitions[partition].deleteBefore(minimum);
        }
        catch (IOException | RuntimeException e) {
            LOG.warn("Retention of log {} partition {} failed; it is tried again at the next commit", name, partition, e);
        }
    }

    /** Waits until the retention queued so far is done (for tests). */
    void awaitRetention() throws InterruptedException {
        try {
            retention.submit(() -> {}).get();
        }
        catch (RejectedExecutionException e) {
            retention.awaitTermination(30, TimeUnit.SECONDS);
        }
        catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
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
        retention.shutdown();
        try {
            retention.awaitTermination(30, TimeUnit.SECONDS);
            appender.join(TimeUnit.SECONDS.toMillis(30));
            for (Thread syncer : syncers) {
                syncer.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (LogPartition partition : partitions) {
            partition.close();
        }
    }

    private record PendingAppend(int partition, ByteBuffer frames, int count, long arrivalTimestamp, CompletableFuture<AppendResult> future) {}

    /** Appends written by the appender, with what of each partition an fsync must cover for them (null: nothing). */
    private record WrittenGroup(List<PendingAppend> appends, long[] firstOffsets, boolean[] written, LogPartition.Written[] toSync) {}
}
