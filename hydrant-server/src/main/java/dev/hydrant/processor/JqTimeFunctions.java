package dev.hydrant.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.Locale;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * The jq 1.6 date functions that jackson-jq lacks, in UTC as Firehose evaluates them: {@code gmtime},
 * {@code mktime}, {@code strftime/1}, {@code todate}, {@code date} and {@code fromdate}. A broken-down time is jq's
 * array {@code [year, month (0-11), day of month, hours, minutes, seconds, day of week (0 = Sunday), day of year
 * (0-365)]}; {@code strftime} also takes epoch seconds, as in AWS's {@code .event_timestamp|strftime("%Y")}.
 */
final class JqTimeFunctions {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ISO_8601 = "%Y-%m-%dT%H:%M:%SZ";

    private JqTimeFunctions() {}

    static void register(Scope scope) {
        scope.addFunction("gmtime", 0, (functionScope, args, in, path, output, version) -> output.emit(gmtime(in), null));
        scope.addFunction("mktime", 0, (functionScope, args, in, path, output, version) -> output.emit(LongNode.valueOf(mktime(in)), null));
        scope.addFunction("strftime", 1, (functionScope, args, in, path, output, version) ->
                args.get(0).apply(functionScope, in, format -> {
                    if (!format.isTextual()) {
                        throw new JsonQueryException("strftime/1 requires a string format");
                    }
                    output.emit(TextNode.valueOf(strftime(in, format.asText())), null);
                }));
        scope.addFunction("todate", 0, (functionScope, args, in, path, output, version) -> output.emit(TextNode.valueOf(strftime(in, ISO_8601)), null));
        scope.addFunction("date", 0, (functionScope, args, in, path, output, version) -> output.emit(TextNode.valueOf(strftime(in, ISO_8601)), null));
        scope.addFunction("fromdate", 0, (functionScope, args, in, path, output, version) ->
                functionScope.getFunction("fromdateiso8601", 0).apply(functionScope, args, in, path, output, version));
    }

    static ArrayNode gmtime(JsonNode in) throws JsonQueryException {
        if (!in.isNumber()) {
            throw new JsonQueryException("gmtime() requires a number");
        }
        double epochSeconds = in.asDouble();
        long wholeSeconds = (long) Math.floor(epochSeconds);
        LocalDateTime time = LocalDateTime.ofEpochSecond(wholeSeconds, 0, ZoneOffset.UTC);
        ArrayNode brokenDown = NODES.arrayNode();
        brokenDown.add(time.getYear());
        brokenDown.add(time.getMonthValue() - 1);
        brokenDown.add(time.getDayOfMonth());
        brokenDown.add(time.getHour());
        brokenDown.add(time.getMinute());
        brokenDown.add(DoubleNode.valueOf(time.getSecond() + (epochSeconds - wholeSeconds)));
        brokenDown.add(time.getDayOfWeek().getValue() % 7);
        brokenDown.add(time.getDayOfYear() - 1);
        return brokenDown;
    }

    static long mktime(JsonNode in) throws JsonQueryException {
        return toDateTime(in, "mktime").toEpochSecond(ZoneOffset.UTC);
    }

    static String strftime(JsonNode in, String format) throws JsonQueryException {
        LocalDateTime time;
        if (in.isNumber()) {
            time = LocalDateTime.ofEpochSecond((long) Math.floor(in.asDouble()), 0, ZoneOffset.UTC);
        }
        else {
            time = toDateTime(in, "strftime/1");
        }
        StringBuilder result = new StringBuilder();
        for (int index = 0; index < format.length(); index++) {
            char character = format.charAt(index);
            if (character != '%') {
                result.append(character);
                continue;
            }
            if (index + 1 == format.length()) {
                throw new JsonQueryException("strftime/1: format ends with a lone '%'");
            }
            appendConversion(result, format.charAt(++index), time);
        }
        return result.toString();
    }

