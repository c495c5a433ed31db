package dev.hydrant.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadPacerTest {
    private static final long LINGER = Duration.ofMillis(100).toNanos();

    /** A monotonic clock that moves only when the pacer parks, recording each park. */
    private static final class TestingNanoClock {
        long now = 1_000_000_000L;
        final List<Long> parks = new ArrayList<>();

        long nanoTime() {
            return now;
        }

        void park(long nanos) {
            parks.add(nanos);
            now += nanos;
        }
    }

    @Test
    void grantsWholeBatchesAtHighRates() throws InterruptedException {
        TestingNanoClock clock = new TestingNanoClock();
        LoadPacer pacer = new LoadPacer(100_000, LINGER, clock::nanoTime, clock::park);
        long start = clock.now;

        long granted = 0;
        for (int batch = 0; batch < 200; batch++) {
            assertThat(pacer.acquire(500)).isEqualTo(500);
            granted += 500;
        }

        // 100,000 records at 100,000/s take one second, less the one record allowed at once.
        assertThat(clock.now - start).isBetween(Duration.ofMillis(999).toNanos(), Duration.ofMillis(1_001).toNanos());
        assertThat(granted).isEqualTo(100_000);
    }

    @Test
    void grantsPartialBatchesAfterLingerAtLowRates() throws InterruptedException {
        TestingNanoClock clock = new TestingNanoClock();
        LoadPacer pacer = new LoadPacer(1_000, LINGER, clock::nanoTime, clock::park);
        long start = clock.now;

        long granted = 0;
        int grants = 0;
        while (granted < 10_000) {
            int records = pacer.acquire(500);
            assertThat(records).isBetween(1, 500);
            granted += records;
            grants++;
        }

        // 10 seconds at 1,000/s, in grants of about 100 records every 100 ms rather than 500 every 500 ms.
        assertThat(clock.now - start).isBetween(Duration.ofMillis(9_900).toNanos(), Duration.ofMillis(10_100).toNanos());
        assertThat(grants).isBetween(95, 105);
    }

    @Test
    void paysOutOneRecordAtATimeBelowOnePerLinger() throws InterruptedException {
        TestingNanoClock clock = new TestingNanoClock();
        LoadPacer pacer = new LoadPacer(2, LINGER, clock::nanoTime, clock::park);
        long start = clock.now;

        for (int record = 0; record < 10; record++) {
            assertThat(pacer.acquire(500)).isEqualTo(1);
        }

        assertThat(clock.now - start).isBetween(Duration.ofMillis(4_500).toNanos(), Duration.ofMillis(4_600).toNanos());
    }

    @Test
    void parksInsteadOfSpinning() throws InterruptedException {
        TestingNanoClock clock = new TestingNanoClock();
        LoadPacer pacer = new LoadPacer(10, LINGER, clock::nanoTime, clock::park);

        for (int record = 0; record < 20; record++) {
            pacer.acquire(1);
        }

        // One park per record at most: each wait goes straight to the time the next token is earned.
        assertThat(clock.parks).hasSizeLessThanOrEqualTo(20).allSatisfy(nanos -> assertThat(nanos).isPositive());
    }

    @Test
    void savesUpAtMostOneSecondOfRecordsAfterAStall() throws InterruptedException {
        TestingNanoClock clock = new TestingNanoClock();
        LoadPacer pacer = new LoadPacer(100, LINGER, clock::nanoTime, clock::park);
        pacer.acquire(1);

        clock.now += Duration.ofSeconds(60).toNanos();

        assertThat(pacer.acquire(10_000)).isEqualTo(100);
    }
}
