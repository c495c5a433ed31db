package dev.hydrant.analytics.sql;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.SqlApplication;
import dev.hydrant.spi.SqlApplicationEngine.CodeProblem;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

/**
 * Checks application code the way KDA's CodeValidationException does: translates it, then plans the Flink SQL against
 * tables shaped like the inputs (nothing runs). Flink's complaints (unknown columns, ungrouped expressions, wrong
 * argument types) are placed at the pump that caused them; a pump's items must be assignable to its target columns
 * (numbers to numbers, text to text, ...; KDA accepts numeric widening and narrowing).
 */
public final class KdaSqlValidator {
    private static final Pattern CALCITE_POSITION = Pattern.compile("^From line \\d+, column \\d+ to line \\d+, column \\d+: ");

    private KdaSqlValidator() {}

    /** The problems in the application's code; empty when Flink accepts its translation. */
    public static List<CodeProblem> validate(SqlApplication application) {
        requireNonNull(application, "application is null");
        KdaSqlTranslator.Checked checked = KdaSqlTranslator.check(application);
        Translation translation = checked.translation();
        if (!translation.problems().isEmpty()) {
            return translation.problems();
        }
        StreamExecutionEnvironment environment = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamTableEnvironment tableEnvironment = StreamTableEnvironment.create(environment, EnvironmentSettings.newInstance().inStreamingMode()
                .withClassLoader(KdaReferenceTableValidationFactory.classLoader(KdaSqlValidator.class.getClassLoader())).build());
        tableEnvironment.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        for (InAppStream input : translation.inputStreams()) {
            register(environment, tableEnvironment, input, true);
        }
        for (InAppStream table : translation.referenceTables()) {
            registerReferenceTable(tableEnvironment, table);
        }
        KdaFunctions.register(tableEnvironment);
        List<CodeProblem> problems = new ArrayList<>();
        for (int i = 0; i < translation.statements().size(); i++) {
            try {
                tableEnvironment.executeSql(translation.statements().get(i));
            }
            catch (RuntimeException e) {
                problems.add(problem(checked.statementPositions().get(i), e));
                return problems;
            }
        }
        for (KdaSqlTranslator.PumpCheck pump : checked.pumps()) {
            try {
                ResolvedSchema schema = tableEnvironment.sqlQuery(pump.sql()).getResolvedSchema();
                for (int i = 0; i < pump.targetColumns().size(); i++) {
                    Column target = pump.targetColumns().get(i);
                    LogicalType source = schema.getColumns().get(i).getDataType().getLogicalType();
                    if (!assignable(source, target.type())) {
                        problems.add(new CodeProblem(pump.position().line(), pump.position().column(), "Cannot assign to target field '"
                                + target.name() + "' of type " + target.type() + " from source field '" + target.name() + "' of type " + source.copy(true).asSummaryString()));
                    }
                }
            }
            catch (RuntimeException e) {
                problems.add(problem(pump.position(), e));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        for (var output : translation.outputQueries().entrySet()) {
            try {
                tableEnvironment.explainSql(output.getValue());
            }
            catch (RuntimeException e) {
                problems.add(problem(checked.streamPositions().get(output.getKey()), e));
            }
        }
        return problems;
    }

    private static void register(StreamExecutionEnvironment environment, StreamTableEnvironment tableEnvironment, InAppStream stream, boolean rowtime) {
        List<DataTypes.Field> fields = new ArrayList<>();
        Schema.Builder schema = Schema.newBuilder();
        for (Column column : stream.columns()) {
            DataType type = TypeConversions.fromLogicalToDataType(LogicalTypeParser.parse(column.type().flinkType(), KdaSqlValidator.class.getClassLoader()));
            fields.add(DataTypes.FIELD(column.name(), type));
            schema.column(column.name(), type);
        }
        if (rowtime) {
            fields.add(DataTypes.FIELD("ROWTIME", DataTypes.TIMESTAMP(3)));
            schema.column("ROWTIME", DataTypes.TIMESTAMP(3)).watermark("ROWTIME", "`ROWTIME`");
        }
        @SuppressWarnings("unchecked")
        TypeInformation<Row> typeInformation = (TypeInformation<Row>) (TypeInformation<?>) ExternalTypeInfo.of(DataTypes.ROW(fields).bridgedTo(Row.class));
        DataStream<Row> rows = environment.fromData(List.of(new Row(fields.size())), typeInformation);
        Table table = tableEnvironment.fromDataStream(rows, schema.build());
        tableEnvironment.createTemporaryView("`" + stream.name().replace("`", "``") + "`", table);
    }

    /** A reference table as the engine registers it: a lookup table of its columns (here an empty one). */
    private static void registerReferenceTable(StreamTableEnvironment tableEnvironment, InAppStream table) {
        List<String> columns = new ArrayList<>();
        for (Column column : table.columns()) {
            columns.add(KdaSqlWriter.quote(column.name()) + " " + column.type().flinkType());
        }
        tableEnvironment.executeSql("CREATE TEMPORARY TABLE " + KdaSqlWriter.quote(table.name()) + " (" + String.join(", ", columns)
                + ") WITH ('connector' = " + KdaSqlWriter.literal(KdaReferenceTableValidationFactory.IDENTIFIER) + ")");
    }

    private static boolean assignable(LogicalType source, KdaType target) {
        if (source.is(LogicalTypeRoot.NULL)) {
            return true;
        }
        switch (target.kind()) {
            case VARCHAR:
            case CHAR:
                return source.is(LogicalTypeFamily.CHARACTER_STRING);
            case BINARY:
            case VARBINARY:
                return source.is(LogicalTypeFamily.BINARY_STRING);
            case INTEGER:
            case SMALLINT:
            case TINYINT:
            case BIGINT:
            case REAL:
            case DOUBLE:
            case DECIMAL:
                return source.is(LogicalTypeFamily.NUMERIC);
            case BOOLEAN:
                return source.is(LogicalTypeRoot.BOOLEAN);
            case DATE:
                return source.is(LogicalTypeRoot.DATE);
            case TIME:
                return source.is(LogicalTypeRoot.TIME_WITHOUT_TIME_ZONE);
            case TIMESTAMP:
                return source.is(LogicalTypeFamily.TIMESTAMP);
        }
        throw new AssertionError(target.kind());
    }

    private static CodeProblem problem(KdaSqlToken position, Throwable error) {
        String message = error.getMessage();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        message = message == null ? error.getClass().getSimpleName() : CALCITE_POSITION.matcher(message.strip().lines().findFirst().orElse("")).replaceFirst("");
        return new CodeProblem(position.line(), position.column(), message);
    }
}
