package dev.hydrant.log;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of a log segment file, {@code <partition>/<baseOffset, 20 digits>.log}.
 *
 * <pre>
 * Segment header (16 bytes, once at the start of the file):
 *  0                   4         6         8                                  16
 * +-------------------+---------+---------+-----------------------------------+
 * | magic 0x4859444C  | version | reserved|            base offset            |
 * |      ("HYDL")     |  (u16)  |  (u16)  |               (i64)               |
 * +-------------------+---------+---------+-----------------------------------+
 *
 * Record frame (repeated; the offset of a record is base offset + its index in the file):
 *  0                   4                   8                                  16
 * +-------------------+-------------------+-----------------------------------+
 * |  payload length   |  CRC32C of bytes  |   arrival timestamp, epoch ms     |
 * |       (i32)       | 8..16+length, XOR |               (i64)               |
 * |                   |  segment salt     |                                   |
 * +-------------------+-------------------+-----------------------------------+
 * |                     payload (length bytes, the record as sent)            |
 * +---------------------------------------------------------------------------+
 * </pre>
 *
 * All integers are big-endian. A frame is valid when its length is within {@code 0..MAX_PAYLOAD_BYTES}, the whole
 * frame lies inside the file, and the CRC matches. Recovery scans the last segment and truncates it at the first
 * invalid frame: that is a write torn by a crash, which was never acknowledged because acknowledgement waits for
 * fsync.
 *
 * <p>Segment files are recycled: a segment that retention no longer needs is renamed to become a later one, so the
 * log overwrites blocks the file system has already allocated, and an fdatasync needs no journal commit. Old frames
 * of the file's previous life may follow the valid tail; the stored CRC is XORed with a salt derived from the base
 * offset ({@link #salt}), so those stale frames fail validation and end the scan like a torn write.
 */
public final class SegmentFormat {
    public static final int MAGIC = 0x4859444C;
    public static final short VERSION = 1;
    public static final int HEADER_BYTES = 16;
    public static final int FRAME_HEADER_BYTES = 16;
    /** Firehose's record limit is 1,000 KiB; the log accepts up to 8 MiB so larger future sources fit. */
    public static final int MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;
    public static final String SEGMENT_SUFFIX = ".log";

    private SegmentFormat() {}

    public static String segmentFileName(long baseOffset) {
        return String.format("%020d%s", baseOffset, SEGMENT_SUFFIX);
    }

    public static long baseOffsetOf(String fileName) {
        return Long.parseLong(fileName.substring(0, fileName.length() - SEGMENT_SUFFIX.length()));
    }

    public static boolean isSegmentFileName(String fileName) {
        return fileName.length() == 20 + SEGMENT_SUFFIX.length()
                && fileName.endsWith(SEGMENT_SUFFIX)
                && fileName.chars().limit(20).allMatch(Character::isDigit);
    }

    public static ByteBuffer header(long baseOffset) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        header.putInt(MAGIC).putShort(VERSION).putShort((short) 0).putLong(baseOffset);
        return header.flip();
    }

    /** Checks a header read from disk; returns a problem description or null when it is valid. */
    public static String checkHeader(ByteBuffer header, long expectedBaseOffset) {
        if (header.remaining() < HEADER_BYTES) {
            return "header is truncated";
        }
        int magic = header.getInt(header.position());
        short version = header.getShort(header.position() + 4);
        long baseOffset = header.getLong(header.position() + 8);
        if (magic != MAGIC) {
            return String.format("bad magic 0x%08X", magic);
        }
        if (version != VERSION) {
            return "unsupported segment version " + version;
        }
        if (baseOffset != expectedBaseOffset) {
            return "base offset " + baseOffset + " does not match file name " + expectedBaseOffset;
        }
        return null;
    }

    public static int frameBytes(int payloadLength) {
        return FRAME_HEADER_BYTES + payloadLength;
    }

    /** The value XORed into every stored CRC of the segment with this base offset. */
    public static int salt(long baseOffset) {
        long mixed = (baseOffset ^ (baseOffset >>> 33)) * 0xff51afd7ed558ccdL;
        mixed = (mixed ^ (mixed >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (mixed ^ (mixed >>> 33));
    }

    /** Applies a segment's salt to the CRCs of {@code count} frames that start at the buffer's position. */
    public static void applySalt(ByteBuffer frames, int count, int salt) {
        int position = frames.position();
        for (int i = 0; i < count; i++) {
            int length = frames.getInt(position);
            frames.putInt(position + 4, frames.getInt(position + 4) ^ salt);
            position += FRAME_HEADER_BYTES + length;
        }
    }

    /** Writes one frame at the buffer's position, with an unsalted CRC (see {@link #applySalt}). */
    public static void writeFrame(ByteBuffer into, long arrivalTimestamp, byte[] payload, CRC32C crc) {
        writeFrame(into, arrivalTimestamp, payload, 0, payload.length, crc);
    }

    /** Writes one frame, with {@code length} payload bytes from {@code source} at {@code offset}. */
    public static void writeFrame(ByteBuffer into, long arrivalTimestamp, byte[] source, int offset, int length, CRC32C crc) {
        int start = into.position();
        into.putInt(length);
        into.putInt(0);
        into.putLong(arrivalTimestamp);
        into.put(source, offset, length);
        crc.reset();
        crc.update(into.array(), into.arrayOffset() + start + 8, 8 + length);
        into.putInt(start + 4, (int) crc.getValue());
    }

    /**
     * Writes the header of a frame whose payload already lies in {@code array} right after it: the header takes
     * {@code array[start, start + FRAME_HEADER_BYTES)}, with an unsalted CRC.
     */
    public static void writeFrameHeader(byte[] array, int start, long arrivalTimestamp, int length, CRC32C crc) {
        ByteBuffer header = ByteBuffer.wrap(array);
        header.putInt(start, length);
        header.putLong(start + 8, arrivalTimestamp);
        crc.reset();
        crc.update(array, start + 8, 8 + length);
        header.putInt(start + 4, (int) crc.getValue());
    }

    /**
     * Returns the size of the valid frame starting at {@code position} in {@code buffer} (absolute indexes), or
     * -1 when the bytes there are not a complete, valid frame.
     */
    public static int validFrameBytes(ByteBuffer buffer, int position, int limit, int salt, CRC32C crc) {
        if (limit - position < FRAME_HEADER_BYTES) {
            return -1;
        }
        int length = buffer.getInt(position);
        if (length < 0 || length > MAX_PAYLOAD_BYTES || limit - position - FRAME_HEADER_BYTES < length) {
            return -1;
        }
        int storedCrc = buffer.getInt(position + 4) ^ salt;
        crc.reset();
        crc.update(buffer.duplicate().position(position + 8).limit(position + FRAME_HEADER_BYTES + length));
        if ((int) crc.getValue() != storedCrc) {
            return -1;
        }
        return FRAME_HEADER_BYTES + length;
    }

    public static int payloadLength(ByteBuffer buffer, int framePosition) {
        return buffer.getInt(framePosition);
    }

    public static long arrivalTimestamp(ByteBuffer buffer, int framePosition) {
        return buffer.getLong(framePosition + 8);
    }
}
