package dev.hydrant.analytics.sql;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KDA SQL column type, parsed from text such as {@code VARCHAR(4)}, {@code DOUBLE PRECISION} or {@code DECIMAL}.
 *
 * <p>Defaults where the text gives no size: {@code DECIMAL} is {@code DECIMAL(18, 0)} (the KDA SQL Reference, "Numeric
 * Types and Precision": default precision 18, default scale 0, at most 18 digits); {@code CHAR} and {@code BINARY} are
 * one long; {@code VARCHAR} and {@code VARBINARY} without a length are unbounded. {@code FLOAT} is an 8-byte
 * {@code DOUBLE} (SQL's default FLOAT precision), {@code REAL} a 4-byte float. {@code TIMESTAMP} and {@code TIME} keep
 * milliseconds.
 *
 * @param precision the length of character and binary types, the precision of DECIMAL, otherwise 0
 * @param scale the scale of DECIMAL, otherwise 0
 */
public record KdaType(Kind kind, int precision, int scale) {
    public static final int UNBOUNDED = Integer.MAX_VALUE;
    public static final int MAX_DECIMAL_PRECISION = 18;
    private static final Pattern TYPE = Pattern.compile(
            "([A-Z]+(?:\\s+PRECISION|\\s+VARYING)?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");

    public enum Kind {
        VARCHAR, CHAR, INTEGER, SMALLINT, TINYINT, BIGINT, REAL, DOUBLE, DECIMAL, BOOLEAN, DATE, TIME, TIMESTAMP, BINARY, VARBINARY
    }

    public KdaType {
        requireNonNull(kind, "kind is null");
    }

    /** Parses KDA SQL type text; throws {@link IllegalArgumentException} with a KDA-style message when it is not a type. */
    public static KdaType parse(String text) {
        requireNonNull(text, "text is null");
        Matcher matcher = TYPE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Unknown SQL type: " + text);
        }
        String name = matcher.group(1).replaceAll("\\s+", " ");
        Integer first = matcher.group(2) == null ? null : parseSize(matcher.group(2), text);
        Integer second = matcher.group(3) == null ? null : parseSize(matcher.group(3), text);
        switch (name) {
            case "VARCHAR":
            case "CHARACTER VARYING":
            case "CHAR VARYING":
                noScale(second, text);
                return new KdaType(Kind.VARCHAR, length(first, UNBOUNDED, text), 0);
            case "CHAR":
            case "CHARACTER":
                noScale(second, text);
                return new KdaType(Kind.CHAR, length(first, 1, text), 0);
            case "BINARY":
                noScale(second, text);
                return new KdaType(Kind.BINARY, length(first, 1, text), 0);
            case "VARBINARY":
                noScale(second, text);
                return new KdaType(Kind.VARBINARY, length(first, UNBOUNDED, text), 0);
            case "DECIMAL":
            case "DEC":
            case "NUMERIC": {
                int precision = first == null ? MAX_DECIMAL_PRECISION : first;
                int scale = second == null ? 0 : second;
                if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
                    throw new IllegalArgumentException("DECIMAL precision " + precision + " must be between 1 and " + MAX_DECIMAL_PRECISION + ": " + text);
                }
                if (scale > precision) {
                    throw new IllegalArgumentException("DECIMAL scale " + scale + " must not exceed precision " + precision + ": " + text);
                }
                return new KdaType(Kind.DECIMAL, precision, scale);
            }
            default:
                break;
        }
        if (first != null) {
            throw new IllegalArgumentException("Type " + name + " takes no size: " + text);
        }
        switch (name) {
            case "INTEGER":
            case "INT":
                return new KdaType(Kind.INTEGER, 0, 0);
            case "SMALLINT":
                return new KdaType(Kind.SMALLINT, 0, 0);
            case "TINYINT":
                return new KdaType(Kind.TINYINT, 0, 0);
            case "BIGINT":
                return new KdaType(Kind.BIGINT, 0, 0);
            case "REAL":
                return new KdaType(Kind.REAL, 0, 0);
            case "DOUBLE":
            case "DOUBLE PRECISION":
            case "FLOAT":
                return new KdaType(Kind.DOUBLE, 0, 0);
            case "BOOLEAN":
                return new KdaType(Kind.BOOLEAN, 0, 0);
            case "DATE":
                return new KdaType(Kind.DATE, 0, 0);
            case "TIME":
                return new KdaType(Kind.TIME, 0, 0);
            case "TIMESTAMP":
                return new KdaType(Kind.TIMESTAMP, 0, 0);
            default:
                throw new IllegalArgumentException("Unknown SQL type: " + text);
        }
    }

    private static int parseSize(String digits, String text) {
        try {
            return Integer.parseInt(digits);
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("Size out of range: " + text);
        }
    }

    private static void noScale(Integer scale, String text) {
        if (scale != null) {
            throw new IllegalArgumentException("Type takes one size only: " + text);
        }
    }

    private static int length(Integer length, int defaultLength, String text) {
        if (length == null) {
            return defaultLength;
        }
        if (length < 1) {
            throw new IllegalArgumentException("Length must be positive: " + text);
        }
        return length;
    }

    /** The Flink SQL type text, e.g. {@code VARCHAR(4)}, {@code TIMESTAMP(3)}, {@code DECIMAL(18, 0)}. */
    public String flinkType() {
        switch (kind) {
            case VARCHAR:
                return precision == UNBOUNDED ? "STRING" : "VARCHAR(" + precision + ")";
            case CHAR:
                return "CHAR(" + precision + ")";
            case BINARY:
                return "BINARY(" + precision + ")";
            case VARBINARY:
                return precision == UNBOUNDED ? "BYTES" : "VARBINARY(" + precision + ")";
            case DECIMAL:
                return "DECIMAL(" + precision + ", " + scale + ")";
            case INTEGER:
                return "INT";
            case SMALLINT:
                return "SMALLINT";
            case TINYINT:
                return "TINYINT";
            case BIGINT:
                return "BIGINT";
            case REAL:
                return "FLOAT";
            case DOUBLE:
                return "DOUBLE";
            case BOOLEAN:
                return "BOOLEAN";
            case DATE:
                return "DATE";
            case TIME:
                return "TIME(3)";
            case TIMESTAMP:
                return "TIMESTAMP(3)";
        }
        throw new AssertionError(kind);
    }

    /** The KDA SQL text of this type, e.g. {@code VARCHAR(4)} or {@code DECIMAL(18,0)}. */
    @Override
    public String toString() {
        switch (kind) {
            case VARCHAR:
            case VARBINARY:
                return precision == UNBOUNDED ? kind.name() : kind + "(" + precision + ")";
            case CHAR:
            case BINARY:
                return kind + "(" + precision + ")";
            case DECIMAL:
                return "DECIMAL(" + precision + "," + scale + ")";
            default:
                return kind.name();
        }
    }
}
