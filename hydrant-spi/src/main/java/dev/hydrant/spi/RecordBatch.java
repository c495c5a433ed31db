package dev.hydrant.spi;

import java.util.Arrays;
import java.util.List;

/**
 * The records of one append, back to back in one array, so that a batch of 500 records costs one allocation instead
 * of 500. Producers either {@link #add} whole records or {@link #claim} room and write a record in place (the
 * gateway decodes base64 straight into the batch). Not thread-safe; handed over to the log once complete.
 *
 * <p>A batch may leave {@link #headroom} bytes free before every record, so that a log whose frame header has that
 * size writes the header in place and appends the array as it is, without copying the records into frames.
 */
public final class RecordBatch {
    private final int headroom;
    private byte[] data;
    private int size;
    private int[] ends;
    private int count;

    public RecordBatch(int expectedRecords, int expectedBytes) {
        this(expectedRecords, expectedBytes, 0);
    }

    /** @param headroom bytes to leave free before every record (see the class comment) */
    public RecordBatch(int expectedRecords, int expectedBytes, int headroom) {
        if (headroom < 0) {
            throw new IllegalArgumentException("negative headroom " + headroom);
        }
        this.headroom = headroom;
        this.data = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(16L, expectedBytes + (long) Math.max(1, expectedRecords) * headroom))];
        this.ends = new int[Math.max(1, expectedRecords)];
    }

    public static RecordBatch of(List<byte[]> records) {
        int bytes = 0;
        for (byte[] record : records) {
            bytes += record.length;
        }
        RecordBatch batch = new RecordBatch(records.size(), bytes);
        records.forEach(batch::add);
        return batch;
    }

    /**
     * Adds a record of {@code length} bytes and returns the offset in {@link #array()} where its bytes are to be
     * written. The array may be replaced by the next claim, so fetch it after claiming.
     */
    public int claim(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative record length " + length);
        }
        int offset = size + headroom;
        long needed = (long) headroom + length;
        if (data.length - size < needed) {
            data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(size + needed, data.length * 2L)));
        }
        if (count == ends.length) {
            ends = Arrays.copyOf(ends, ends.length * 2);
        }
        size += (int) needed;
        ends[count++] = size;
        return offset;
    }

    public void add(byte[] record) {
        int offset = claim(record.length);
        System.arraycopy(record, 0, data, offset, record.length);
    }

    public byte[] array() {
        return data;
    }

    public int count() {
        return count;
    }

    /** Total bytes of all records. */
    public long dataBytes() {
        return size - (long) count * headroom;
    }

    /** Bytes left free before every record. */
    public int headroom() {
        return headroom;
    }

    /** Bytes of {@link #array()} in use, from index 0: the records and their headroom. */
    public int usedBytes() {
        return size;
    }

    public int offset(int index) {
        checkIndex(index);
        return (index == 0 ? 0 : ends[index - 1]) + headroom;
    }

    public int length(int index) {
        checkIndex(index);
        return ends[index] - (index == 0 ? 0 : ends[index - 1]) - headroom;
    }

    /** A copy of one record. */
    public byte[] record(int index) {
        return Arrays.copyOfRange(data, offset(index), offset(index) + length(index));
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("record " + index + " of " + count);
        }
    }
}
