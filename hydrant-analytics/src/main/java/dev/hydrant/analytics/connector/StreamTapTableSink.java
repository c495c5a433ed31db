package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.RuntimeConverter;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.utils.DataTypeUtils;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * Offers an in-application stream's rows to its live tails and drops them. A row is converted to a {@link Row} only
 * when the stream has a subscriber; otherwise it costs one volatile read. Any changelog (only inserted and updated
 * rows are offered), parallelism 1, uid
 * {@code tap-<stream>}.
 */
final class StreamTapTableSink implements DynamicTableSink {
    private final String key;
    private final String stream;
    private final DataType rowType;

    StreamTapTableSink(String key, String stream, DataType rowType) {
        this.key = requireNonNull(key, "key is null");
        this.stream = requireNonNull(stream, "stream is null");
        this.rowType = requireNonNull(rowType, "rowType is null");
    }

    /** Whatever the stream produces: a tail must never be the reason a job cannot be planned. */
    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return requestedMode;
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        DataStructureConverter converter = context.createDataStructureConverter(rowType);
        List<String> columns = DataTypeUtils.flattenToNames(rowType);
        return (DataStreamSinkProvider) (providerContext, data) -> data
                .filter(new Offer(key, columns, converter)).name("tail " + stream).setParallelism(1)
                .sinkTo(new DiscardingSink<>()).uid("tap-" + stream).name("tap " + stream).setParallelism(1);
    }

    @Override
    public DynamicTableSink copy() {
        return new StreamTapTableSink(key, stream, rowType);
    }

    @Override
    public String asSummaryString() {
        return "tap " + stream;
    }

    /** Offers each row to the tails and keeps none. */
    private static final class Offer extends RichFilterFunction<RowData> {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final List<String> columns;
        private final DataStructureConverter converter;

        Offer(String key, List<String> columns, DataStructureConverter converter) {
            this.key = key;
            this.columns = List.copyOf(columns);
            this.converter = converter;
        }

        @Override
        public void open(OpenContext openContext) {
            converter.open(RuntimeConverter.Context.create(getRuntimeContext().getUserCodeClassLoader()));
        }

        @Override
        public boolean filter(RowData row) {
            // of an updating stream, the rows it has now (retractions are not shown)
            boolean current = row.getRowKind() == RowKind.INSERT || row.getRowKind() == RowKind.UPDATE_AFTER;
            if (current && StreamTaps.listening(key)) {
                StreamTaps.offer(key, columns, () -> (Row) converter.toExternal(row));
            }
            return false;
        }
    }
}
