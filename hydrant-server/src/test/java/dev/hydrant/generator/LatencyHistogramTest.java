package dev.hydrant.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void percentilesAreWithinThreePercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long micros = 1; micros <= 10_000; micros++) {
            histogram.record(micros * 1_000);
        }

        LatencyHistogram.Snapshot snapshot = histogram.snapshot();

        assertThat(snapshot.count()).isEqualTo(10_000);
        assertThat((double) snapshot.percentile(50)).isCloseTo(5_000_000, within(150_000.0));
        assertThat((double) snapshot.percentile(90)).isCloseTo(9_000_000, within(270_000.0));
        assertThat((double) snapshot.percentile(99)).isCloseTo(9_900_000, within(297_000.0));
        assertThat(snapshot.percentile(100)).isEqualTo(10_000_000);
        assertThat(snapshot.maximum()).isEqualTo(10_000_000);
    }

    @Test
    void everyValueFallsInABucketThatHoldsIt() {
        SplittableRandom random = new SplittableRandom(1);
        for (int index = 0; index < 100_000; index++) {
            long value = random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63);
            int bucket = LatencyHistogram.bucketOf(value);
            assertThat(value).isBetween(LatencyHistogram.lowestValueOf(bucket), LatencyHistogram.highestValueOf(bucket));
        }
        assertThat(LatencyHistogram.bucketOf(0)).isZero();
        assertThat(LatencyHistogram.highestValueOf(LatencyHistogram.bucketOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void snapshotDifferenceHoldsOnlyTheLaterValues() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(1_000_000);
        LatencyHistogram.Snapshot earlier = histogram.snapshot();
        histogram.record(50_000_000);
        histogram.record(50_000_000);

        LatencyHistogram.Snapshot interval = histogram.snapshot().minus(earlier);

        assertThat(interval.count()).isEqualTo(2);
        assertThat((double) interval.percentile(50)).isCloseTo(50_000_000, within(1_500_000.0));
    }

    @Test
    void emptyHistogramReportsZero() {
        LatencyHistogram.Snapshot snapshot = new LatencyHistogram().snapshot();

        assertThat(snapshot.count()).isZero();
        assertThat(snapshot.percentile(99)).isZero();
    }
}
