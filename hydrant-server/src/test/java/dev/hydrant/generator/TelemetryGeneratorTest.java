package dev.hydrant.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TelemetryGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CORNERS = List.of("front_left", "front_right", "rear_left", "rear_right");

    @Test
    void writesValidJsonWithEveryFieldOfTheSampleRecordAndItsType() throws IOException {
        TelemetryGenerator generator = new TelemetryGenerator(7);
        for (int index = 0; index < 1_000; index++) {
            JsonNode record = JSON.readTree(generator.next());

            assertThat(fieldNames(record)).containsExactly("speed", "rpm", "gear", "throttle", "brakes", "steering_angle",
                    "suspension", "temperatures", "pressures", "fuel_consumption", "lap_time");
            assertThat(record.get("speed").isDouble()).isTrue();
            assertThat(record.get("rpm").isInt()).isTrue();
            assertThat(record.get("gear").isInt()).isTrue();
            assertThat(record.get("gear").intValue()).isBetween(1, 8);
            assertThat(record.get("throttle").doubleValue()).isBetween(0.0, 1.0);
            assertThat(record.get("brakes").doubleValue()).isBetween(0.0, 1.0);
            assertThat(record.get("steering_angle").doubleValue()).isBetween(-1.0, 1.0);
            assertThat(record.get("fuel_consumption").isDouble()).isTrue();
            assertThat(record.get("lap_time").isDouble()).isTrue();

            JsonNode suspension = record.get("suspension");
            assertThat(fieldNames(suspension)).containsExactly("ride_height", "damper_settings");
            assertThat(suspension.get("ride_height").isDouble()).isTrue();
            assertCornersOfType(suspension.get("damper_settings"), true);

            JsonNode temperatures = record.get("temperatures");
            assertThat(fieldNames(temperatures)).containsExactly("engine", "brakes", "tires");
            assertThat(temperatures.get("engine").isDouble()).isTrue();
            assertCornersOfType(temperatures.get("brakes"), true);
            assertCornersOfType(temperatures.get("tires"), true);

            JsonNode pressures = record.get("pressures");
            assertThat(fieldNames(pressures)).containsExactly("engine", "brakes", "tires");
            assertThat(pressures.get("engine").isDouble()).isTrue();
            assertCornersOfType(pressures.get("brakes"), false);
            assertCornersOfType(pressures.get("tires"), true);
        }
    }

    @Test
    void averageRecordSizeIsAboutOneKibibyte() {
        TelemetryGenerator generator = new TelemetryGenerator(11);
        long bytes = 0;
        int records = 10_000;
        for (int index = 0; index < records; index++) {
            bytes += generator.next().length;
        }

        assertThat(bytes / (double) records).isBetween(900.0, 1200.0);
    }

    @Test
    void speedStartsAtTwoHundredAndStepsByAtMostFive() throws IOException {
        TelemetryGenerator generator = new TelemetryGenerator(3);
        double previous = TelemetryGenerator.INITIAL_SPEED;
        double largestStep = 0;
        for (int index = 0; index < 10_000; index++) {
            double speed = JSON.readTree(generator.next()).get("speed").doubleValue();
            largestStep = Math.max(largestStep, Math.abs(speed - previous));
            previous = speed;
        }

        // The written value has 16 significant digits, so allow for rounding in the last one.
        assertThat(largestStep).isGreaterThan(4.9).isLessThanOrEqualTo(TelemetryGenerator.MAXIMUM_SPEED_STEP + 1e-9);
    }

    @Test
    void aboutHalfTheRecordsHaveSpeedOfAtLeastTwoHundred() throws IOException {
        for (long seed = 1; seed <= 5; seed++) {
            TelemetryGenerator generator = new TelemetryGenerator(seed);
            int fast = 0;
            int records = 10_000;
            for (int index = 0; index < records; index++) {
                if (JSON.readTree(generator.next()).get("speed").doubleValue() >= 200) {
                    fast++;
                }
            }

            assertThat(fast / (double) records).as("fraction of speed >= 200 for seed %d", seed).isBetween(0.3, 0.7);
        }
    }

    @Test
    void drawsEveryGearFromOneToEight() throws IOException {
        TelemetryGenerator generator = new TelemetryGenerator(5);
        boolean[] seen = new boolean[9];
        for (int index = 0; index < 1_000; index++) {
            seen[JSON.readTree(generator.next()).get("gear").intValue()] = true;
        }

        for (int gear = 1; gear <= 8; gear++) {
            assertThat(seen[gear]).as("gear %d", gear).isTrue();
        }
    }

    @Test
    void sameSeedGivesSameRecords() {
        TelemetryGenerator first = new TelemetryGenerator(42);
        TelemetryGenerator second = new TelemetryGenerator(new SplittableRandom(42));
        TelemetryGenerator other = new TelemetryGenerator(43);
        List<String> firstRecords = new ArrayList<>();
        List<String> secondRecords = new ArrayList<>();
        List<String> otherRecords = new ArrayList<>();
        for (int index = 0; index < 100; index++) {
            firstRecords.add(new String(first.next()));
            secondRecords.add(new String(second.next()));
            otherRecords.add(new String(other.next()));
        }

        assertThat(firstRecords).isEqualTo(secondRecords);
        assertThat(firstRecords).doesNotContainAnyElementsOf(otherRecords);
    }

    @Test
    void writesDecimalsInPlainNotationWithSixteenSignificantDigits() {
        assertThat(decimal(4.2)).isEqualTo("4.2");
        assertThat(decimal(200.0)).isEqualTo("200.0");
        assertThat(decimal(-0.45486734518890914)).isEqualTo("-0.454867345188909");
        assertThat(decimal(190.4740611874923)).isEqualTo("190.4740611874923");
        assertThat(decimal(0.000012345)).isEqualTo("0.000012345");
        assertThat(decimal(1e-20)).isEqualTo("0.0");
        assertThat(decimal(9.9999999999999999)).isEqualTo("10.0");

        SplittableRandom random = new SplittableRandom(1);
        for (int index = 0; index < 2_000; index++) {
            double value = random.nextDouble(-1_000, 1_000);
            String written = decimal(value);
            assertThat(written).matches("-?[0-9]+\\.[0-9]+");
            assertThat(Double.parseDouble(written)).isCloseTo(value, within(Math.max(1e-13, Math.abs(value) * 1e-14)));
        }
    }

    private static String decimal(double value) {
        StringBuilder out = new StringBuilder();
        TelemetryGenerator.writeDecimal(out, value);
        return out.toString();
    }

    private static void assertCornersOfType(JsonNode corners, boolean doubles) {
        assertThat(fieldNames(corners)).containsExactlyElementsOf(CORNERS);
        for (String corner : CORNERS) {
            assertThat(doubles ? corners.get(corner).isDouble() : corners.get(corner).isInt())
                    .as("%s is a %s", corner, doubles ? "double" : "integer").isTrue();
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
