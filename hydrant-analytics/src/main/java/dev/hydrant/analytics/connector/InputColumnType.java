package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;

/**
 * The KDA SQL type of an input column ({@code RecordColumn.SqlType}), as the source coerces values to it.
 * {@code DECIMAL} without precision is KDA's documented default {@code DECIMAL(18, 0)} (sqlref "Numeric Types and
 * Precision"); a missing length defaults to 1 for CHAR/BINARY and 65535 for VARCHAR/VARBINARY.
 *
 * @param length for CHAR/VARCHAR/BINARY/VARBINARY; precision for DECIMAL
 */
public record InputColumnType(Kind kind, int length, int scale) implements Serializable {
    private static final Pattern TYPE = Pattern.compile(
            "\\s*([A-Za-z]+(?:\\s+[A-Za-z]+)?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*");

    public enum Kind { TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, BOOLEAN, CHAR, VARCHAR, BINARY, VARBINARY, DATE, TIME, TIMESTAMP }

    public InputColumnType {
        requireNonNull(kind, "kind is null");
    }

    public static InputColumnType parse(String sqlType) {
        requireNonNull(sqlType, "sqlType is null");
        Matcher matcher = TYPE.matcher(sqlType);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("unsupported SQL type: " + sqlType);
        }
        String name = matcher.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        Integer first = matcher.group(2) == null ? null : Integer.valueOf(matcher.group(2));
        Integer second = matcher.group(3) == null ? null : Integer.valueOf(matcher.group(3));
        switch (name) {
            case "TINYINT": return new InputColumnType(Kind.TINYINT, 0, 0);
            case "SMALLINT": return new InputColumnType(Kind.SMALLINT, 0, 0);
            case "INT":
            case "INTEGER": return new InputColumnType(Kind.INTEGER, 0, 0);
            case "BIGINT": return new InputColumnType(Kind.BIGINT, 0, 0);
            case "REAL":
            case "FLOAT": return new InputColumnType(Kind.REAL, 0, 0);
            case "DOUBLE":
            case "DOUBLE PRECISION": return new InputColumnType(Kind.DOUBLE, 0, 0);
            case "DECIMAL":
            case "DEC":
            case "NUMERIC": return new InputColumnType(Kind.DECIMAL, first == null ? 18 : first, second == null ? 0 : second);
            case "BOOLEAN": return new InputColumnType(Kind.BOOLEAN, 0, 0);
            case "CHAR":
            case "CHARACTER": return new InputColumnType(Kind.CHAR, first == null ? 1 : first, 0);
            case "VARCHAR":
            case "CHARACTER VARYING":
            case "CHAR VARYING": return new InputColumnType(Kind.VARCHAR, first == null ? 65535 : first, 0);
            case "BINARY": return new InputColumnType(Kind.BINARY, first == null ? 1 : first, 0);
            case "VARBINARY": return new InputColumnType(Kind.VARBINARY, first == null ? 65535 : first, 0);
            case "DATE": return new InputColumnType(Kind.DATE, 0, 0);
            case "TIME": return new InputColumnType(Kind.TIME, 0, 0);
            case "TIMESTAMP": return new InputColumnType(Kind.TIMESTAMP, 0, 0);
            default: throw new IllegalArgumentException("unsupported SQL type: " + sqlType);
        }
    }

    public boolean isText() {
        return kind == Kind.CHAR || kind == Kind.VARCHAR;
    }

    public boolean isNumeric() {
        return switch (kind) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL -> true;
            default -> false;
        };
    }

    /** The Flink type of the column in the registered in-application stream. */
    public DataType dataType() {
        switch (kind) {
            case TINYINT: return DataTypes.TINYINT();
            case SMALLINT: return DataTypes.SMALLINT();
            case INTEGER: return DataTypes.INT();
            case BIGINT: return DataTypes.BIGINT();
            case REAL: return DataTypes.FLOAT();
            case DOUBLE: return DataTypes.DOUBLE();
            case DECIMAL: return DataTypes.DECIMAL(length, scale);
            case BOOLEAN: return DataTypes.BOOLEAN();
            case CHAR: return DataTypes.CHAR(length);
            case VARCHAR: return DataTypes.VARCHAR(length);
            case BINARY: return DataTypes.BINARY(length);
            case VARBINARY: return DataTypes.VARBINARY(length);
            case DATE: return DataTypes.DATE();
            case TIME: return DataTypes.TIME(3);
            case TIMESTAMP: return DataTypes.TIMESTAMP(3);
        }
        throw new IllegalStateException("unknown kind " + kind);
    }

    /**
     * A coerced value (the Java type {@link InputCoercion} gives for this kind) in Flink's internal data format, the
     * one its table runtime works on: the source emits rows in it, so no converter runs per row.
     */
    public Object internal(Object value) {
        if (value == null) {
            return null;
        }
        switch (kind) {
            case CHAR:
            case VARCHAR: return StringData.fromString((String) value);
            case DECIMAL: return DecimalData.fromBigDecimal((BigDecimal) value, length, scale);
            case DATE: return (int) ((LocalDate) value).toEpochDay();
            case TIME: return (int) (((LocalTime) value).toNanoOfDay() / 1_000_000);
            case TIMESTAMP: return TimestampData.fromLocalDateTime((LocalDateTime) value);
            default: return value; // numbers, booleans and byte[] are their own internal format
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case DECIMAL: return "DECIMAL(" + length + ", " + scale + ")";
            case CHAR:
            case VARCHAR:
            case BINARY:
            case VARBINARY: return kind + "(" + length + ")";
            default: return kind.name();
        }
    }
}
