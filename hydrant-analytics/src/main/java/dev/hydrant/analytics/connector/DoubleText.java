package dev.hydrant.analytics.connector;

/**
 * Appends a double's text exactly as {@link Double#toString(double)} writes it, with a few multiplications and no
 * allocation for the values telemetry often carries: numbers in the range Java writes without an exponent
 * ({@code [10^-3, 10^7)}) that have at most 15 significant digits. Every other value goes to {@code Double.toString}.
 *
 * <p>Java writes the fewest fraction digits (at least one) that tell the value apart from its neighbours. For such a
 * value this class finds them directly: the first {@code k} for which {@code m = round(|v| · 10^k)} converts back to
 * the same double. {@code m} and {@code 10^k} are both exact doubles then ({@code m < 10^15 < 2^53},
 * {@code 10^k ≤ 10^18}), so {@code m / 10^k} is correctly rounded: equal to {@code |v|} exactly when the decimal
 * {@code m · 10^-k} reads back as {@code |v|}. The error of {@code |v| · 10^k} is below {@code m · 2^-52 < 0.25}, so
 * rounding it finds {@code m}. With at most 15 significant digits, decimals of that length lie more than two ulps
 * apart, so there is no other candidate of the same length for {@code Double.toString} to have picked.
 */
final class DoubleText {
    private static final double[] POWERS = new double[19];
    private static final long[] LONG_POWERS = new long[19];
    /** Below 10^15, a candidate has at most 15 significant digits. */
    private static final double MAX_DIGITS = 1e15;

    static {
        long power = 1;
        for (int k = 0; k < POWERS.length; k++) {
            LONG_POWERS[k] = power;
            POWERS[k] = power;
            power *= 10;
        }
    }

    private DoubleText() {}

    static void append(StringBuilder out, double value) {
        double magnitude = Math.abs(value);
        if (!(magnitude >= 1e-3 && magnitude < 1e7)) { // also NaN
            out.append(Double.toString(value));
            return;
        }
        for (int k = 0; k < POWERS.length; k++) {
            double scaled = magnitude * POWERS[k];
            if (scaled >= MAX_DIGITS) {
                break;
            }
            long digits = Math.round(scaled);
            if (digits / POWERS[k] == magnitude) {
                if (value < 0) {
                    out.append('-');
                }
                appendDecimal(out, digits, k);
                return;
            }
        }
        out.append(Double.toString(value));
    }

    /** {@code digits · 10^-scale} with at least one fraction digit. */
    private static void appendDecimal(StringBuilder out, long digits, int scale) {
        out.append(digits / LONG_POWERS[scale]).append('.');
        if (scale == 0) {
            out.append('0');
            return;
        }
        long fraction = digits % LONG_POWERS[scale];
        for (int k = scale - 1; k > 0 && fraction < LONG_POWERS[k]; k--) {
            out.append('0');
        }
        out.append(fraction);
    }
}
