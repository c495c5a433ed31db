package dev.hydrant.analytics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs a translation on a local Flink (parallelism 1) over in-memory input rows, the way the engine registers inputs:
 * each input stream is a table of its columns plus {@code ROWTIME TIMESTAMP(3)}, the event-time attribute. The error
 * queries' HYDRANT_ERROR_TIME() stands at {@link #ERROR_TIME}.
 */
final class TestingFlinkRunner {
    private TestingFlinkRunner() {}

    /**
     * Executes the translation's statements, then the output query of {@code stream}, and returns its rows as strings.
     *
     * @param inputs input stream name to rows whose last field is the ROWTIME (a LocalDateTime)
     */
    static List<String> run(Translation translation, String stream, Map<String, List<Row>> inputs) {
        return run(translation, stream, inputs, Map.of());
    }

    /**
     * As {@link #run(Translation, String, Map)}, with each reference table registered as a lookup table over
     * {@code references}' rows (by table name), the way the engine must register it.
     */
    static List<String> run(Translation translation, String stream, Map<String, List<Row>> inputs, Map<String, List<Row>> references) {
        return runQuery(translation, translation.outputQueries().get(stream), inputs, references);
    }

    /**
     * Runs the translation's error queries (their UNION ALL) over {@code inputs}: the rows the pumps leave out because
     * an expression fails on them, with ERROR_TIME {@link #ERROR_TIME}.
     */
    static List<String> runErrorQueries(Translation translation, Map<String, List<Row>> inputs) {
        assertThat(translation.errorQueries()).isNotEmpty();
        return runQuery(translation, String.join(" UNION ALL ", translation.errorQueries()), inputs, Map.of());
    }

    /** The ERROR_TIME of the rows of {@link #runErrorQueries}. */
    static final LocalDateTime ERROR_TIME = LocalDateTime.parse("2026-01-27T12:00:00");

    /** HYDRANT_ERROR_TIME() standing at {@link #ERROR_TIME}. */
    public static final class TestingErrorTime extends ScalarFunction {
        public @DataTypeHint("TIMESTAMP(3)") LocalDateTime eval() {
            return ERROR_TIME;
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }

    private static List<String> runQuery(Translation translation, String query, Map<String, List<Row>> inputs, Map<String, List<Row>> references) {
        assertThat(translation.problems()).isEmpty();
        StreamExecutionEnvironment environment = StreamExecutionEnvironment.getExecutionEnvironment();
        environment.setParallelism(1);
        StreamTableEnvironment tableEnvironment = StreamTableEnvironment.create(environment);
        tableEnvironment.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        for (InAppStream input : translation.inputStreams()) {
            List<DataTypes.Field> fields = new ArrayList<>();
            Schema.Builder schema = Schema.newBuilder();
            for (Column column : input.columns()) {
                DataType type = TypeConversions.fromLogicalToDataType(LogicalTypeParser.parse(column.type().flinkType(), TestingFlinkRunner.class.getClassLoader()));
                fields.add(DataTypes.FIELD(column.name(), type));
                schema.column(column.name(), type);
            }
            fields.add(DataTypes.FIELD("ROWTIME", DataTypes.TIMESTAMP(3)));
            schema.column("ROWTIME", DataTypes.TIMESTAMP(3)).watermark("ROWTIME", "SOURCE_WATERMARK()");
            @SuppressWarnings("unchecked")
            TypeInformation<Row> typeInformation = (TypeInformation<Row>) (TypeInformation<?>) ExternalTypeInfo.of(DataTypes.ROW(fields).bridgedTo(Row.class));
            List<Row> rows = inputs.getOrDefault(input.name(), List.of());
            int rowtimeIndex = input.columns().size();
            DataStream<Row> data = environment.fromData(rows.isEmpty() ? List.of() : rows, typeInformation)
                    .assignTimestampsAndWatermarks(WatermarkStrategy.<Row>forMonotonousTimestamps()
                            .withTimestampAssigner((row, previous) -> ((LocalDateTime) row.getField(rowtimeIndex)).toInstant(ZoneOffset.UTC).toEpochMilli()));
            Table table = tableEnvironment.fromDataStream(data, schema.build());
            tableEnvironment.createTemporaryView("`" + input.name() + "`", table);
        }
        for (InAppStream reference : translation.referenceTables()) {
            String rowsId = UUID.randomUUID().toString();
            TestingReferenceTableFactory.ROWS.put(rowsId, references.getOrDefault(reference.name(), List.of()));
            List<String> columns = new ArrayList<>();
            for (Column column : reference.columns()) {
                columns.add("`" + column.name() + "` " + column.type().flinkType());
            }
            tableEnvironment.executeSql("CREATE TEMPORARY TABLE `" + reference.name() + "` (" + String.join(", ", columns)
                    + ") WITH ('connector' = 'hydrant-testing-reference', 'rows' = '" + rowsId + "')");
        }
        KdaFunctions.register(tableEnvironment);
        tableEnvironment.createTemporarySystemFunction(KdaSqlTranslator.ERROR_TIME_FUNCTION, TestingErrorTime.class);
        for (String statement : translation.statements()) {
            tableEnvironment.executeSql(statement);
        }
        List<String> result = new ArrayList<>();
        try (CloseableIterator<Row> rows = tableEnvironment.sqlQuery(query).execute().collect()) {
            rows.forEachRemaining(row -> result.add(row.toString()));
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    static LocalDateTime at(String time) {
        return LocalDateTime.parse("2026-01-27T" + time);
    }
}
