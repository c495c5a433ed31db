package dev.hydrant.analytics.sql;

import static java.util.Objects.requireNonNull;

import com.amazon.randomcutforest.returntypes.DiVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.table.annotation.ArgumentHint;
import org.apache.flink.table.annotation.ArgumentTrait;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.StateHint;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.dataview.ListView;
import org.apache.flink.table.api.dataview.MapView;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.functions.ProcessTableFunction;
import org.apache.flink.table.functions.TableSemantics;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.ArgumentCount;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.table.types.inference.InputTypeStrategy;
import org.apache.flink.table.types.inference.Signature;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/**
 * KDA's anomaly-detection table functions as Flink process table functions (PTFs), called by the translated SQL as
 * {@code KDA_RANDOM_CUT_FOREST}, {@code KDA_RANDOM_CUT_FOREST_WITH_EXPLANATION} and {@code KDA_HOTSPOTS} over the view of
 * the CURSOR's query.
 *
 * <p>Each is one model per call over the whole stream, as in KDA (one per application input): the table argument has set
 * semantics without PARTITION BY, so Flink runs the function as one instance that sees every row in arrival order. The
 * cursor's columns pass through and the function appends its own ({@code ANOMALY_SCORE}, {@code ANOMALY_EXPLANATION},
 * {@code HOTSPOTS_RESULT}). Numeric columns (TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE) are the point's
 * coordinates, in column order; other columns (and DECIMAL, which KDA does not accept) are only passed through. A row
 * with a NULL coordinate is passed through with score 0 (no hotspot change) and does not update the model [U].
 *
 * <p>State: the model lives on the heap of the function instance; Flink state keeps what rebuilds it after a restore.
 * RANDOM_CUT_FOREST saves a snapshot of the whole forest every {@value #SNAPSHOT_INTERVAL} updates plus the points since
 * (so a checkpoint covers every row before it); HOTSPOTS keeps the window's points. After a restore the model is rebuilt
 * from that state before the next row, so it continues where the checkpoint left it (a restored model whose columns or
 * parameters differ from the call's, after a code change, is dropped and a new one learns).
 *
 * <p>A stateful PTF's operator uid is fixed (the translator gives each call its own, {@code hydrant-random-cut-forest-1}
 * ...), so each call must appear once in a job: the engine plans all outputs as one statement set, where a stream read
 * by several outputs is shared.
 */
public final class KdaAnomalyFunctions {
    /** Updates between two snapshots of a forest in state; the points in between are kept one by one. */
    static final int SNAPSHOT_INTERVAL = 1_000;

    private KdaAnomalyFunctions() {}

    /** Registers the functions as temporary system functions. */
    public static void register(TableEnvironment tableEnvironment) {
        requireNonNull(tableEnvironment, "tableEnvironment is null");
        tableEnvironment.createTemporarySystemFunction("KDA_RANDOM_CUT_FOREST", RandomCutForestFunction.class);
        tableEnvironment.createTemporarySystemFunction("KDA_RANDOM_CUT_FOREST_WITH_EXPLANATION", RandomCutForestWithExplanationFunction.class);
        tableEnvironment.createTemporarySystemFunction("KDA_HOTSPOTS", HotspotsFunction.class);
    }

    /** Whether a column type is one of the numeric types KDA's analytic functions accept (not DECIMAL). */
    static boolean isNumeric(LogicalType type) {
        switch (type.getTypeRoot()) {
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case FLOAT:
            case DOUBLE:
                return true;
            default:
                return false;
        }
    }

    /** The numeric columns of a row type: positions and names. */
    record NumericColumns(int[] positions, List<String> names) {
        static NumericColumns of(DataType rowType) {
            RowType row = (RowType) rowType.getLogicalType();
            List<Integer> positions = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < row.getFieldCount(); i++) {
                if (isNumeric(row.getTypeAt(i))) {
                    positions.add(i);
                    names.add(row.getFieldNames().get(i));
                }
            }
            return new NumericColumns(positions.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(names));
        }

