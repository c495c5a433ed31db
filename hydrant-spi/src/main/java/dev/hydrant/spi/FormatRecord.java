package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

/** One record handed to format conversion: its data (JSON text) and when Firehose received it (epoch ms). */
public record FormatRecord(byte[] data, long approximateArrivalTimestamp) {
    public FormatRecord {
        requireNonNull(data, "data is null");
    }
}
