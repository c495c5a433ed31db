package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.table.data.RowData;

/** Buffers an output's serialized rows until the next checkpoint, then hands them over as one numbered batch. */
final class DeliveryStreamSinkWriter implements CommittingSinkWriter<RowData, OutputBatch>, StatefulSinkWriter<RowData, Long> {
    private final OutputRecordSerializer serializer;
    private List<byte[]> buffered = new ArrayList<>();
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
        if (buffered.isEmpty()) {
            return List.of();
        }
        OutputBatch batch = new OutputBatch(nextSequence++, buffered);
        buffered = new ArrayList<>(batch.records().size()); // the next checkpoint's rows are likely as many
        return List.of(batch);
    }

    @Override
    public List<Long> snapshotState(long checkpointId) {
        return List.of(nextSequence);
    }

    @Override
    public void close() {}
}
