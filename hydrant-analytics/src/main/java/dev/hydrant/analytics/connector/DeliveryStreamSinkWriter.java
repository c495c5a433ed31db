package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.RecordBatch;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.table.data.RowData;

/** Buffers an output's serialized rows until the next checkpoint, then hands them over as one numbered batch. */
final class DeliveryStreamSinkWriter implements CommittingSinkWriter<RowData, OutputBatch>, StatefulSinkWriter<RowData, Long> {
    private final OutputRecordSerializer serializer;
    private RecordBatch buffered = new RecordBatch(1024, 64 * 1024);
    private long nextSequence;

    DeliveryStreamSinkWriter(OutputRecordSerializer serializer, long nextSequence) {
        this.serializer = requireNonNull(serializer, "serializer is null");
        this.nextSequence = nextSequence;
    }

    @Override
    public void write(RowData row, Context context) {
        buffered.add(serializer.serialize(row));
    }

    @Override
    public void flush(boolean endOfInput) {}

    @Override
    public Collection<OutputBatch> prepareCommit() {
        if (buffered.count() == 0) {
            return List.of();
        }
        OutputBatch batch = new OutputBatch(nextSequence++, buffered);
        // the next checkpoint's rows are likely as many
        buffered = new RecordBatch(Math.min(buffered.count(), 1 << 20), (int) Math.min(16L << 20, buffered.dataBytes()));
        return List.of(batch);
    }

    @Override
    public List<Long> snapshotState(long checkpointId) {
        return List.of(nextSequence);
    }

    @Override
    public void close() {}
}
