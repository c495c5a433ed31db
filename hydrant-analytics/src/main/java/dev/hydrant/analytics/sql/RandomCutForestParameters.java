package dev.hydrant.analytics.sql;

/**
 * The arguments of KDA's RANDOM_CUT_FOREST and RANDOM_CUT_FOREST_WITH_EXPLANATION after the CURSOR, with the ranges and
 * defaults of the KDA SQL Reference: numberOfTrees 1..1000 (100), subSampleSize 10..1000 (256), timeDecay
 * 1..2147483647 (100000, and greater than subSampleSize), shingleSize 1..30 (1).
 *
 * @param timeDecay how many recent records (or shingles) the model keeps weight on; the forest's decay rate is its
 *     inverse
 */
public record RandomCutForestParameters(int numberOfTrees, int subSampleSize, int timeDecay, int shingleSize) {
    public static final RandomCutForestParameters DEFAULTS = new RandomCutForestParameters(100, 256, 100_000, 1);
    public static final int MIN_TREES = 1;
    public static final int MAX_TREES = 1_000;
    public static final int MIN_SUB_SAMPLE_SIZE = 10;
    public static final int MAX_SUB_SAMPLE_SIZE = 1_000;
    public static final int MIN_TIME_DECAY = 1;
    public static final int MAX_TIME_DECAY = Integer.MAX_VALUE;
    public static final int MIN_SHINGLE_SIZE = 1;
    public static final int MAX_SHINGLE_SIZE = 30;
    /** KDA: "your input stream can have up to 30 numeric columns". */
    public static final int MAX_NUMERIC_COLUMNS = 30;

    public RandomCutForestParameters {
        check(numberOfTrees, MIN_TREES, MAX_TREES, "numberOfTrees");
        check(subSampleSize, MIN_SUB_SAMPLE_SIZE, MAX_SUB_SAMPLE_SIZE, "subSampleSize");
        check(timeDecay, MIN_TIME_DECAY, MAX_TIME_DECAY, "timeDecay");
        check(shingleSize, MIN_SHINGLE_SIZE, MAX_SHINGLE_SIZE, "shingleSize");
        if (subSampleSize >= timeDecay) {
            throw new IllegalArgumentException("subSampleSize (" + subSampleSize + ") must be less than timeDecay (" + timeDecay + ")");
        }
    }

    private static void check(long value, long minimum, long maximum, String name) {
        if (value < minimum || value > maximum) {
            throw new IllegalArgumentException(name + " must be between " + minimum + " and " + maximum);
        }
    }
}
