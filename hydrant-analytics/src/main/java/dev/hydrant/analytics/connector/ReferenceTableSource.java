package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * A reference table: looked up by key in lookup joins ({@code JOIN ref FOR SYSTEM_TIME AS OF s.HYDRANT_PROCTIME ON ...}),
 * or scanned once as a bounded, insert-only stream (a regular join or a plain SELECT).
 */
final class ReferenceTableSource implements LookupTableSource, ScanTableSource {
    private final String key;
    private final DataType rowDataType;

    ReferenceTableSource(String key, DataType rowDataType) {
        this.key = requireNonNull(key, "key is null");
        this.rowDataType = requireNonNull(rowDataType, "rowDataType is null");
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        int[][] keys = context.getKeys();
        int[] fields = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].length != 1) {
                throw new UnsupportedOperationException("reference tables are looked up by top-level columns only");
            }
            fields[i] = keys[i][0];
        }
        return LookupFunctionProvider.of(new ReferenceLookupFunction(key, fields, (RowType) rowDataType.getLogicalType()));
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        RowType rowType = (RowType) rowDataType.getLogicalType();
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(ProviderContext providerContext, StreamExecutionEnvironment environment) {
                List<RowData> rows = ReferenceTables.rows(key);
                return environment.fromData(InternalTypeInfo.of(rowType), rows.toArray(RowData[]::new));
            }

            @Override
            public boolean isBounded() {
                return true;
            }
        };
    }

    @Override
    public DynamicTableSource copy() {
        return new ReferenceTableSource(key, rowDataType);
    }

    @Override
    public String asSummaryString() {
        return ReferenceTableFactory.IDENTIFIER + "(" + key + ")";
    }
}