    private static void appendConversion(StringBuilder result, char conversion, LocalDateTime time) throws JsonQueryException {
        int sundayBasedWeekday = time.getDayOfWeek().getValue() % 7;
        int dayOfYear = time.getDayOfYear() - 1;
        switch (conversion) {
            case 'Y' -> result.append(time.getYear());
            case 'C' -> result.append(twoDigits(Math.floorDiv(time.getYear(), 100)));
            case 'y' -> result.append(twoDigits(Math.floorMod(time.getYear(), 100)));
            case 'm' -> result.append(twoDigits(time.getMonthValue()));
            case 'd' -> result.append(twoDigits(time.getDayOfMonth()));
            case 'e' -> result.append(String.format(Locale.ROOT, "%2d", time.getDayOfMonth()));
            case 'H' -> result.append(twoDigits(time.getHour()));
            case 'I' -> result.append(twoDigits(time.getHour() % 12 == 0 ? 12 : time.getHour() % 12));
            case 'M' -> result.append(twoDigits(time.getMinute()));
            case 'S' -> result.append(twoDigits(time.getSecond()));
            case 'j' -> result.append(String.format(Locale.ROOT, "%03d", time.getDayOfYear()));
            case 'a' -> result.append(time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
            case 'A' -> result.append(time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
            case 'b', 'h' -> result.append(time.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
            case 'B' -> result.append(time.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
            case 'p' -> result.append(time.getHour() < 12 ? "AM" : "PM");
            case 'Z' -> result.append("UTC");
            case 'z' -> result.append("+0000");
            case 's' -> result.append(time.toEpochSecond(ZoneOffset.UTC));
            case 'u' -> result.append(time.getDayOfWeek().getValue());
            case 'w' -> result.append(sundayBasedWeekday);
            case 'U' -> result.append(twoDigits((dayOfYear + 7 - sundayBasedWeekday) / 7));
            case 'W' -> result.append(twoDigits((dayOfYear + 7 - (time.getDayOfWeek().getValue() - 1)) / 7));
            case 'V' -> result.append(twoDigits(time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
            case 'G' -> result.append(time.get(IsoFields.WEEK_BASED_YEAR));
            case 'g' -> result.append(twoDigits(Math.floorMod(time.get(IsoFields.WEEK_BASED_YEAR), 100)));
            case 'F' -> result.append(time.getYear()).append('-').append(twoDigits(time.getMonthValue())).append('-').append(twoDigits(time.getDayOfMonth()));
            case 'T' -> result.append(twoDigits(time.getHour())).append(':').append(twoDigits(time.getMinute())).append(':').append(twoDigits(time.getSecond()));
            case 'R' -> result.append(twoDigits(time.getHour())).append(':').append(twoDigits(time.getMinute()));
            case 'D' -> result.append(twoDigits(time.getMonthValue())).append('/').append(twoDigits(time.getDayOfMonth())).append('/')
                    .append(twoDigits(Math.floorMod(time.getYear(), 100)));
            case 'c' -> result.append(time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US)).append(' ')
                    .append(time.getMonth().getDisplayName(TextStyle.SHORT, Locale.US)).append(' ')
                    .append(String.format(Locale.ROOT, "%2d", time.getDayOfMonth())).append(' ')
                    .append(twoDigits(time.getHour())).append(':').append(twoDigits(time.getMinute())).append(':').append(twoDigits(time.getSecond()))
                    .append(' ').append(time.getYear());
            case 'n' -> result.append('\n');
            case 't' -> result.append('\t');
            case '%' -> result.append('%');
            default -> throw new JsonQueryException("strftime/1: unsupported conversion '%" + conversion + "'");
        }
    }

    private static LocalDateTime toDateTime(JsonNode in, String function) throws JsonQueryException {
        if (!in.isArray() || in.size() < 6) {
            throw new JsonQueryException(function + " requires parsed datetime inputs");
        }
        for (int index = 0; index < 6; index++) {
            if (!in.get(index).isNumber()) {
                throw new JsonQueryException(function + " requires parsed datetime inputs");
            }
        }
        try {
            // Like timegm(3), out-of-range fields carry over (month 12 is January of the next year).
            return LocalDateTime.of(in.get(0).asInt(), 1, 1, 0, 0)
                    .plusMonths(in.get(1).asLong())
                    .plusDays(in.get(2).asLong() - 1)
                    .plusHours(in.get(3).asLong())
                    .plusMinutes(in.get(4).asLong())
                    .plusSeconds((long) Math.floor(in.get(5).asDouble()));
        }
        catch (DateTimeException e) {
            throw new JsonQueryException(function + ": " + e.getMessage());
        }
    }

    private static String twoDigits(int value) {
        return value < 10 && value >= 0 ? "0" + value : Integer.toString(value);
    }
}
