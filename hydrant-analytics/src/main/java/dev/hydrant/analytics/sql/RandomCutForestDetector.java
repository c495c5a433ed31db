package dev.hydrant.analytics.sql;

import static java.util.Objects.requireNonNull;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.returntypes.DiVector;
import com.amazon.randomcutforest.state.RandomCutForestMapper;
import com.amazon.randomcutforest.state.RandomCutForestState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * One KDA random cut forest model: the anomaly score (and its explanation) of a record against the records seen before
 * it, computed with AWS's open-source Random Cut Forest ({@code software.amazon.randomcutforest:randomcutforest-core}).
 *
 * <p>Semantics, as KDA documents them: each record is a point whose coordinates are its numeric columns; it is scored
 * <em>before</em> it updates the forest; the first {@code subSampleSize} records score 0 (the model is learning);
 * {@code shingleSize} > 1 scores the last {@code shingleSize} records as one point (internal shingling); older records
 * lose weight at the rate {@code 1 / timeDecay}.
 *
 * <p>Determinism: the forest is built with the fixed {@link #RANDOM_SEED} and runs single-threaded, so the same records
 * in the same order give the same scores, run after run. The numbers are not AWS's: KDA's forest was a different
 * (unpublished) implementation and its random draws are unknown; what carries over is the meaning (0 while learning,
 * higher for records far from recent ones) and the scale of RCF scores (typically around 1 for ordinary records and
 * several times that for outliers).
 */
final class RandomCutForestDetector {
    /** The forest's random seed: fixed, so that a replay of the same stream gives the same scores. */
    static final long RANDOM_SEED = 20_260_127L;

    /** Only the forest's state classes (and the JDK values they hold) may be read back from a snapshot. */
    private static final ObjectInputFilter STATE_CLASSES = ObjectInputFilter.Config.createFilter(
            "com.amazon.randomcutforest.state.**;java.lang.*;java.util.*;!*");

    private final RandomCutForest forest;
    private final int dimensions;
    private final RandomCutForestParameters parameters;

    private RandomCutForestDetector(RandomCutForest forest, int dimensions, RandomCutForestParameters parameters) {
        this.forest = forest;
        this.dimensions = dimensions;
        this.parameters = parameters;
    }

    /** A new, empty model for points of {@code dimensions} numeric columns. */
    static RandomCutForestDetector create(int dimensions, RandomCutForestParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be positive");
        }
        RandomCutForest forest = RandomCutForest.builder()
                .dimensions(dimensions * parameters.shingleSize())
                .shingleSize(parameters.shingleSize())
                .internalShinglingEnabled(parameters.shingleSize() > 1)
                .numberOfTrees(parameters.numberOfTrees())
                .sampleSize(parameters.subSampleSize())
                .outputAfter(parameters.subSampleSize())
                .timeDecay(1.0 / parameters.timeDecay())
                .randomSeed(RANDOM_SEED)
                .parallelExecutionEnabled(false)
                .build();
        return new RandomCutForestDetector(forest, dimensions, parameters);
    }

    int dimensions() {
        return dimensions;
    }

    RandomCutForestParameters parameters() {
        return parameters;
    }

    /** The anomaly score of {@code point} against the records seen so far; 0 while the model is learning. */
    double score(double[] point) {
        return forest.getAnomalyScore(checked(point));
    }

    /**
     * The attribution of {@code point}'s score to each column: {@code high[i]} and {@code low[i]} are how much the
     * column contributes by being above and below what the model expects; over all columns they sum to the score.
     * With shingling, a column's attribution sums its contributions at every position of the shingle.
     */
    DiVector attribution(double[] point) {
        DiVector shingled = forest.getAnomalyAttribution(checked(point));
        if (shingled.getDimensions() == dimensions) {
            return shingled;
        }
        double[] high = new double[dimensions];
        double[] low = new double[dimensions];
        for (int i = 0; i < shingled.getDimensions(); i++) {
            high[i % dimensions] += shingled.high[i];
            low[i % dimensions] += shingled.low[i];
        }
        return new DiVector(high, low);
    }

    /** Adds {@code point} to the model (after it was scored). */
    void update(double[] point) {
        forest.update(checked(point));
    }

    long updates() {
        return forest.getTotalUpdates();
    }

    private double[] checked(double[] point) {
        if (point.length != dimensions) {
            throw new IllegalArgumentException("point has " + point.length + " coordinates, the model " + dimensions);
        }
        return point;
    }

    /**
     * KDA's ANOMALY_EXPLANATION: a JSON object with one member per numeric column, in column order, holding
     * {@code ATTRIBUTION_SCORE} (the column's share of the score) and, with directionality, {@code DIRECTION}
     * ({@code HIGH} when the column pushes the score by being above what the model expects, else {@code LOW}, also while
     * learning) and {@code STRENGTH}. Values are strings with 4 decimals, in the order KDA's Developer Guide shows:
     * {@code {"Systolic":{"DIRECTION":"LOW","STRENGTH":"0.0922","ATTRIBUTION_SCORE":"0.3792"}, ...}}.
     *
     * <p>STRENGTH is {@code |high - low|}, the part of the column's attribution that points one way: 0 while learning
     * and when the evidence is balanced. KDA's own formula is not published [U].
     */
    static String explanation(List<String> columns, DiVector attribution, boolean withDirectionality) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            appendString(json, columns.get(i));
            json.append(":{");
            if (withDirectionality) {
                double high = attribution.high[i];
                double low = attribution.low[i];
                json.append("\"DIRECTION\":\"").append(high > low ? "HIGH" : "LOW").append("\",\"STRENGTH\":\"")
                        .append(decimal(Math.abs(high - low))).append("\",");
            }
            json.append("\"ATTRIBUTION_SCORE\":\"").append(decimal(attribution.getHighLowSum(i))).append("\"}");
        }
        return json.append('}').toString();
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static void appendString(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            }
            else if (c < 0x20) {
                json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
            else {
                json.append(c);
            }
        }
        json.append('"');
    }

    /** The whole model (trees, samplers, point store, shingle), as bytes for Flink state. */
    byte[] snapshot() {
        RandomCutForestMapper mapper = new RandomCutForestMapper();
        mapper.setSaveExecutorContextEnabled(true);
        mapper.setSaveTreeStateEnabled(true);
        RandomCutForestState state = mapper.toState(forest);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeInt(dimensions);
            out.writeInt(parameters.numberOfTrees());
            out.writeInt(parameters.subSampleSize());
            out.writeInt(parameters.timeDecay());
            out.writeInt(parameters.shingleSize());
            out.writeObject(state);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot the random cut forest", e);
        }
        return bytes.toByteArray();
    }

    /** The model a {@link #snapshot()} saved. */
    static RandomCutForestDetector restore(byte[] snapshot) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(snapshot))) {
            in.setObjectInputFilter(STATE_CLASSES);
            int dimensions = in.readInt();
            RandomCutForestParameters parameters = new RandomCutForestParameters(in.readInt(), in.readInt(), in.readInt(), in.readInt());
            RandomCutForestState state = (RandomCutForestState) in.readObject();
            RandomCutForest forest = new RandomCutForestMapper().toModel(state, RANDOM_SEED);
            return new RandomCutForestDetector(forest, dimensions, parameters);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot restore the random cut forest", e);
        }
        catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot restore the random cut forest", e);
        }
    }
}
