package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.RecordBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The records one checkpoint produced for an output, numbered by the writer: sequence numbers grow across
 * checkpoints and restores (the next number is writer state), which is what lets the committer skip batches it
 * already appended when Flink re-commits them after a restore. The records lie back to back in one array: a
 * checkpoint's rows outlive many young collections, and one array is copied by the collector far faster than a
 * hundred thousand small ones.
 */
public final class OutputBatch {
    private final long sequence;
    private final RecordBatch records;

    /** {@code records} is handed over: nobody adds to it afterwards. */
    public OutputBatch(long sequence, RecordBatch records) {
        this.sequence = sequence;
        this.records = requireNonNull(records, "records is null");
    }

    public static OutputBatch of(long sequence, List<byte[]> records) {
        return new OutputBatch(sequence, RecordBatch.of(records));
    }

    public long sequence() {
        return sequence;
    }

    public int size() {
        return records.count();
    }

    /** The records, each copied into an array of its own. */
    public List<byte[]> records() {
        List<byte[]> copies = new ArrayList<>(records.count());
        for (int i = 0; i < records.count(); i++) {
            copies.add(records.record(i));
        }
        return copies;
    }

    RecordBatch batch() {
        return records;
    }
}
