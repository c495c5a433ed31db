package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/**
 * Looks rows of a reference table up by the join's key columns: when it opens, it indexes the registered rows by
 * those columns (rows with a NULL key never match, as in SQL equality).
 */
public final class ReferenceLookupFunction extends LookupFunction {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final int[] keyFields;
    private final RowType rowType;
    private transient Map<List<Object>, List<RowData>> index;

    ReferenceLookupFunction(String key, int[] keyFields, RowType rowType) {
        this.key = requireNonNull(key, "key is null");
        this.keyFields = requireNonNull(keyFields, "keyFields is null").clone();
        this.rowType = requireNonNull(rowType, "rowType is null");
    }

    @Override
    public void open(FunctionContext context) {
        if (!ReferenceTables.isRegistered(key)) {
            throw new IllegalStateException("no reference data registered for " + key + " (application stopped?)");
        }
        RowData.FieldGetter[] getters = new RowData.FieldGetter[keyFields.length];
        for (int i = 0; i < keyFields.length; i++) {
            LogicalType type = rowType.getTypeAt(keyFields[i]);
            getters[i] = RowData.createFieldGetter(type, keyFields[i]);
        }
        index = new HashMap<>();
        for (RowData row : ReferenceTables.rows(key)) {
            Object[] values = new Object[keyFields.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = normalize(getters[i].getFieldOrNull(row));
            }
            if (!Arrays.asList(values).contains(null)) {
                index.computeIfAbsent(Arrays.asList(values), ignored -> new ArrayList<>()).add(row);
            }
        }
    }

    @Override
    public Collection<RowData> lookup(RowData keyRow) {
        Object[] values = new Object[keyRow.getArity()];
        for (int i = 0; i < values.length; i++) {
            LogicalType type = rowType.getTypeAt(keyFields[i]);
            values[i] = normalize(RowData.createFieldGetter(type, i).getFieldOrNull(keyRow));
            if (values[i] == null) {
                return List.of();
            }
        }
        return index.getOrDefault(Arrays.asList(values), List.of());
    }

    /** Strings compare by text, whichever binary form the planner hands over. */
    private static Object normalize(Object value) {
        return value instanceof StringData ? value.toString() : value;
    }
}
