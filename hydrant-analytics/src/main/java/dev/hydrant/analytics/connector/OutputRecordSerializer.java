package dev.hydrant.analytics.connector;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * Turns one row of an output's in-application stream into the bytes of one record of the destination delivery
 * stream, by the output's RecordFormatType. Value text shared by both formats (KDA leaves it undocumented; pinned by
 * golden tests):
 * <ul>
 *   <li>DOUBLE and REAL: Java's {@code Double.toString}/{@code Float.toString} ({@code 200.5}, {@code 1.0E7},
 *       {@code NaN}, {@code Infinity}; {@link DoubleText} writes the same text faster);</li>
 *   <li>DECIMAL: {@code BigDecimal.toPlainString} at the column's scale ({@code 4}, {@code 4.20});</li>
 *   <li>TIMESTAMP: {@code yyyy-MM-dd HH:mm:ss.SSS} (UTC); DATE {@code yyyy-MM-dd}; TIME {@code HH:mm:ss.SSS};</li>
 *   <li>BOOLEAN: {@code true}/{@code false}; BINARY/VARBINARY: base64.</li>
 * </ul>
 */
public interface OutputRecordSerializer extends Serializable {
    DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    /** The record of one row, in Flink's internal format, of the output's row type. */
    byte[] serialize(RowData row);

    /** The serializer for an output's RecordFormatType ({@code CSV} or {@code JSON}) and row type. */
    static OutputRecordSerializer forFormat(String recordFormatType, DataType rowType) {
        switch (recordFormatType.toUpperCase(Locale.ROOT)) {
            case "CSV": return new CsvRecordSerializer(rowType);
            case "JSON": return new JsonRecordSerializer(rowType);
            default: throw new IllegalArgumentException("unsupported RecordFormatType: " + recordFormatType);
        }
    }

    /** The text of a non-null value that JSON writes as a string and CSV writes as-is. */
    static String text(Object value) {
        if (value instanceof LocalDateTime) {
            return TIMESTAMP.format((LocalDateTime) value);
        }
        if (value instanceof Instant) {
            return TIMESTAMP.format(LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
        }
        if (value instanceof LocalDate) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format((LocalDate) value);
        }
        if (value instanceof LocalTime) {
            return TIME.format((LocalTime) value);
        }
        if (value instanceof java.math.BigDecimal) {
            return ((java.math.BigDecimal) value).toPlainString();
        }
        if (value instanceof byte[]) {
            return Base64.getEncoder().encodeToString((byte[]) value);
        }
        return String.valueOf(value);
    }
}
