package dev.hydrant.log;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import dev.hydrant.storage.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segments of one partition. Writes happen only on the log's appender thread; readers and retention use the
 * concurrent segment map.
 */
final class LogPartition implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogPartition.class);

    private final int id;
    private final Path directory;
    private final long segmentBytes;
    /** Segment files that retention freed, kept for reuse (see {@link SegmentFormat}); at most {@link #MAX_FREE_SEGMENTS}. */
    static final int MAX_FREE_SEGMENTS = 2;
    static final String FREE_DIRECTORY = "free";
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final java.util.concurrent.ConcurrentLinkedDeque<Path> freeSegments = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger freeSequence = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong retainedBytes = new AtomicLong();
    /** Bytes ever appended (since open; starting with what was on disk), for the undelivered-bytes cap. */
    private final AtomicLong appendedBytes = new AtomicLong();
    /** First offset of each append to the number of bytes appended before it; pruned as consumers commit. */
    private final ConcurrentSkipListMap<Long, Long> appendMarks = new ConcurrentSkipListMap<>();
    private volatile long endOffset;
    // Appender-thread state: what has been written but not yet fsynced.
    private Segment active;
    private long writtenBytes;
    private long writtenNextOffset;
    private boolean dirty;

    private LogPartition(int id, Path directory, long segmentBytes) {
        this.id = id;
        this.directory = requireNonNull(directory, "directory is null");
        this.segmentBytes = segmentBytes;
    }

    static LogPartition open(int id, Path directory, long segmentBytes) throws IOException {
        Files.createDirectories(directory);
        LogPartition partition = new LogPartition(id, directory, segmentBytes);
        Path free = directory.resolve(FREE_DIRECTORY);
        Files.createDirectories(free);
        try (Stream<Path> freeFiles = Files.list(free)) {
            freeFiles.sorted().forEach(partition.freeSegments::add);
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(path -> SegmentFormat.isSegmentFileName(path.getFileName().toString())).sorted().toList();
        }
        for (int i = 0; i < files.size(); i++) {
            boolean last = i == files.size() - 1;
            long nextBase = last ? -1 : SegmentFormat.baseOffsetOf(files.get(i + 1).getFileName().toString());
            Segment segment = Segment.open(files.get(i), nextBase, last);
            partition.segments.put(segment.baseOffset(), segment);
            partition.retainedBytes.addAndGet(last ? segment.durableBytes() : Files.size(files.get(i)));
        }
        if (partition.segments.isEmpty()) {
            Segment first = Segment.create(directory, 0);
            AtomicFiles.syncDirectory(directory);
            partition.segments.put(0L, first);
            partition.retainedBytes.addAndGet(first.durableBytes());
        }
        partition.active = partition.segments.lastEntry().getValue();
        partition.writtenBytes = partition.active.durableBytes();
        partition.writtenNextOffset = partition.active.nextOffset();
        partition.endOffset = partition.writtenNextOffset;
        partition.appendedBytes.set(partition.retainedBytes.get());
        partition.appendMarks.put(partition.endOffset, partition.retainedBytes.get());
        LOG.debug("Opened partition {} at {} with offsets {}..{}", id, directory, partition.startOffset(), partition.endOffset);
        return partition;
    }

    int id() {
        return id;
    }

    long endOffset() {
        return endOffset;
    }

    long startOffset() {
        return segments.firstKey();
    }

    long retainedBytes() {
        return retainedBytes.get();
    }

    /**
     * Bytes of records at or after {@code committedOffset}: what consumers still have to process. Counted per
     * append, so it can overstate by the part of one append that is already consumed; -1 means no consumer.
     */
    long undeliveredBytes(long committedOffset) {
        if (committedOffset < 0) {
            return retainedBytes.get();
        }
        Map.Entry<Long, Long> mark = appendMarks.floorEntry(committedOffset);
        long before = mark == null ? 0 : mark.getValue();
        return Math.max(0, appendedBytes.get() - before);
    }

    /** Forgets append marks that no consumer can need any more. */
    void pruneMarksBefore(long committedOffset) {
        Long floor = appendMarks.floorKey(committedOffset);
        if (floor != null) {
            appendMarks.headMap(floor).clear();
        }
    }

    /** Arrival time of the oldest retained record, or -1 when unknown. */
    long oldestTimestamp() {
        return segments.firstEntry().getValue().firstTimestamp();
    }

    Map.Entry<Long, Segment> segmentFor(long offset) {
        return segments.floorEntry(offset);
    }

    Map.Entry<Long, Segment> segmentAfter(long baseOffset) {
        return segments.higherEntry(baseOffset);
    }

    /** Appender thread: writes encoded frames; returns the offset of the first one. Not durable until {@link #sync}. */
    long write(ByteBuffer frames, int count, long arrivalTimestamp) throws IOException {
        if (writtenBytes >= segmentBytes) {
            roll();
        }
        long firstOffset = writtenNextOffset;
        SegmentFormat.applySalt(frames, count, active.salt());
        int length = frames.remaining();
        long position = writtenBytes;
        try {
            while (frames.hasRemaining()) {
                position += active.channel().write(frames, position);
            }
        }
        catch (IOException e) {
            // Cut off whatever part of the frames reached the file, so the next write starts at a frame boundary.
            active.channel().truncate(writtenBytes);
            throw e;
        }
        active.firstTimestamp(arrivalTimestamp);
        appendMarks.put(firstOffset, appendedBytes.getAndAdd(length));
        writtenBytes += length;
        writtenNextOffset += count;
        appendMarks.put(writtenNextOffset, appendedBytes.get());
        retainedBytes.addAndGet(length);
        dirty = true;
        return firstOffset;
    }

    /**
     * Appender thread: what has been written since the last call, to be made durable by {@link #force}; null when
     * nothing was.
     */
    Written written() {
        if (!dirty) {
            return null;
        }
        dirty = false;
        return new Written(active, writtenNextOffset, writtenBytes);
    }

    /**
     * Any thread: fsyncs the segment of {@code written} and publishes it to readers. An fsync covers everything written
     * to the file before it started, so syncs of later writes may run at the same time as this one and finish first;
     * what readers see only moves forward. Failing to fsync what a later sync already made durable is no failure.
     */
    void force(Written written) throws IOException {
        try {
            written.segment().channel().force(false);
        } catch (IOException e) {
            if (endOffset < written.nextOffset()) {
                throw e;
            }
            return;
        }
        publish(written);
    }

    private synchronized void publish(Written written) {
        if (written.nextOffset() > endOffset) {
            written.segment().appended(written.nextOffset(), written.bytes());
            endOffset = written.nextOffset();
        }
    }

    /**
     * Appender thread: fsyncs and publishes everything written to the active segment, now, whether or not a sync of
     * it is under way elsewhere.
     */
    private void sync() throws IOException {
        dirty = false;
        Written written = new Written(active, writtenNextOffset, writtenBytes);
        written.segment().channel().force(false);
        publish(written);
    }

    /** Frames written up to {@code nextOffset} and byte {@code bytes} of {@code segment}, not yet known durable. */
    record Written(Segment segment, long nextOffset, long bytes) {}

    private void roll() throws IOException {
        sync();
        // A recycled file can be longer than what was written to it; cut the stale rest before sealing.
        if (active.channel().size() > writtenBytes) {
            active.channel().truncate(writtenBytes);
            active.channel().force(true);
        }
        active.sealAt(writtenNextOffset);
        Path free = freeSegments.poll();
        Segment next = free == null ? Segment.create(directory, writtenNextOffset) : Segment.recycle(free, directory, writtenNextOffset);
        AtomicFiles.syncDirectory(directory);
        segments.put(next.baseOffset(), next);
        retainedBytes.addAndGet(next.durableBytes());
        active = next;
        writtenBytes = next.durableBytes();
        LOG.debug("Rolled partition {} to segment {}", id, next.path().getFileName());
    }

    /** Deletes whole segments that hold only offsets below {@code committedOffset}; never the active one. */
    int deleteBefore(long committedOffset) throws IOException {
        int deleted = 0;
        List<Segment> candidates = new ArrayList<>();
        for (Map.Entry<Long, Segment> entry : segments.entrySet()) {
            Map.Entry<Long, Segment> next = segments.higherEntry(entry.getKey());
            if (next == null || next.getKey() > committedOffset) {
                break;
            }
            candidates.add(entry.getValue());
        }
        for (Segment segment : candidates) {
            long size = Files.size(segment.path());
            segments.remove(segment.baseOffset());
            if (freeSegments.size() < MAX_FREE_SEGMENTS) {
                segment.close();
                Path free = directory.resolve(FREE_DIRECTORY).resolve(String.format("%020d-%d.free", segment.baseOffset(), freeSequence.incrementAndGet()));
                Files.move(segment.path(), free, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                freeSegments.add(free);
            }
            else {
                segment.delete();
            }
            retainedBytes.addAndGet(-size);
            deleted++;
        }
        if (deleted > 0) {
            AtomicFiles.syncDirectory(directory);
            AtomicFiles.syncDirectory(directory.resolve(FREE_DIRECTORY));
            LOG.debug("Retention deleted {} segments of partition {} below offset {}", deleted, id, committedOffset);
        }
        return deleted;
    }

    @Override
    public void close() {
        segments.values().forEach(Segment::close);
    }
}
