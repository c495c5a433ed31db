package dev.hydrant.analytics.sql;

import static java.util.Objects.requireNonNull;

import dev.hydrant.analytics.connector.CsvRecordSerializer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * The KDA SQL functions whose Flink namesakes differ, as UDFs named {@code KDA_<name>} that the translated SQL calls.
 * All times are UTC, as in KDA; TIMESTAMP values are {@code TIMESTAMP(3)}. The {@code HYDRANT_*} functions are the
 * translation's own: they check and describe the rows a pump sends to {@code error_stream}.
 */
public final class KdaFunctions {
    private KdaFunctions() {}

    /** Registers every KDA function as a temporary system function. */
    public static void register(TableEnvironment tableEnvironment) {
        requireNonNull(tableEnvironment, "tableEnvironment is null");
        tableEnvironment.createTemporarySystemFunction("KDA_UNIX_TIMESTAMP", UnixTimestamp.class);
        tableEnvironment.createTemporarySystemFunction("KDA_TO_TIMESTAMP", ToTimestamp.class);
        tableEnvironment.createTemporarySystemFunction("KDA_CHAR_TO_TIMESTAMP", CharToTimestamp.class);
        tableEnvironment.createTemporarySystemFunction("KDA_TIMESTAMP_TO_CHAR", TimestampToChar.class);
        tableEnvironment.createTemporarySystemFunction("KDA_TSDIFF", Tsdiff.class);
        tableEnvironment.createTemporarySystemFunction("KDA_STEP", Step.class);
        tableEnvironment.createTemporarySystemFunction("KDA_STEP_TIMESTAMP", StepTimestamp.class);
        tableEnvironment.createTemporarySystemFunction("KDA_REGEX_REPLACE", RegexReplace.class);
        tableEnvironment.createTemporarySystemFunction("KDA_CURRENT_ROW_TIMESTAMP", CurrentRowTimestamp.class);
        tableEnvironment.createTemporarySystemFunction(DivisionByZero.NAME, DivisionByZero.class);
        tableEnvironment.createTemporarySystemFunction(DataRow.NAME, DataRow.class);
        KdaAnomalyFunctions.register(tableEnvironment);
        tableEnvironment.createTemporarySystemFunction(KdaStaggerWindow.NAME, KdaStaggerWindow.class);
    }

