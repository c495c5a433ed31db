package dev.hydrant.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When an object's writes are spread out, and by how much; time is a fake here, nothing sleeps. */
class WritePacerTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void writesAnObjectInFourFifthsOfTheTimeItsRecordsTookToArrive() {
        // 64 MiB that arrived over 500 ms, delivered 5 ms after the newest record: written over 400 ms
        assertThat(WritePacer.duration(64 * MIB, 10_000, 10_500, 10_505)).isEqualTo(400_000_000L);
    }

    @Test
    void doesNotPaceADeliveryThatIsBehindSmallObjectsOrOneInstant() {
        assertThat(WritePacer.duration(64 * MIB, 10_000, 10_600, 10_600 + WritePacer.BEHIND_MILLIS + 1)).isZero();
        assertThat(WritePacer.duration(WritePacer.MIN_BYTES - 1, 10_000, 10_600, 10_605)).isZero();
        assertThat(WritePacer.duration(64 * MIB, 10_000, 10_000, 10_005)).isZero();
        assertThat(WritePacer.forObject(1, 0, 1, 2)).isSameAs(WritePacer.NONE);
    }

    @Test
    void stretchesNoObjectBeyondTheCap() {
        // records that arrived over a 300 s buffer interval
        assertThat(WritePacer.duration(100 * MIB, 0, 300_000, 300_001)).isEqualTo(WritePacer.MAX_NANOS);
    }

    @Test
    void pausesOnlyWhenAheadOfThePaceAndInSteps() {
        long[] now = {1_000_000_000L};
        List<Long> parks = new ArrayList<>();
        WritePacer pacer = WritePacer.forObject(16 * MIB, 0, 500, 505, () -> now[0], nanos -> {
            parks.add(nanos);
            now[0] += nanos;
        });
        assertThat(pacer.durationNanos()).isEqualTo(400_000_000L); // 16 MiB over 400 ms: 25 ms per MiB
        for (int i = 0; i < 4; i++) {
            pacer.wrote((int) (MIB / 4)); // writing takes no time on the fake clock
        }
        assertThat(parks).containsExactly(25_000_000L);
        now[0] += 40_000_000L; // the disk was slower than the pace for the next MiB: no pause
        for (int i = 0; i < 4; i++) {
            pacer.wrote((int) (MIB / 4));
        }
        assertThat(parks).hasSize(1);
        pacer.wrote((int) MIB); // 3 MiB due at 75 ms, and 65 ms have passed
        assertThat(parks).containsExactly(25_000_000L, 10_000_000L);
    }

    @Test
    void theUnpacedPacerNeverPauses() {
        for (int i = 0; i < 100; i++) {
            WritePacer.NONE.wrote((int) MIB); // would park for real if it paced
        }
        assertThat(WritePacer.NONE.durationNanos()).isZero();
    }
}
