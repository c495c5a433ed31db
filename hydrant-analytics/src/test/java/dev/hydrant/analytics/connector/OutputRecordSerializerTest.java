package dev.hydrant.analytics.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class OutputRecordSerializerTest {
    private static final Row ROW = Row.of(200.5, 1.0E7, 15251, 3.5f, new BigDecimal("4.20"),
            LocalDateTime.of(2024, 1, 2, 3, 4, 5, 60_000_000), true, null, "a,\"b\"", LocalDate.of(2024, 1, 2), LocalTime.of(3, 4, 5));
    private static final List<String> COLUMNS = List.of("speed", "big", "rpm", "ratio", "price", "TS", "ok", "missing", "text", "day", "time");

    @Test
    void csvGolden() {
        assertThat(text(OutputRecordSerializer.forFormat("CSV", COLUMNS).serialize(ROW)))
                .isEqualTo("200.5,1.0E7,15251,3.5,4.20,2024-01-02 03:04:05.060,true,,\"a,\"\"b\"\"\",2024-01-02,03:04:05.000\n");
    }

    @Test
    void csvQuotesLineBreaksAndWritesNonFiniteDoubles() {
        assertThat(text(new CsvRecordSerializer().serialize(Row.of("x\ny", Double.NaN, Double.NEGATIVE_INFINITY, ""))))
                .isEqualTo("\"x\ny\",NaN,-Infinity,\n");
    }

    @Test
    void jsonGolden() {
        assertThat(text(OutputRecordSerializer.forFormat("JSON", COLUMNS).serialize(ROW)))
                .isEqualTo("{\"speed\":200.5,\"big\":1.0E7,\"rpm\":15251,\"ratio\":3.5,\"price\":4.20,"
                        + "\"TS\":\"2024-01-02 03:04:05.060\",\"ok\":true,\"missing\":null,\"text\":\"a,\\\"b\\\"\","
                        + "\"day\":\"2024-01-02\",\"time\":\"03:04:05.000\"}");
    }

    @Test
    void jsonWritesNonFiniteDoublesAndBinaryAsStrings() {
        assertThat(text(new JsonRecordSerializer(List.of("a", "b")).serialize(Row.of(Double.POSITIVE_INFINITY, new byte[] {1, 2, 3}))))
                .isEqualTo("{\"a\":\"Infinity\",\"b\":\"AQID\"}");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
