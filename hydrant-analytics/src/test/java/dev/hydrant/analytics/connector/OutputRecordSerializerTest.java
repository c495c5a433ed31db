package dev.hydrant.analytics.connector;

import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DATE;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.FLOAT;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.SMALLINT;
import static org.apache.flink.table.api.DataTypes.TIME;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP;
import static org.apache.flink.table.api.DataTypes.TINYINT;
import static org.apache.flink.table.api.DataTypes.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class OutputRecordSerializerTest {
    private static final DataType ROW_TYPE = ROW(FIELD("speed", DOUBLE()), FIELD("big", DOUBLE()), FIELD("rpm", INT()),
            FIELD("ratio", FLOAT()), FIELD("price", DECIMAL(5, 2)), FIELD("TS", TIMESTAMP(3)), FIELD("ok", BOOLEAN()),
            FIELD("missing", DOUBLE()), FIELD("text", VARCHAR(20)), FIELD("day", DATE()), FIELD("time", TIME(3)));
    private static final Row ROW = Row.of(200.5, 1.0E7, 15251, 3.5f, new BigDecimal("4.20"),
            LocalDateTime.of(2024, 1, 2, 3, 4, 5, 60_000_000), true, null, "a,\"b\"", LocalDate.of(2024, 1, 2), LocalTime.of(3, 4, 5));

    @Test
    void csvGolden() {
        assertThat(text(OutputRecordSerializer.forFormat("CSV", ROW_TYPE).serialize(internal(ROW_TYPE, ROW))))
                .isEqualTo("200.5,1.0E7,15251,3.5,4.20,2024-01-02 03:04:05.060,true,,\"a,\"\"b\"\"\",2024-01-02,03:04:05.000\n");
    }

    @Test
    void csvQuotesLineBreaksAndWritesNonFiniteDoubles() {
        DataType type = ROW(FIELD("a", VARCHAR(5)), FIELD("b", DOUBLE()), FIELD("c", DOUBLE()), FIELD("d", VARCHAR(5)));
        assertThat(text(new CsvRecordSerializer(type).serialize(internal(type, Row.of("x\ny", Double.NaN, Double.NEGATIVE_INFINITY, "")))))
                .isEqualTo("\"x\ny\",NaN,-Infinity,\n");
    }

    @Test
    void csvWritesEveryIntegerWidthAndDoublesAsJavaDoes() {
        DataType type = ROW(FIELD("a", TINYINT()), FIELD("b", SMALLINT()), FIELD("c", BIGINT()), FIELD("d", DOUBLE()),
                FIELD("e", DOUBLE()), FIELD("f", DOUBLE()), FIELD("g", DOUBLE()), FIELD("h", BOOLEAN()));
        CsvRecordSerializer serializer = new CsvRecordSerializer(type);
        assertThat(text(serializer.serialize(internal(type, Row.of((byte) -7, (short) 300, -9_000_000_000L, -0.0, 0.001, 123.456, 1.0E-4, false)))))
                .isEqualTo("-7,300,-9000000000,-0.0,0.001,123.456,1.0E-4,false\n");
        // the serializer reuses its buffer: a second row starts afresh
        assertThat(text(serializer.serialize(internal(type, Row.of(null, null, null, 200.0, null, null, null, null)))))
                .isEqualTo(",,,200.0,,,,\n");
    }

    @Test
    void csvRecordOfJavaValuesIsTheSameTextWithoutTheTerminator() {
        assertThat(CsvRecordSerializer.record(200.5, 1.0E7, 15251, null, "a,\"b\"", new BigDecimal("4.20")))
                .isEqualTo("200.5,1.0E7,15251,,\"a,\"\"b\"\"\",4.20");
    }

    @Test
    void jsonGolden() {
        assertThat(text(OutputRecordSerializer.forFormat("JSON", ROW_TYPE).serialize(internal(ROW_TYPE, ROW))))
                .isEqualTo("{\"speed\":200.5,\"big\":1.0E7,\"rpm\":15251,\"ratio\":3.5,\"price\":4.20,"
                        + "\"TS\":\"2024-01-02 03:04:05.060\",\"ok\":true,\"missing\":null,\"text\":\"a,\\\"b\\\"\","
                        + "\"day\":\"2024-01-02\",\"time\":\"03:04:05.000\"}");
    }

    @Test
    void jsonWritesNonFiniteDoublesAndBinaryAsStrings() {
        DataType type = ROW(FIELD("a", DOUBLE()), FIELD("b", BYTES()));
        assertThat(text(new JsonRecordSerializer(type).serialize(internal(type, Row.of(Double.POSITIVE_INFINITY, new byte[] {1, 2, 3})))))
                .isEqualTo("{\"a\":\"Infinity\",\"b\":\"AQID\"}");
    }

    private static RowData internal(DataType type, Row row) {
        DataStructureConverter<Object, Object> converter = DataStructureConverters.getConverter(type);
        converter.open(OutputRecordSerializerTest.class.getClassLoader());
        return (RowData) converter.toInternal(row);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
