package dev.hydrant.analytics.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;
import org.junit.jupiter.api.Test;

class StreamTapsTest {
    private static final DataType ROW_TYPE = DataTypes.ROW(DataTypes.FIELD("team", DataTypes.VARCHAR(8)), DataTypes.FIELD("speed", DataTypes.INT()),
            DataTypes.FIELD("fuel", DataTypes.DECIMAL(4, 2)), DataTypes.FIELD("fast", DataTypes.BOOLEAN()),
            DataTypes.FIELD("ROWTIME", DataTypes.TIMESTAMP(3)), DataTypes.FIELD("missing", DataTypes.DOUBLE()));

    @Test
    void aTapPassesRowsOnAndSamplesThemForItsSubscribersOnly() throws Exception {
        String key = StreamTaps.key("app/run-1", "DEST");
        StreamTaps.Tap tap = new StreamTaps.Tap(key, ROW_TYPE);
        StreamTaps.Tap other = new StreamTaps.Tap(StreamTaps.key("app/run-1", "OTHER"), ROW_TYPE);
        RowData first = GenericRowData.of(StringData.fromString("red"), 201, DecimalData.fromBigDecimal(new BigDecimal("2.50"), 4, 2), true,
                TimestampData.fromLocalDateTime(LocalDateTime.of(2026, 11, 26, 6, 0, 1, 5_000_000)), null);
        RowData second = GenericRowData.of(StringData.fromString("blue"), 202, DecimalData.fromBigDecimal(new BigDecimal("1.00"), 4, 2), false,
                TimestampData.fromLocalDateTime(LocalDateTime.of(2026, 11, 26, 6, 0, 2)), null);
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
