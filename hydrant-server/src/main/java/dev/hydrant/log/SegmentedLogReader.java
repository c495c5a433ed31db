package dev.hydrant.log;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.LogReader;
import dev.hydrant.spi.LogRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/** Reads one partition sequentially with positional reads, never past the fsynced end of the active segment. */
final class SegmentedLogReader implements LogReader {
    private static final int READ_CHUNK_BYTES = 1024 * 1024;

    private final LogPartition partition;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK_BYTES);
    private Segment segment;
    private long filePosition;
    private long offset;

    SegmentedLogReader(LogPartition partition, long fromOffset) {
        this.partition = requireNonNull(partition, "partition is null");
        seek(fromOffset);
    }

    @Override
    public long position() {
        return offset;
    }

    @Override
    public void seek(long target) {
        long start = partition.startOffset();
        if (target < start) {
            target = start;
        }
        if (target > partition.endOffset()) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Offset " + target + " is beyond the end of the log (" + partition.endOffset() + ")");
        }
        Map.Entry<Long, Segment> entry = partition.segmentFor(target);
        segment = entry.getValue();
        Map.Entry<Long, Long> hint = segment.seekHint(target);
        offset = hint.getKey();
        filePosition = hint.getValue();
        buffer.clear().limit(0);
        while (offset < target) {
            if (!skipOne()) {
                throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Log segment " + segment.path() + " ends before offset " + target);
            }
        }
    }

    private boolean skipOne() {
        if (!ensureFrame()) {
            return false;
        }
        int frame = SegmentFormat.frameBytes(SegmentFormat.payloadLength(buffer, buffer.position()));
        buffer.position(buffer.position() + frame);
        filePosition += frame;
        offset++;
        return true;
    }

    @Override
    public int poll(List<LogRecord> into, int maxRecords, long maxBytes) {
        try {
            return read(maxRecords, maxBytes, (recordOffset, timestamp, data, from, length) ->
                    into.add(new LogRecord(recordOffset, timestamp, Arrays.copyOfRange(data, from, from + length))));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e); // the copying visitor does no I/O
        }
    }

    @Override
    public int read(int maxRecords, long maxBytes, RecordVisitor visitor) throws IOException {
        int read = 0;
        long bytes = 0;
        while (read < maxRecords && bytes < maxBytes) {
            if (!ensureFrame()) {
                break;
            }
            int framePosition = buffer.position();
            int length = SegmentFormat.payloadLength(buffer, framePosition);
            long timestamp = SegmentFormat.arrivalTimestamp(buffer, framePosition);
            int frame = SegmentFormat.frameBytes(length);
            // advance first: the visitor may throw, and the record is then not read again by this reader
            buffer.position(framePosition + frame);
            filePosition += frame;
            long recordOffset = offset++;
            read++;
            bytes += length;
            visitor.record(recordOffset, timestamp, buffer.array(), buffer.arrayOffset() + framePosition + SegmentFormat.FRAME_HEADER_BYTES, length);
        }
        return read;
    }

    /** Makes sure a whole, valid frame starts at the buffer's position; false at the durable end of the log. */
    private boolean ensureFrame() {
        while (true) {
            if (buffer.remaining() >= SegmentFormat.FRAME_HEADER_BYTES) {
                int length = SegmentFormat.payloadLength(buffer, buffer.position());
                if (buffer.remaining() >= SegmentFormat.frameBytes(length)) {
                    if (SegmentFormat.validFrameBytes(buffer, buffer.position(), buffer.limit(), segment.salt(), crc) < 0) {
                        throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Corrupt record at offset " + offset + " in " + segment.path());
                    }
                    return true;
                }
                if (buffer.capacity() < SegmentFormat.frameBytes(length)) {
                    buffer = ByteBuffer.allocate(SegmentFormat.frameBytes(length));
                    buffer.limit(0);
                }
            }
            if (!fill()) {
                return false;
            }
        }
    }

    /** Reads more bytes of the current segment, or moves to the next segment; false when nothing more is durable. */
    private boolean fill() {
        long durable = segment.durableBytes();
        long unread = filePosition + buffer.remaining();
        if (unread >= durable) {
            Map.Entry<Long, Segment> next = partition.segmentAfter(segment.baseOffset());
            if (next == null || offset < next.getKey() || unread < segment.durableBytes()) {
                return false;
            }
            segment = next.getValue();
            filePosition = SegmentFormat.HEADER_BYTES;
            buffer.clear().limit(0);
            return true;
        }
        buffer.compact();
        try {
            int wanted = (int) Math.min(buffer.remaining(), durable - unread);
            ByteBuffer target = buffer.duplicate().limit(buffer.position() + wanted);
            long readAt = unread;
            while (target.hasRemaining()) {
                int read = segment.channel().read(target, readAt);
                if (read < 0) {
                    throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Log segment " + segment.path() + " is shorter than its durable size");
                }
                readAt += read;
            }
            buffer.position(target.position());
        }
        catch (ClosedChannelException e) {
            throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Log segment " + segment.path() + " was deleted while being read", e);
        }
        catch (IOException e) {
            throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Failed to read log segment " + segment.path() + ": " + e.getMessage(), e);
        }
        buffer.flip();
        return true;
    }

    @Override
    public void close() {
        buffer = ByteBuffer.allocate(0);
    }
}
