package dev.hydrant.log;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment file of a partition (see {@link SegmentFormat}). The appender thread is the only writer; readers use
 * positional reads on the shared channel and never look past {@link #durableBytes()}, so they only see fsynced data.
 */
final class Segment implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Segment.class);
    private static final int SCAN_CHUNK_BYTES = 1024 * 1024;
    private static final long INDEX_INTERVAL_BYTES = 1024 * 1024;

    private final Path path;
    private final long baseOffset;
    private final int salt;
    private final FileChannel channel;
    /** Sparse index: offset of a record to its byte position, roughly every {@link #INDEX_INTERVAL_BYTES}. */
    private final ConcurrentSkipListMap<Long, Long> index = new ConcurrentSkipListMap<>();
    private volatile long durableBytes;
    private volatile long nextOffset;
    private volatile long firstTimestamp = -1;
    private long lastIndexedPosition;

    private Segment(Path path, long baseOffset, FileChannel channel, long durableBytes, long nextOffset) {
        this.path = requireNonNull(path, "path is null");
        this.baseOffset = baseOffset;
        this.salt = SegmentFormat.salt(baseOffset);
        this.channel = requireNonNull(channel, "channel is null");
        this.durableBytes = durableBytes;
        this.nextOffset = nextOffset;
        this.lastIndexedPosition = SegmentFormat.HEADER_BYTES;
        index.put(baseOffset, (long) SegmentFormat.HEADER_BYTES);
    }

    static Segment create(Path directory, long baseOffset) throws IOException {
        Path path = directory.resolve(SegmentFormat.segmentFileName(baseOffset));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return initialize(path, baseOffset, channel);
    }

    /**
     * Turns a file retention freed into the segment starting at {@code baseOffset}: renamed into place, with a new
     * header. Its old frames stay behind the header until overwritten; the new salt makes them invalid.
     */
    static Segment recycle(Path free, Path directory, long baseOffset) throws IOException {
        Path path = directory.resolve(SegmentFormat.segmentFileName(baseOffset));
        java.nio.file.Files.move(free, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return initialize(path, baseOffset, channel);
    }

    private static Segment initialize(Path path, long baseOffset, FileChannel channel) throws IOException {
        ByteBuffer header = SegmentFormat.header(baseOffset);
        long position = 0;
        while (header.hasRemaining()) {
            position += channel.write(header, position);
        }
        channel.force(true);
        return new Segment(path, baseOffset, channel, SegmentFormat.HEADER_BYTES, baseOffset);
    }

    /**
     * Opens an existing segment. The last segment of a partition is scanned and truncated at the first invalid
     * frame; earlier segments were sealed after an fsync and are scanned lazily by readers.
     */
    static Segment open(Path path, long nextSegmentBaseOffset, boolean last) throws IOException {
        long baseOffset = SegmentFormat.baseOffsetOf(path.getFileName().toString());
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            ByteBuffer header = ByteBuffer.allocate(SegmentFormat.HEADER_BYTES);
            channel.read(header, 0);
            header.flip();
            String headerProblem = SegmentFormat.checkHeader(header, baseOffset);
            if (headerProblem != null) {
                if (!last || size > SegmentFormat.HEADER_BYTES) {
                    throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Log segment " + path + " is corrupt: " + headerProblem);
                }
                // A crash while creating the segment: nothing was ever written to it.
                LOG.warn("Rewriting torn header of empty segment {}", path);
                channel.truncate(0);
                channel.write(SegmentFormat.header(baseOffset), 0);
                channel.force(true);
                return new Segment(path, baseOffset, channel, SegmentFormat.HEADER_BYTES, baseOffset);
            }
            if (!last) {
                Segment segment = new Segment(path, baseOffset, channel, size, nextSegmentBaseOffset);
                if (size >= SegmentFormat.HEADER_BYTES + SegmentFormat.FRAME_HEADER_BYTES) {
                    ByteBuffer frameHeader = ByteBuffer.allocate(SegmentFormat.FRAME_HEADER_BYTES);
                    channel.read(frameHeader, SegmentFormat.HEADER_BYTES);
                    segment.firstTimestamp(frameHeader.getLong(8));
                }
                return segment;
            }
            Segment segment = new Segment(path, baseOffset, channel, SegmentFormat.HEADER_BYTES, baseOffset);
            long validEnd = segment.scanForRecovery(size);
            if (validEnd < size) {
                LOG.warn("Truncating torn tail of {} from {} to {} bytes", path, size, validEnd);
                channel.truncate(validEnd);
                channel.force(true);
            }
            return segment;
        }
        catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private long scanForRecovery(long size) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocate(SCAN_CHUNK_BYTES);
        long position = SegmentFormat.HEADER_BYTES;
        long offset = baseOffset;
        while (position < size) {
            buffer.clear();
            int wanted = (int) Math.min(buffer.capacity(), size - position);
            buffer.limit(wanted);
            readFully(buffer, position);
            int consumed = 0;
            while (true) {
                int frame = SegmentFormat.validFrameBytes(buffer, consumed, wanted, salt, crc);
                if (frame < 0) {
                    break;
                }
                if (firstTimestamp < 0) {
                    firstTimestamp = SegmentFormat.arrivalTimestamp(buffer, consumed);
                }
                consumed += frame;
                offset++;
            }
            if (consumed == 0) {
                // Either a frame larger than the buffer, or the torn tail (which may be too short to hold a length).
                if (wanted < Integer.BYTES) {
                    break;
                }
                int length = buffer.getInt(0);
                if (length >= 0 && length <= SegmentFormat.MAX_PAYLOAD_BYTES && buffer.capacity() < SegmentFormat.frameBytes(length)
                        && size - position >= SegmentFormat.frameBytes(length)) {
                    buffer = ByteBuffer.allocate(SegmentFormat.frameBytes(length));
                    continue;
                }
                break;
            }
            position += consumed;
            appended(offset, position);
        }
        return position;
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                break;
            }
            at += read;
        }
        buffer.flip();
    }

    /** Called by the appender after an fsync: records up to {@code newNextOffset} end at byte {@code newDurableBytes}. */
    void appended(long newNextOffset, long newDurableBytes) {
        if (newDurableBytes - lastIndexedPosition >= INDEX_INTERVAL_BYTES) {
            index.put(newNextOffset, newDurableBytes);
            lastIndexedPosition = newDurableBytes;
        }
        nextOffset = newNextOffset;
        durableBytes = newDurableBytes;
    }

    void firstTimestamp(long timestamp) {
        if (firstTimestamp < 0) {
            firstTimestamp = timestamp;
        }
    }

    /** Byte position from which a reader can scan forward to reach {@code offset}, with the offset found there. */
    Map.Entry<Long, Long> seekHint(long offset) {
        return index.floorEntry(offset);
    }

    FileChannel channel() {
        return channel;
    }

    int salt() {
        return salt;
    }

    Path path() {
        return path;
    }

    long baseOffset() {
        return baseOffset;
    }

    long durableBytes() {
        return durableBytes;
    }

    long nextOffset() {
        return nextOffset;
    }

    /** Arrival time of the first record, or -1 when unknown (a sealed segment opened after a restart) or empty. */
    long firstTimestamp() {
        return firstTimestamp;
    }

    void sealAt(long finalNextOffset) {
        nextOffset = finalNextOffset;
    }

    @Override
    public void close() {
        try {
            channel.close();
        }
        catch (IOException e) {
            LOG.warn("Failed to close segment {}", path, e);
        }
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }
}
