package dev.hydrant.analytics.sql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.types.Row;

/**
 * An in-memory lookup table ({@code 'connector' = 'hydrant-testing-reference'}, {@code 'rows' = '<id>'}) over rows put
 * in {@link #ROWS}: what the engine's reference tables must offer the translation's lookup joins.
 */
public final class TestingReferenceTableFactory implements DynamicTableSourceFactory {
    static final Map<String, List<Row>> ROWS = new ConcurrentHashMap<>();
    private static final ConfigOption<String> ROWS_ID = ConfigOptions.key("rows").stringType().noDefaultValue();

    @Override
    public String factoryIdentifier() {
        return "hydrant-testing-reference";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(ROWS_ID);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        return new Source(helper.getOptions().get(ROWS_ID), context.getPhysicalRowDataType());
    }

    private record Source(String rowsId, DataType rowType) implements LookupTableSource {
        Source {
            requireNonNull(rowsId, "rowsId is null");
            requireNonNull(rowType, "rowType is null");
        }

        @Override
        public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
            int[] keys = new int[context.getKeys().length];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = context.getKeys()[i][0];
            }
            return LookupFunctionProvider.of(new Lookup(rowsId, rowType, keys));
        }

        @Override
        public DynamicTableSource copy() {
            return this;
        }

        @Override
        public String asSummaryString() {
            return "hydrant-testing-reference";
        }
    }

    /** Scans the rows for equal keys; the rows are converted in {@link #open}, as RowData is not serializable. */
    public static final class Lookup extends LookupFunction {
        private final String rowsId;
        private final DataType rowType;
        private final int[] keys;
        private transient List<RowData> rows;
        private transient RowData.FieldGetter[] keyGetters;
        private transient RowData.FieldGetter[] rowGetters;

        public Lookup(String rowsId, DataType rowType, int[] keys) {
            this.rowsId = rowsId;
            this.rowType = rowType;
            this.keys = keys;
        }

        @Override
        public void open(FunctionContext context) {
            DataStructureConverter<Object, Object> converter = DataStructureConverters.getConverter(rowType);
            converter.open(TestingReferenceTableFactory.class.getClassLoader());
            rows = new ArrayList<>();
            for (Row row : ROWS.getOrDefault(rowsId, List.of())) {
                rows.add((RowData) converter.toInternal(row));
            }
            keyGetters = new RowData.FieldGetter[keys.length];
            rowGetters = new RowData.FieldGetter[keys.length];
            for (int i = 0; i < keys.length; i++) {
                LogicalType type = rowType.getChildren().get(keys[i]).getLogicalType();
                keyGetters[i] = RowData.createFieldGetter(type, i);
                rowGetters[i] = RowData.createFieldGetter(type, keys[i]);
            }
        }

        @Override
        public Collection<RowData> lookup(RowData keyRow) {
            List<RowData> matches = new ArrayList<>();
            for (RowData row : rows) {
                boolean match = true;
                for (int i = 0; i < keys.length && match; i++) {
                    Object key = keyGetters[i].getFieldOrNull(keyRow);
                    match = key != null && key.equals(rowGetters[i].getFieldOrNull(row));
                }
                if (match) {
                    matches.add(row);
                }
            }
            return matches;
        }
    }
}
