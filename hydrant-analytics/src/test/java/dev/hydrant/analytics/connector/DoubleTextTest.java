package dev.hydrant.analytics.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DoubleTextTest {
    @Test
    void writesWhatDoubleToStringWritesForDecimalsOfUpToSeventeenDigits() {
        SplittableRandom random = new SplittableRandom(20261126);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < 2_000_000 && mismatches.size() < 10; i++) {
            // a decimal of 1 to 17 significant digits, from 10^-5 to 10^9: both sides of the plain range's bounds
            int digits = 1 + random.nextInt(17);
            long unscaled = random.nextLong((long) Math.pow(10, digits - 1), (long) Math.pow(10, digits));
            double value = new BigDecimal(unscaled).scaleByPowerOfTen(random.nextInt(-5 - digits, 10 - digits)).doubleValue();
            check(random.nextBoolean() ? value : -value, mismatches);
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void writesWhatDoubleToStringWritesForArbitraryBitPatternsAndTelemetry() {
        SplittableRandom random = new SplittableRandom(7);
        List<String> mismatches = new ArrayList<>();
        double speed = 200;
        for (int i = 0; i < 1_000_000 && mismatches.size() < 10; i++) {
            check(Double.longBitsToDouble(random.nextLong()), mismatches);
            check(random.nextDouble() * 1000, mismatches);
            speed += random.nextDouble() * 2 - 1; // a random walk, as the generator's speed
            check(speed, mismatches);
            check(Math.round(speed * 100) / 100.0, mismatches);
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void writesSpecialValuesAndTheBoundsOfThePlainRange() {
        List<String> mismatches = new ArrayList<>();
        for (double value : new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                Double.MAX_VALUE, 1e-3, Math.nextDown(1e-3), 1e7, Math.nextDown(1e7), 9_999_999.0, 1.0, 0.1, 0.3, 0.1 + 0.2, 100.0,
                200.5, 123_456.789, 1e15, 5e-324, 4.35, 2.675, 1.005}) {
            check(value, mismatches);
            check(-value, mismatches);
        }
        assertThat(mismatches).isEmpty();
    }

    private static void check(double value, List<String> mismatches) {
        StringBuilder builder = new StringBuilder("x");
        DoubleText.append(builder, value);
        String expected = "x" + Double.toString(value);
        if (!builder.toString().equals(expected)) {
            mismatches.add(Double.doubleToRawLongBits(value) + ": " + builder + " instead of " + expected);
        }
    }
}
