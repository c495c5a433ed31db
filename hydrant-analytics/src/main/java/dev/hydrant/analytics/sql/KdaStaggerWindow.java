package dev.hydrant.analytics.sql;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.dataview.ListView;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.ProcessTableFunction;
import org.apache.flink.table.functions.TableSemantics;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.table.types.inference.StateTypeStrategy;
import org.apache.flink.table.types.inference.StaticArgument;
import org.apache.flink.table.types.inference.StaticArgumentTrait;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampKind;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

/**
 * KDA's stagger window as a Flink process table function: {@code KDA_STAGGER_WINDOW(input => TABLE t PARTITION BY key,
 * range_millis => CAST(n AS BIGINT), on_time => DESCRIPTOR(ROWTIME), uid => '...')}.
 *
 * <p>Per partition (the stagger window's PARTITION BY values), a window opens with the first row, at its time {@code t0},
 * and holds the rows of {@code [t0, t0 + range)}; when the watermark reaches {@code t0 + range - 1} the function emits
 * every row of the window, unchanged, with the output time attribute {@code rowtime = t0 + range - 1} (Flink's
 * {@code window_time} convention: the window end minus 1 ms). The next row of the partition opens the next window. A
 * 1 ms TUMBLE over the output then aggregates each window with Flink's own aggregate functions.
 *
 * <p>State per partition: the rows not emitted yet with their times, the close of the latest window and the latest row
 * time. Rows normally arrive in time order and only extend the latest window or open a new one (a timer at its close
 * - 1). A row older than the latest one (a stream fed by several pumps interleaves their rows) re-plans the windows
 * from the earliest pending row in time order, as KDA assigns rows in ROWTIME order, and registers a timer for every
 * window that may have moved; a timer emits only the window that closes exactly then, so timers of windows that moved
 * do nothing. Timers are only registered in {@code eval}, for times after the watermark (at the end of a bounded input,
 * Flink 2.2 did not fire timers registered in {@code onTimer} in our tests). When the last row is emitted
 * the state is cleared with {@code clearAllState()}: Flink 2.2's {@code clearAllTimers()} walks the timers of every
 * partition and deletes timers of other partitions.
 *
 * <p>The output is the input's columns other than the partition key (which Flink puts first), the time column as a
 * plain {@code TIMESTAMP(3)} under its own name, then Flink's {@code rowtime}.
 */
public final class KdaStaggerWindow extends ProcessTableFunction<Row> {
    /** The name the translation calls it by. */
    public static final String NAME = "KDA_STAGGER_WINDOW";
    /** The argument that gives the window's RANGE in milliseconds (BIGINT). */
    public static final String RANGE_ARGUMENT = "range_millis";

