package dev.hydrant.format;

import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads JSON timestamp values into epoch microseconds (UTC). Values without an offset are taken as UTC.
 * <ul>
 * <li>OpenX: numbers are epoch seconds, or epoch milliseconds when their magnitude is at least 10^11 (after
 *     5138-11-16 as seconds, after 1973-03-03 as milliseconds); fractions are fractions of seconds. Numeric strings
 *     are read the same way. Other strings are ISO-8601-ish: {@code yyyy-MM-dd}, then optionally {@code T} or a space,
 *     {@code HH:mm[:ss[.f{1,9}]]} and an offset ({@code Z}, {@code +01:00}, {@code +0100}).</li>
 * <li>Hive: each of the configured formats is tried in order: {@code millis} reads epoch milliseconds (a number or
 *     a numeric string), anything else is a Joda-Time pattern. Without formats, {@code yyyy-MM-dd HH:mm:ss[.f{1,9}]}
 *     as {@code java.sql.Timestamp.valueOf} reads it.</li>
 * </ul>
 */
final class JsonTimestampParser {
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;
    private static final DateTimeFormatter OPENX_TEXT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(HOUR_OF_DAY, 2).appendLiteral(':').appendValue(MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TIMESTAMP_VALUE_OF = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .appendValue(HOUR_OF_DAY, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE).appendLiteral(':')
            .appendValue(MINUTE_OF_HOUR, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE).appendLiteral(':')
            .appendValue(SECOND_OF_MINUTE, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE)
            .optionalStart().appendFraction(NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private final boolean openX;
    private final boolean millis;
    private final List<DateTimeFormatter> patterns;

    private JsonTimestampParser(boolean openX, boolean millis, List<DateTimeFormatter> patterns) {
        this.openX = openX;
        this.millis = millis;
        this.patterns = List.copyOf(requireNonNull(patterns, "patterns is null"));
    }

    static JsonTimestampParser openX() {
        return new JsonTimestampParser(true, false, List.of());
    }

    /** Throws {@link IllegalArgumentException} for a pattern that java.time cannot express. */
    static JsonTimestampParser hive(List<String> timestampFormats) {
        boolean millis = false;
        List<DateTimeFormatter> patterns = new ArrayList<>();
        for (String format : timestampFormats) {
            if (format.equals("millis")) {
                millis = true;
            }
            else {
                patterns.add(new DateTimeFormatterBuilder()
                        .parseCaseInsensitive()
                        .appendPattern(jodaToJavaTime(format))
                        .toFormatter(Locale.ROOT));
            }
        }
        if (timestampFormats.isEmpty()) {
            patterns.add(TIMESTAMP_VALUE_OF);
        }
        return new JsonTimestampParser(false, millis, patterns);
    }

    long parseMicros(JsonNode value) throws RecordConversionException {
        if (openX) {
            if (value.isNumber()) {
                return fromEpochNumber(value.decimalValue());
            }
            if (value.isTextual()) {
                String text = value.textValue().trim();
                BigDecimal number = parseNumber(text);
                return number != null ? fromEpochNumber(number) : fromText(text, OPENX_TEXT);
            }
        }
        else {
            if (value.isNumber() && millis && value.canConvertToLong()) {
                return Math.multiplyExact(value.longValue(), 1000L);
            }
            if (value.isTextual()) {
                String text = value.textValue().trim();
                if (millis) {
                    BigDecimal number = parseNumber(text);
                    if (number != null) {
                        return Math.multiplyExact(number.longValue(), 1000L);
                    }
                }
                for (DateTimeFormatter pattern : patterns) {
                    try {
                        return fromText(text, pattern);
                    }
                    catch (RecordConversionException e) {
                        // try the next format
                    }
                }
            }
        }
        throw new RecordConversionException(RecordConversionException.INVALID_VALUE, "not a timestamp: " + value);
    }

    private static BigDecimal parseNumber(String text) {
        if (text.isEmpty() || !(Character.isDigit(text.charAt(0)) || text.charAt(0) == '-')
                || text.indexOf(':') >= 0 || text.indexOf('-', 1) >= 0) {
            return null;
        }
        try {
            return new BigDecimal(text);
        }
        catch (NumberFormatException e) {
            return null;
        }
    }

    private static long fromEpochNumber(BigDecimal number) throws RecordConversionException {
        try {
            BigDecimal seconds = number.abs().compareTo(BigDecimal.valueOf(MILLIS_THRESHOLD)) >= 0
                    ? number.movePointLeft(3)
                    : number;
            return seconds.movePointRight(6).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
        }
        catch (ArithmeticException e) {
            throw new RecordConversionException(RecordConversionException.INVALID_VALUE, "timestamp out of range: " + number);
        }
    }

    private static long fromText(String text, DateTimeFormatter formatter) throws RecordConversionException {
        try {
            TemporalAccessor parsed = formatter.parse(text);
            LocalDate date = parsed.query(TemporalQueries.localDate());
            if (date == null) {
                throw new RecordConversionException(RecordConversionException.INVALID_VALUE, "timestamp without a date: " + text);
            }
            LocalTime time = parsed.query(TemporalQueries.localTime());
            ZoneId zone = parsed.query(TemporalQueries.zone());
            Instant instant = date.atTime(time == null ? LocalTime.MIDNIGHT : time)
                    .atZone(zone == null ? ZoneOffset.UTC : zone)
                    .toInstant();
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
        }
        catch (DateTimeParseException | ArithmeticException e) {
            throw new RecordConversionException(RecordConversionException.INVALID_VALUE, "not a timestamp: \"" + text + "\"");
        }
    }

    /**
     * Translates a Joda-Time pattern into java.time's syntax. They agree on most letters; the differences:
     * Joda {@code Y} (year of era) is {@code y}, {@code x} (week year) is {@code Y}, {@code Z} is {@code XX}
     * ({@code +0100} or {@code Z}), {@code ZZ} is {@code XXX} ({@code +01:00} or {@code Z}), {@code ZZZ} is a zone id.
     */
    static String jodaToJavaTime(String pattern) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                int end = pattern.indexOf('\'', i + 1);
                end = end < 0 ? pattern.length() - 1 : end;
                out.append(pattern, i, end + 1);
                i = end + 1;
                continue;
            }
            int run = 1;
            while (i + run < pattern.length() && pattern.charAt(i + run) == c) {
                run++;
            }
            switch (c) {
                case 'Y':
                    out.append("y".repeat(run));
                    break;
                case 'x':
                    out.append("Y".repeat(run));
                    break;
                case 'Z':
                    out.append(run == 1 ? "XX" : run == 2 ? "XXX" : "VV");
                    break;
                default:
                    out.append(String.valueOf(c).repeat(run));
            }
            i += run;
        }
        return out.toString();
    }
}
