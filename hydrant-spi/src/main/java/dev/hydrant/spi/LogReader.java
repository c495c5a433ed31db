package dev.hydrant.spi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A sequential reader over one partition of a {@link RecordLog}. Not thread-safe. */
public interface LogReader extends AutoCloseable {
    /** Offset of the next record {@link #poll} returns. */
    long position();

    /** Moves the reader so that the next record returned is at {@code offset}. */
    void seek(long offset);

    /**
     * Appends up to {@code maxRecords} records, and about {@code maxBytes} of data, to {@code into}.
     * Returns how many were added; zero means the reader is at the end of the log.
     */
    int poll(List<LogRecord> into, int maxRecords, long maxBytes);

    /**
     * Like {@link #poll}, but hands each record to {@code visitor} instead of copying it into a {@link LogRecord}: a
     * reader that holds the bytes in an array passes a range of that array, valid only during the call.
     */
    default int read(int maxRecords, long maxBytes, RecordVisitor visitor) throws IOException {
        List<LogRecord> records = new ArrayList<>();
        int read = poll(records, maxRecords, maxBytes);
        for (LogRecord record : records) {
            visitor.record(record.offset(), record.arrivalTimestamp(), record.data(), 0, record.data().length);
        }
        return read;
    }

    /** Receives the records {@link #read} reads; {@code data[from, from + length)} is the payload. */
    @FunctionalInterface
    interface RecordVisitor {
        void record(long offset, long arrivalTimestamp, byte[] data, int from, int length) throws IOException;
    }

    @Override
    void close();
}
