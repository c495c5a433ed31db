package dev.hydrant.analytics.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class StreamTapsTest {
    private static final List<String> COLUMNS = List.of("team", "speed", "fuel", "fast", "ROWTIME", "missing");

    @Test
    void aTapPassesRowsOnAndSamplesThemForItsSubscribersOnly() throws Exception {
        String key = StreamTaps.key("app/run-1", "DEST");
        StreamTaps.Tap tap = new StreamTaps.Tap(key, COLUMNS);
        StreamTaps.Tap other = new StreamTaps.Tap(StreamTaps.key("app/run-1", "OTHER"), COLUMNS);
        Row first = Row.of("red", 201, new BigDecimal("2.50"), true, LocalDateTime.of(2026, 11, 26, 6, 0, 1, 5_000_000), null);
        Row second = Row.of("blue", 202, new BigDecimal("1.00"), false, LocalDateTime.of(2026, 11, 26, 6, 0, 2), null);
        List<String> everyRow = new ArrayList<>();
        List<String> hourly = new ArrayList<>();

        assertThat(tap.map(first)).isSameAs(first); // nobody listens: nothing to do
        try (AutoCloseable all = StreamTaps.subscribe(key, 0, everyRow::add); AutoCloseable slow = StreamTaps.subscribe(key, 3_600_000_000_000L, hourly::add)) {
            assertThat(tap.map(first)).isSameAs(first);
            assertThat(tap.map(second)).isSameAs(second);
            other.map(first);
        }
        tap.map(first);

        assertThat(everyRow).containsExactly(
                "{\"team\":\"red\",\"speed\":201,\"fuel\":\"2.50\",\"fast\":true,\"ROWTIME\":\"2026-11-26 06:00:01.005\",\"missing\":null}",
                "{\"team\":\"blue\",\"speed\":202,\"fuel\":\"1.00\",\"fast\":false,\"ROWTIME\":\"2026-11-26 06:00:02.000\",\"missing\":null}");
        assertThat(hourly).containsExactly(everyRow.get(0));
    }
}