    private static final long serialVersionUID = 1L;
    private static final DataType WINDOW_STATE = DataTypes.ROW(DataTypes.FIELD("lastClose", DataTypes.BIGINT()),
            DataTypes.FIELD("maxTime", DataTypes.BIGINT()), DataTypes.FIELD("range", DataTypes.BIGINT()));

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        LinkedHashMap<String, StateTypeStrategy> state = new LinkedHashMap<>();
        state.put("window", StateTypeStrategy.of(TypeStrategies.explicit(WINDOW_STATE)));
        state.put("rows", StateTypeStrategy.of(context -> Optional.of(ListView.newListViewDataType(timedRow(context)))));
        return TypeInference.newBuilder()
                .staticArguments(
                        StaticArgument.table("input", Row.class, false,
                                EnumSet.of(StaticArgumentTrait.TABLE, StaticArgumentTrait.SET_SEMANTIC_TABLE, StaticArgumentTrait.REQUIRE_ON_TIME)),
                        StaticArgument.scalar(RANGE_ARGUMENT, DataTypes.BIGINT().notNull(), false))
                .stateTypeStrategies(state)
                .outputTypeStrategy(context -> Optional.of(output(context)))
                .build();
    }

    public void eval(Context context, Row window, ListView<Row> rows, Row input, Long range) throws Exception {
        TimeContext<Long> time = context.timeContext(Long.class);
        long rowTime = time.time();
        Long lastClose = window.getFieldAs("lastClose");
        Long maxTime = window.getFieldAs("maxTime");
        Object[] fields = new Object[input.getArity()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = input.getField(i);
        }
        rows.add(Row.of(rowTime, Row.of(fields)));
        window.setField("range", range);
        if (maxTime == null || rowTime >= maxTime) {
            window.setField("maxTime", rowTime);
            if (lastClose == null || rowTime >= lastClose) {
                window.setField("lastClose", rowTime + range);
                time.registerOnTime(rowTime + range - 1);
            }
            return;
        }
        // out of time order (a stream fed by several pumps): the windows from this row on may move, register them all
        List<Long> times = new ArrayList<>();
        for (Row row : rows.get()) {
            times.add(row.getFieldAs(0));
        }
        times.sort(null);
        long close = Long.MIN_VALUE;
        for (long candidate : times) {
            if (candidate >= close) {
                close = candidate + range;
                if (close > rowTime) {
                    time.registerOnTime(close - 1);
                }
            }
        }
        window.setField("lastClose", close);
    }

    public void onTimer(OnTimerContext context, Row window, ListView<Row> rows) throws Exception {
        long now = context.timeContext(Long.class).time();
        Long range = window.getFieldAs("range");
        if (range == null) {
            return;
        }
        long first = Long.MAX_VALUE;
        for (Row row : rows.get()) {
            first = Math.min(first, row.<Long>getFieldAs(0));
        }
        long close = first + range;
        if (first == Long.MAX_VALUE || close - 1 != now) {
            return;
        }
        int[] keys = context.tableSemanticsFor("input").partitionByColumns();
        List<Row> later = new ArrayList<>();
        for (Row row : rows.get()) {
            if (row.<Long>getFieldAs(0) < close) {
                collect(withoutKeys(row.getFieldAs(1), keys));
            }
            else {
                later.add(row);
            }
        }
        if (later.isEmpty()) {
            context.clearAllState();
            return;
        }
        rows.clear();
        rows.addAll(later);
    }

    private static Row withoutKeys(Row row, int[] keys) {
        Object[] fields = new Object[row.getArity() - keys.length];
        int next = 0;
        for (int i = 0; i < row.getArity(); i++) {
            if (!contains(keys, i)) {
                fields[next++] = row.getField(i);
            }
        }
        return Row.of(fields);
    }

    private static boolean contains(int[] values, int value) {
        for (int candidate : values) {
            if (candidate == value) {
                return true;
            }
        }
        return false;
    }

    private static TableSemantics semantics(CallContext context) {
        return context.getTableSemantics(0).orElseThrow(() -> context.newValidationError("%s needs a table argument", NAME));
    }

    /** The input row type without time attributes, as stored in state. */
    private static DataType plainRow(CallContext context) {
        RowType type = (RowType) semantics(context).dataType().getLogicalType();
        List<DataTypes.Field> fields = new ArrayList<>();
        for (RowType.RowField field : type.getFields()) {
            fields.add(DataTypes.FIELD(field.getName(), TypeConversions.fromLogicalToDataType(plain(field.getType()))));
        }
        return DataTypes.ROW(fields).bridgedTo(Row.class);
    }

    private static DataType timedRow(CallContext context) {
        return DataTypes.ROW(DataTypes.FIELD("time", DataTypes.BIGINT()), DataTypes.FIELD("row", plainRow(context))).bridgedTo(Row.class);
    }

    private static DataType output(CallContext context) {
        TableSemantics semantics = semantics(context);
        RowType type = (RowType) semantics.dataType().getLogicalType();
        List<DataTypes.Field> fields = new ArrayList<>();
        for (int i = 0; i < type.getFieldCount(); i++) {
            if (!contains(semantics.partitionByColumns(), i)) {
                fields.add(DataTypes.FIELD(type.getFieldNames().get(i), TypeConversions.fromLogicalToDataType(plain(type.getTypeAt(i)))));
            }
        }
        return DataTypes.ROW(fields).bridgedTo(Row.class);
    }

    private static LogicalType plain(LogicalType type) {
        if (type instanceof TimestampType && ((TimestampType) type).getKind() != TimestampKind.REGULAR) {
            return new TimestampType(type.isNullable(), ((TimestampType) type).getPrecision());
        }
        return type;
    }
}
