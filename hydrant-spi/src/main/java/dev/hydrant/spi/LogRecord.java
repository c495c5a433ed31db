package dev.hydrant.spi;

/**
 * One record read back from a {@link RecordLog}.
 *
 * @param offset position of the record in its partition
 * @param arrivalTimestamp epoch milliseconds at which Hydrant accepted the record (Firehose's approximateArrivalTimestamp)
 * @param data the record's bytes, exactly as the producer sent them
 */
public record LogRecord(long offset, long arrivalTimestamp, byte[] data) {}
