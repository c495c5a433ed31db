package dev.hydrant.spi;

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

    @Override
    void close();
}
