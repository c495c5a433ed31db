package dev.hydrant.analytics.connector;

import org.apache.flink.api.connector.source.SourceSplit;

/** One partition of a delivery stream's log, and the offset of the next record to read. */
public record LogSplit(int partition, long offset) implements SourceSplit, java.io.Serializable {
    @Override
    public String splitId() {
        return "partition-" + partition;
    }
}