        /** The row's coordinates, or null when one of them is NULL. */
        double[] point(Row row) {
            double[] point = new double[positions.length];
            for (int i = 0; i < positions.length; i++) {
                Object value = row.getField(positions[i]);
                if (value == null) {
                    return null;
                }
                point[i] = ((Number) value).doubleValue();
            }
            return point;
        }
    }

    /**
     * The PTF's own type inference plus KDA's check of the CURSOR: at least one and at most 30 numeric columns, reported
     * while the statement is planned (so as a CodeValidationException).
     */
    private static TypeInference withNumericCursor(TypeInference inference, String function, int maximum) {
        InputTypeStrategy input = inference.getInputTypeStrategy();
        InputTypeStrategy checked = new InputTypeStrategy() {
            @Override
            public ArgumentCount getArgumentCount() {
                return input.getArgumentCount();
            }

            @Override
            public Optional<List<DataType>> inferInputTypes(CallContext callContext, boolean throwOnFailure) {
                Optional<TableSemantics> table = callContext.getTableSemantics(0);
                if (table.isPresent()) {
                    int numeric = NumericColumns.of(table.get().dataType()).positions().length;
                    if (numeric == 0) {
                        return callContext.fail(throwOnFailure, "%s needs at least one numeric column (DOUBLE, INTEGER, FLOAT, TINYINT, SMALLINT, REAL or BIGINT) in its CURSOR", function);
                    }
                    if (numeric > maximum) {
                        return callContext.fail(throwOnFailure, "%s accepts at most %s numeric columns, the CURSOR has %s", function, maximum, numeric);
                    }
                }
                return input.inferInputTypes(callContext, throwOnFailure);
            }

            @Override
            public List<Signature> getExpectedSignatures(FunctionDefinition definition) {
                return input.getExpectedSignatures(definition);
            }
        };
        TypeInference.Builder builder = TypeInference.newBuilder()
                .inputTypeStrategy(checked)
                .stateTypeStrategies(inference.getStateTypeStrategies())
                .outputTypeStrategy(inference.getOutputTypeStrategy())
                .disableSystemArguments(inference.disableSystemArguments());
        inference.getStaticArguments().ifPresent(builder::staticArguments);
        return builder.build();
    }

    /** What RANDOM_CUT_FOREST and RANDOM_CUT_FOREST_WITH_EXPLANATION share: the forest, its state and its restore. */
    abstract static class RandomCutForestBase extends ProcessTableFunction<Row> {
        private transient NumericColumns columns;
        private transient RandomCutForestDetector detector;
        private transient int pendingPoints;

        /**
         * Scores {@code input} against the forest seen so far, building the forest (or rebuilding it from state after a
         * restore) on the first row.
         *
         * @return the detector that scored the row, the row's point (null when a coordinate is NULL) and its score
         */
        final Scored score(Context context, ListView<byte[]> snapshot, ListView<double[]> pending, Row input, RandomCutForestParameters parameters)
                throws Exception {
            if (columns == null) {
                columns = NumericColumns.of(context.tableSemanticsFor("input").dataType());
            }
            if (detector == null) {
                detector = restore(snapshot, pending, parameters);
            }
            double[] point = columns.point(input);
            if (point == null) {
                return new Scored(detector, columns, null, 0);
            }
            double score = detector.score(point);
            return new Scored(detector, columns, point, score);
        }

        /** Adds a scored point to the forest and to the state that rebuilds it. */
        final void learn(ListView<byte[]> snapshot, ListView<double[]> pending, double[] point) throws Exception {
            detector.update(point);
            if (++pendingPoints >= SNAPSHOT_INTERVAL) {
                snapshot.clear();
                snapshot.add(detector.snapshot());
                pending.clear();
                pendingPoints = 0;
            }
            else {
                pending.add(point);
            }
        }

        private RandomCutForestDetector restore(ListView<byte[]> snapshot, ListView<double[]> pending, RandomCutForestParameters parameters)
                throws Exception {
            int dimensions = columns.positions().length;
            RandomCutForestDetector restored = null;
            for (byte[] bytes : snapshot.get()) {
                restored = RandomCutForestDetector.restore(bytes);
            }
            if (restored != null && (restored.dimensions() != dimensions || !restored.parameters().equals(parameters))) {
                // the application's code changed the call: its old model does not apply
                restored = null;
                snapshot.clear();
                pending.clear();
            }
            if (restored == null) {
                restored = RandomCutForestDetector.create(dimensions, parameters);
            }
            for (double[] point : pending.get()) {
                if (point.length == dimensions) {
                    restored.update(point);
                    pendingPoints++;
                }
            }
            return restored;
        }

        @Override
        public TypeInference getTypeInference(DataTypeFactory typeFactory) {
            return withNumericCursor(super.getTypeInference(typeFactory), functionName(), RandomCutForestParameters.MAX_NUMERIC_COLUMNS);
        }

        abstract String functionName();
    }

    /** A row's score, with what explaining it needs. */
    record Scored(RandomCutForestDetector detector, NumericColumns columns, double[] point, double score) {}

    /**
     * {@code RANDOM_CUT_FOREST(cursor, numberOfTrees, subSampleSize, timeDecay, shingleSize)}: the cursor's columns and
     * {@code ANOMALY_SCORE}.
     */
    @DataTypeHint("ROW<`ANOMALY_SCORE` DOUBLE>")
    public static final class RandomCutForestFunction extends RandomCutForestBase {
        public void eval(Context context, @StateHint ListView<byte[]> snapshot, @StateHint ListView<double[]> pending,
                @ArgumentHint(value = {ArgumentTrait.SET_SEMANTIC_TABLE, ArgumentTrait.OPTIONAL_PARTITION_BY, ArgumentTrait.PASS_COLUMNS_THROUGH}, name = "input") Row input,
                @ArgumentHint(name = "numberOfTrees") Integer numberOfTrees, @ArgumentHint(name = "subSampleSize") Integer subSampleSize,
                @ArgumentHint(name = "timeDecay") Integer timeDecay, @ArgumentHint(name = "shingleSize") Integer shingleSize) throws Exception {
            RandomCutForestParameters parameters = new RandomCutForestParameters(numberOfTrees, subSampleSize, timeDecay, shingleSize);
            Scored scored = score(context, snapshot, pending, input, parameters);
            if (scored.point() != null) {
                learn(snapshot, pending, scored.point());
            }
            collect(Row.of(scored.score()));
        }

        @Override
        String functionName() {
            return "RANDOM_CUT_FOREST";
        }
    }

    /**
     * {@code RANDOM_CUT_FOREST_WITH_EXPLANATION(cursor, numberOfTrees, subSampleSize, timeDecay, shingleSize,
     * withDirectionality)}: the cursor's columns, {@code ANOMALY_SCORE} and {@code ANOMALY_EXPLANATION} (see
     * {@link RandomCutForestDetector#explanation}).
     */
    @DataTypeHint("ROW<`ANOMALY_SCORE` DOUBLE, `ANOMALY_EXPLANATION` STRING>")
    public static final class RandomCutForestWithExplanationFunction extends RandomCutForestBase {
        public void eval(Context context, @StateHint ListView<byte[]> snapshot, @StateHint ListView<double[]> pending,
                @ArgumentHint(value = {ArgumentTrait.SET_SEMANTIC_TABLE, ArgumentTrait.OPTIONAL_PARTITION_BY, ArgumentTrait.PASS_COLUMNS_THROUGH}, name = "input") Row input,
                @ArgumentHint(name = "numberOfTrees") Integer numberOfTrees, @ArgumentHint(name = "subSampleSize") Integer subSampleSize,
                @ArgumentHint(name = "timeDecay") Integer timeDecay, @ArgumentHint(name = "shingleSize") Integer shingleSize,
                @ArgumentHint(name = "withDirectionality") Boolean withDirectionality) throws Exception {
            RandomCutForestParameters parameters = new RandomCutForestParameters(numberOfTrees, subSampleSize, timeDecay, shingleSize);
            Scored scored = score(context, snapshot, pending, input, parameters);
            int dimensions = scored.columns().names().size();
            DiVector attribution = scored.point() == null ? new DiVector(dimensions) : scored.detector().attribution(scored.point());
            if (scored.point() != null) {
                learn(snapshot, pending, scored.point());
            }
            String explanation = RandomCutForestDetector.explanation(scored.columns().names(), attribution, Boolean.TRUE.equals(withDirectionality));
            collect(Row.of(scored.score(), explanation));
        }

        @Override
        String functionName() {
            return "RANDOM_CUT_FOREST_WITH_EXPLANATION";
        }
    }

    /**
     * {@code HOTSPOTS(cursor, windowSize, scanRadius, minimumNumberOfPointsInAHotspot)}: the cursor's columns and
     * {@code HOTSPOTS_RESULT}, the hotspots of the window that ends with the row (see {@link HotspotsDetector}).
     */
    @DataTypeHint("ROW<`HOTSPOTS_RESULT` STRING>")
    public static final class HotspotsFunction extends ProcessTableFunction<Row> {
        private transient NumericColumns columns;
        private transient HotspotsDetector detector;
        private transient long nextSequence;

        public void eval(Context context, @StateHint MapView<Long, double[]> window,
                @ArgumentHint(value = {ArgumentTrait.SET_SEMANTIC_TABLE, ArgumentTrait.OPTIONAL_PARTITION_BY, ArgumentTrait.PASS_COLUMNS_THROUGH}, name = "input") Row input,
                @ArgumentHint(name = "windowSize") Integer windowSize, @ArgumentHint(name = "scanRadius") Double scanRadius,
                @ArgumentHint(name = "minimumNumberOfPointsInAHotspot") Integer minimumPoints) throws Exception {
            if (detector == null) {
                columns = NumericColumns.of(context.tableSemanticsFor("input").dataType());
                detector = new HotspotsDetector(columns.positions().length, windowSize, scanRadius, minimumPoints);
                Map<Long, double[]> saved = new TreeMap<>();
                for (Map.Entry<Long, double[]> entry : window.entries()) {
                    saved.put(entry.getKey(), entry.getValue());
                }
                for (Map.Entry<Long, double[]> entry : saved.entrySet()) {
                    nextSequence = entry.getKey() + 1;
                    if (entry.getValue().length != detector.dimensions()) {
                        // saved by a call over other columns (the application's code changed)
                        window.remove(entry.getKey());
                        continue;
                    }
                    for (long evicted : detector.add(entry.getKey(), entry.getValue())) {
                        window.remove(evicted);
                    }
                }
            }
            double[] point = columns.point(input);
            if (point != null) {
                long sequence = nextSequence++;
                for (long evicted : detector.add(sequence, point)) {
                    window.remove(evicted);
                }
                window.put(sequence, point);
            }
            collect(Row.of(HotspotsDetector.result(detector.hotspots())));
        }

        @Override
        public TypeInference getTypeInference(DataTypeFactory typeFactory) {
            return withNumericCursor(super.getTypeInference(typeFactory), "HOTSPOTS", Integer.MAX_VALUE);
        }
    }
}