    private static long epochMillis(LocalDateTime timestamp) {
        return timestamp.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static LocalDateTime timestamp(long epochMillis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    /** A SimpleDateFormat in UTC, cached for the last pattern (function instances are used by one thread). */
    private static final class Formats {
        private String pattern;
        private SimpleDateFormat format;

        SimpleDateFormat get(String pattern) {
            if (!pattern.equals(this.pattern)) {
                SimpleDateFormat created = new SimpleDateFormat(pattern);
                created.setTimeZone(TimeZone.getTimeZone("UTC"));
                created.setLenient(false);
                this.format = created;
                this.pattern = pattern;
            }
            return format;
        }
    }

    /** UNIX_TIMESTAMP(ts): milliseconds since the epoch (Flink's UNIX_TIMESTAMP gives seconds of a string). */
    public static final class UnixTimestamp extends ScalarFunction {
        public Long eval(@DataTypeHint("TIMESTAMP(3)") LocalDateTime timestamp) {
            return timestamp == null ? null : epochMillis(timestamp);
        }
    }

    /** TO_TIMESTAMP(ms): the timestamp of epoch milliseconds. */
    public static final class ToTimestamp extends ScalarFunction {
        public @DataTypeHint("TIMESTAMP(3)") LocalDateTime eval(Long epochMillis) {
            return epochMillis == null ? null : timestamp(epochMillis);
        }
    }

    /** CHAR_TO_TIMESTAMP(format, text): parses text with a SimpleDateFormat pattern; NULL when it does not parse. */
    public static final class CharToTimestamp extends ScalarFunction {
        private transient Formats formats;

        private Formats formats() {
            if (formats == null) {
                formats = new Formats();
            }
            return formats;
        }

        public @DataTypeHint("TIMESTAMP(3)") LocalDateTime eval(String pattern, String text) {
            if (pattern == null || text == null) {
                return null;
            }
            try {
                Date date = formats().get(pattern).parse(text);
                return timestamp(date.getTime());
            }
            catch (ParseException | IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** TIMESTAMP_TO_CHAR(format, ts): formats with a SimpleDateFormat pattern; a NULL timestamp gives {@code "null"} as KDA documents. */
    public static final class TimestampToChar extends ScalarFunction {
        private transient Formats formats;

        private Formats formats() {
            if (formats == null) {
                formats = new Formats();
            }
            return formats;
        }

        public String eval(String pattern, @DataTypeHint("TIMESTAMP(3)") LocalDateTime timestamp) {
            if (pattern == null) {
                return null;
            }
            if (timestamp == null) {
                return "null";
            }
            return formats().get(pattern).format(new Date(epochMillis(timestamp)));
        }
    }

    /** TSDIFF(start, end): {@code end - start} in milliseconds (the SQL Reference: {@code CAST((e - s) SECOND(10, 3) * 1000 AS BIGINT)}). */
    public static final class Tsdiff extends ScalarFunction {
        public Long eval(@DataTypeHint("TIMESTAMP(3)") LocalDateTime start, @DataTypeHint("TIMESTAMP(3)") LocalDateTime end) {
            return start == null || end == null ? null : epochMillis(end) - epochMillis(start);
        }
    }

    /** CURRENT_ROW_TIMESTAMP: the wall clock (UTC, milliseconds) when the row is computed. */
    public static final class CurrentRowTimestamp extends ScalarFunction {
        public @DataTypeHint("TIMESTAMP(3)") LocalDateTime eval() {
            return timestamp(System.currentTimeMillis());
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }

    /** STEP(x BY n) on numbers: the largest multiple of n not above x. */
    public static final class Step extends ScalarFunction {
        public Integer eval(Integer value, Integer step) {
            return value == null || step == null ? null : Math.floorDiv(value, step) * step;
        }

        public Long eval(Long value, Long step) {
            return value == null || step == null ? null : Math.floorDiv(value, step) * step;
        }

        public Double eval(Double value, Double step) {
            return value == null || step == null ? null : Math.floor(value / step) * step;
        }
    }

    /** STEP(ts BY INTERVAL ...) on a timestamp other than ROWTIME, with the interval in milliseconds: epoch-aligned floor. */
    public static final class StepTimestamp extends ScalarFunction {
        public @DataTypeHint("TIMESTAMP(3)") LocalDateTime eval(@DataTypeHint("TIMESTAMP(3)") LocalDateTime value, Long stepMillis) {
            return value == null || stepMillis == null ? null : timestamp(Math.floorDiv(epochMillis(value), stepMillis) * stepMillis);
        }
    }

    /**
     * REGEX_REPLACE(text, regex, replacement, startPosition, occurrence): Java regex; matching starts at the 1-based
     * startPosition; occurrence 0 replaces every match, n only the n-th; the replacement may use {@code $1} groups.
     */
    public static final class RegexReplace extends ScalarFunction {
        private transient String lastRegex;
        private transient Pattern pattern;

        public String eval(String text, String regex, String replacement, Integer startPosition, Integer occurrence) {
            if (text == null || regex == null || replacement == null || startPosition == null || occurrence == null) {
                return null;
            }
            if (startPosition < 1 || occurrence < 0) {
                throw new IllegalArgumentException("REGEX_REPLACE: startPosition must be >= 1 and occurrence >= 0");
            }
            if (!regex.equals(lastRegex)) {
                pattern = Pattern.compile(regex);
                lastRegex = regex;
            }
            if (startPosition > text.length()) {
                return text;
            }
            Matcher matcher = pattern.matcher(text);
            matcher.region(startPosition - 1, text.length());
            StringBuilder result = new StringBuilder();
            int count = 0;
            while (matcher.find()) {
                count++;
                if (occurrence == 0 || count == occurrence) {
                    matcher.appendReplacement(result, replacement);
                    if (occurrence != 0) {
                        break;
                    }
                }
            }
            matcher.appendTail(result);
            return result.toString();
        }
    }

    /**
     * HYDRANT_DIVISION_BY_ZERO(dividend, divisor): whether {@code dividend / divisor} or {@code MOD(dividend, divisor)}
     * would throw in Flink: both are exact (TINYINT .. BIGINT, DECIMAL), neither is NULL, and the divisor is zero. With a REAL or DOUBLE operand the division is approximate and gives Infinity or
     * NaN, so it is not a failure.
     */
    public static final class DivisionByZero extends ScalarFunction {
        public static final String NAME = "HYDRANT_DIVISION_BY_ZERO";

        public boolean eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object dividend, @DataTypeHint(inputGroup = InputGroup.ANY) Object divisor) {
            if (dividend == null || divisor == null) {
                return false;
            }
            return isExact(dividend) && isExact(divisor) && isZero(divisor);
        }

        private static boolean isExact(Object value) {
            return value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long || value instanceof BigDecimal;
        }

        private static boolean isZero(Object value) {
            return value instanceof BigDecimal ? ((BigDecimal) value).signum() == 0 : ((Number) value).longValue() == 0;
        }
    }

    /**
     * HYDRANT_DATA_ROW(value, ...): error_stream's DATA_ROW for a row a pump's expression failed on: the values as one
     * CSV record, written as a CSV output writes it (without the ending {@code \n}), in UTF-8, as lower-case hex.
     */
    public static final class DataRow extends ScalarFunction {
        public static final String NAME = "HYDRANT_DATA_ROW";

        public String eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object... values) {
            String record = CsvRecordSerializer.record(values == null ? new Object[0] : values);
            return HexFormat.of().formatHex(record.getBytes(StandardCharsets.UTF_8));
        }
    }
}
