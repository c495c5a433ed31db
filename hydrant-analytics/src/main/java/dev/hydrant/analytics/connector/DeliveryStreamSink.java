package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;

/**
 * Writes an output's rows to its delivery stream, exactly once across restarts. Two-phase: the writer buffers the
 * serialized rows of a checkpoint and hands them over as one numbered {@link OutputBatch}; the committer appends the
 * batch with {@code Context.put} only when the checkpoint has completed, retrying while the log is backpressured
 * (never dropping). Flink re-commits the batches of the restored checkpoint after a restore; the committer skips what
 * its {@link CommitMarker} says is already appended. Run with parallelism 1.
 */
public final class DeliveryStreamSink implements Sink<RowData>, SupportsCommitter<OutputBatch>, SupportsWriterState<RowData, Long> {
    private static final long serialVersionUID = 1L;

    private final String contextKey;
    private final String outputId;
    private final String deliveryStream;
    private final OutputRecordSerializer serializer;

    public DeliveryStreamSink(String contextKey, String outputId, String deliveryStream, OutputRecordSerializer serializer) {
        this.contextKey = requireNonNull(contextKey, "contextKey is null");
        this.outputId = requireNonNull(outputId, "outputId is null");
        this.deliveryStream = requireNonNull(deliveryStream, "deliveryStream is null");
        this.serializer = requireNonNull(serializer, "serializer is null");
    }

    /** The marker of an output in an application's state directory. */
    public static Path markerFile(Path stateDirectory, String outputId) {
        return stateDirectory.resolve("outputs").resolve(outputId + ".committed");
    }

    private CommitMarker marker() {
        return new CommitMarker(markerFile(ApplicationContexts.get(contextKey).stateDirectory(), outputId));
    }

    @Override
    public DeliveryStreamSinkWriter createWriter(WriterInitContext context) {
        // a run without restored state continues numbering after whatever an earlier run appended
        return new DeliveryStreamSinkWriter(serializer, marker().nextSequence());
    }

    @Override
    public StatefulSinkWriter<RowData, Long> restoreWriter(WriterInitContext context, Collection<Long> recoveredState) {
        if (recoveredState.isEmpty()) {
            return createWriter(context);
        }
        return new DeliveryStreamSinkWriter(serializer, recoveredState.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    @Override
    public SimpleVersionedSerializer<Long> getWriterStateSerializer() {
        return new SequenceSerializer();
    }

    @Override
    public Committer<OutputBatch> createCommitter(CommitterInitContext context) {
        var applicationContext = ApplicationContexts.get(contextKey);
        return new DeliveryStreamCommitter(applicationContext, deliveryStream, marker());
    }

    @Override
    public SimpleVersionedSerializer<OutputBatch> getCommittableSerializer() {
        return new OutputBatchSerializer();
    }
}
