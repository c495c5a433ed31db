package dev.hydrant.analytics.connector;

import java.util.List;

/**
 * The records one checkpoint produced for an output, numbered by the writer: sequence numbers grow across
 * checkpoints and restores (the next number is writer state), which is what lets the committer skip batches it
 * already appended when Flink re-commits them after a restore.
 */
public record OutputBatch(long sequence, List<byte[]> records) {
    public OutputBatch {
        records = List.copyOf(records);
    }
}
