package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Base64;
import java.util.Locale;

/**
 * KDA's input coercion rules (aws-compat §7.3): JSON null is NULL; a boolean is 1/0 for numeric columns and
 * {@code true}/{@code false} for CHAR; a number is its text for CHAR; a string is parsed for numeric, boolean,
 * date and time columns; CHAR/VARCHAR values longer than the column are silently truncated; an object or array is
 * its JSON text for CHAR and an error otherwise; a value out of the column's range is an error. Integral columns
 * reject fractional values rather than round them; DECIMAL rounds half-up to the column's scale.
 */
public final class InputCoercion {
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendLiteral('Z').optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private InputCoercion() {}

    /** Coerces a JSON value (null or missing node = NULL). */
    public static Object fromJson(JsonNode node, InputColumnType type) throws CoercionException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            boolean value = node.booleanValue();
            if (type.isText()) {
                return truncate(value ? "true" : "false", type);
            }
            if (type.kind() == InputColumnType.Kind.BOOLEAN) {
                return value;
            }
            if (type.isNumeric()) {
                return fromNumber(value ? BigDecimal.ONE : BigDecimal.ZERO, type);
            }
            throw new CoercionException("cannot convert a boolean to " + type);
        }
        if (node.isNumber()) {
            BigDecimal number = node.isBigDecimal() ? node.decimalValue()
                    : node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : new BigDecimal(node.asText());
            if (type.isText()) {
                return truncate(node.isBigDecimal() ? number.toString() : node.asText(), type);
            }
            if (type.isNumeric()) {
                return fromNumber(number, type);
            }
            if (type.kind() == InputColumnType.Kind.BOOLEAN) {
                return number.signum() != 0;
            }
            if (type.kind() == InputColumnType.Kind.TIMESTAMP) {
                try {
                    return LocalDateTime.ofInstant(Instant.ofEpochMilli(number.longValueExact()), ZoneOffset.UTC);
                } catch (ArithmeticException e) {
                    throw new CoercionException("value out of range for " + type);
                }
            }
            throw new CoercionException("cannot convert a number to " + type);
        }
        if (node.isTextual()) {
            return fromText(node.textValue(), type);
        }
        // object or array
        if (type.isText()) {
            return truncate(node.toString(), type);
        }
        throw new CoercionException("cannot convert a JSON " + (node.isArray() ? "array" : "object") + " to " + type);
    }

    /** Coerces a text value (a JSON string or a CSV field). */
    public static Object fromText(String text, InputColumnType type) throws CoercionException {
        if (text == null) {
            return null;
        }
        if (type.isText()) {
            return truncate(text, type);
        }
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        try {
            switch (type.kind()) {
                case TINYINT:
                case SMALLINT:
                case INTEGER:
                case BIGINT:
                case DECIMAL:
                    return fromNumber(new BigDecimal(trimmed), type);
                case REAL:
                case DOUBLE:
                    return fromNumber(parseFloating(trimmed), type);
                case BOOLEAN:
                    return parseBoolean(trimmed, type);
                case DATE:
                    return LocalDate.from(TIMESTAMP.parse(trimmed));
                case TIME:
                    LocalTime time = LocalTime.from(TIME.parse(trimmed));
                    return time.withNano(time.getNano() / 1_000_000 * 1_000_000);
                case TIMESTAMP:
                    LocalDateTime timestamp = LocalDateTime.from(TIMESTAMP.parse(trimmed));
                    return timestamp.withNano(timestamp.getNano() / 1_000_000 * 1_000_000);
                case BINARY:
                case VARBINARY:
                    return Base64.getDecoder().decode(trimmed);
                default:
                    throw new CoercionException("cannot convert text to " + type);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new CoercionException("cannot convert text to " + type);
        } catch (IllegalArgumentException e) {
            throw new CoercionException("cannot convert text to " + type + " (not base64)");
        }
    }

    private static BigDecimal parseFloating(String text) {
        switch (text) {
            case "NaN": return null;
            default: return new BigDecimal(text);
        }
    }

    private static Boolean parseBoolean(String text, InputColumnType type) throws CoercionException {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
                return Boolean.TRUE;
            case "false":
            case "0":
                return Boolean.FALSE;
            default:
                throw new CoercionException("cannot convert text to " + type);
        }
    }

    /** A JSON number read as an exact decimal, coerced to a numeric column as {@link #fromJson} coerces it. */
    static Object fromDecimal(BigDecimal number, InputColumnType type) throws CoercionException {
        requireNonNull(number, "number is null");
        return fromNumber(number, type);
    }

    private static Object fromNumber(BigDecimal number, InputColumnType type) throws CoercionException {
        if (number == null) {
            return type.kind() == InputColumnType.Kind.REAL ? (Object) Float.NaN : Double.NaN;
        }
        try {
            switch (type.kind()) {
                case TINYINT: return integral(number, type).byteValueExact();
                case SMALLINT: return integral(number, type).shortValueExact();
                case INTEGER: return integral(number, type).intValueExact();
                case BIGINT: return integral(number, type).longValueExact();
                case REAL: {
                    float value = number.floatValue();
                    if (Float.isInfinite(value)) {
                        throw new CoercionException("value out of range for " + type);
                    }
                    return value;
                }
                case DOUBLE: {
                    double value = number.doubleValue();
                    if (Double.isInfinite(value)) {
                        throw new CoercionException("value out of range for " + type);
                    }
                    return value;
                }
                case DECIMAL: {
                    BigDecimal scaled = number.setScale(type.scale(), RoundingMode.HALF_UP);
                    if (scaled.precision() - scaled.scale() > type.length() - type.scale()) {
                        throw new CoercionException("value out of range for " + type);
                    }
                    return scaled;
                }
                default: throw new CoercionException("cannot convert a number to " + type);
            }
        } catch (ArithmeticException e) {
            throw new CoercionException("value out of range for " + type);
        }
    }

    private static BigInteger integral(BigDecimal number, InputColumnType type) throws CoercionException {
        try {
            return number.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new CoercionException("fractional value for " + type);
        }
    }

    private static String truncate(String text, InputColumnType type) {
        if (text.length() <= type.length() || text.codePointCount(0, text.length()) <= type.length()) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, type.length()));
    }

    static String hex(byte[] data) {
        StringBuilder builder = new StringBuilder(data.length * 2);
        for (byte b : data) {
            builder.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return builder.toString();
    }

    static String utf8(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
