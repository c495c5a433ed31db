package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.RuntimeConverter;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.utils.DataTypeUtils;
import org.apache.flink.types.Row;

/**
 * An output's rows, converted to {@link Row}s (the external types toDataStream gives) and written by a
 * {@link DeliveryStreamSink} with uid {@code output-<id>} and parallelism 1. Insert-only.
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
        DataStructureConverter converter = context.createDataStructureConverter(rowType);
        List<String> columns = DataTypeUtils.flattenToNames(rowType);
        @SuppressWarnings("unchecked")
        TypeInformation<Row> rows = (TypeInformation<Row>) (TypeInformation<?>) ExternalTypeInfo.of(rowType.bridgedTo(Row.class));
        OutputRecordSerializer serializer = OutputRecordSerializer.forFormat(recordFormatType, columns);
        return (DataStreamSinkProvider) (providerContext, data) -> data
                .map(new ToRow(converter)).returns(rows).name("rows " + outputName).setParallelism(1)
                .map(new StreamTaps.Tap(StreamTaps.key(contextKey, outputName), columns)).returns(rows).name("tail " + outputName).setParallelism(1)
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

    /** Internal rows to the external {@link Row}s the serializers read. */
    private static final class ToRow extends RichMapFunction<RowData, Row> {
        private static final long serialVersionUID = 1L;
        private final DataStructureConverter converter;

        ToRow(DataStructureConverter converter) {
            this.converter = converter;
        }

        @Override
        public void open(OpenContext openContext) {
            converter.open(RuntimeConverter.Context.create(getRuntimeContext().getUserCodeClassLoader()));
        }

        @Override
        public Row map(RowData row) {
            return (Row) converter.toExternal(row);
        }
    }
}
