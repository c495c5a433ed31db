package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.types.DataType;

/**
 * An output's rows, in Flink's internal format, written by a {@link DeliveryStreamSink} with uid {@code output-<id>}
 * and parallelism 1. Insert-only.
 */
final class DeliveryStreamTableSink implements DynamicTableSink {
    private final String contextKey;
    private final String outputId;
    private final String outputName;
    private final String deliveryStream;
    private final String recordFormatType;
    private final DataType rowType;

    DeliveryStreamTableSink(String contextKey, String outputId, String outputName, String deliveryStream, String recordFormatType, DataType rowType) {
        this.contextKey = requireNonNull(contextKey, "contextKey is null");
        this.outputId = requireNonNull(outputId, "outputId is null");
        this.outputName = requireNonNull(outputName, "outputName is null");
        this.deliveryStream = requireNonNull(deliveryStream, "deliveryStream is null");
        this.recordFormatType = requireNonNull(recordFormatType, "recordFormatType is null");
        this.rowType = requireNonNull(rowType, "rowType is null");
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return ChangelogMode.insertOnly();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        OutputRecordSerializer serializer = OutputRecordSerializer.forFormat(recordFormatType, rowType);
        return (DataStreamSinkProvider) (providerContext, data) -> data
                .map(new StreamTaps.Tap(StreamTaps.key(contextKey, outputName), rowType)).returns(data.getType()).name("tail " + outputName).setParallelism(1)
                .sinkTo(new DeliveryStreamSink(contextKey, outputId, deliveryStream, serializer))
                .uid("output-" + outputId).name("output " + outputName).setParallelism(1);
    }

    @Override
    public DynamicTableSink copy() {
        return new DeliveryStreamTableSink(contextKey, outputId, outputName, deliveryStream, recordFormatType, rowType);
    }

    @Override
    public String asSummaryString() {
        return "output " + outputName;
    }
}
