package dev.hydrant.application;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.SqlApplication.Column;
import dev.hydrant.spi.SqlApplication.RecordFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * DiscoverInputSchema's inference: from sample records to a SourceSchema, the way KDA's console shows it.
 *
 * <ul>
 *   <li>When every record holds JSON objects (one or several concatenated), the format is JSON with RecordRowPath
 *       {@code $}; each leaf of the objects becomes a column named after its key (characters other than letters,
 *       digits and {@code _} replaced by {@code _}; a name seen before gets a suffix 0, 1, .. as KDA does:
 *       {@code front_left}, {@code front_left0}) mapped by {@code $.path.to.leaf}. Arrays are one VARCHAR column.</li>
 *   <li>Otherwise the format is CSV ({@code \n} rows, {@code ,} columns) with columns {@code COL_1} .. {@code COL_n}.</li>
 *   <li>SQL types from the samples: BOOLEAN; INTEGER, or BIGINT beyond 32 bits; DECIMAL for numbers with 1 to 4
 *       decimal places, DOUBLE for more (or an exponent); TIMESTAMP for strings like {@code 2024-01-31 12:00:00.000};
 *       VARCHAR(n) otherwise, n the longest sample rounded up to a power of two. Mixed kinds widen (INTEGER with
 *       DECIMAL is DECIMAL, any number with DOUBLE is DOUBLE, anything else mixed is VARCHAR). A column only ever
 *       null is VARCHAR(1).</li>
 * </ul>
 */
public final class InputSchemaDiscovery {
    public static final int MAX_RECORDS = 100;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private InputSchemaDiscovery() {}

    /** The schema, the parsed rows (values as text, by column) and the raw rows. */
    public record DiscoveredSchema(SourceSchema schema, List<List<String>> parsedInputRecords, List<String> rawInputRecords) {
        public DiscoveredSchema {
            requireNonNull(schema, "schema is null");
            parsedInputRecords = List.copyOf(parsedInputRecords);
            rawInputRecords = List.copyOf(requireNonNull(rawInputRecords, "rawInputRecords is null"));
        }
    }

    /** @throws HydrantException UnableToDetectSchemaException when there is no record with data */
    public static DiscoveredSchema discover(List<byte[]> records) {
        List<String> texts = records.stream().map(record -> new String(record, StandardCharsets.UTF_8)).filter(text -> !text.isBlank()).toList();
        if (texts.isEmpty()) {
            throw new HydrantException(ErrorCode.UNABLE_TO_DETECT_SCHEMA, "No records were found to discover a schema from; put some records first");
        }
        List<JsonRow> jsonRows = jsonRows(texts);
        return jsonRows != null ? json(jsonRows) : csv(texts);
    }

    private record JsonRow(JsonNode node, String raw) {}

    /** The JSON objects of the records, or null when one of them is not a sequence of JSON objects. */
    private static List<JsonRow> jsonRows(List<String> texts) {
        List<JsonRow> rows = new ArrayList<>();
        for (String text : texts) {
            List<JsonNode> nodes = new ArrayList<>();
            try (MappingIterator<JsonNode> values = MAPPER.readerFor(JsonNode.class).readValues(text)) {
                while (values.hasNextValue()) {
                    JsonNode node = values.nextValue();
                    if (!node.isObject()) {
                        return null;
                    }
                    nodes.add(node);
                }
            }
            catch (IOException | RuntimeException e) {
                return null;
            }
            for (JsonNode node : nodes) {
                rows.add(new JsonRow(node, nodes.size() == 1 ? text.strip() : node.toString()));
            }
        }
        return rows.isEmpty() ? null : rows;
    }

    private static DiscoveredSchema json(List<JsonRow> rows) {
        Map<String, ColumnStatistics> byPath = new LinkedHashMap<>();
        for (JsonRow row : rows) {
            collect(row.node(), "$", byPath);
        }
        Map<String, Integer> seen = new HashMap<>();
        List<Column> columns = new ArrayList<>();
        for (Map.Entry<String, ColumnStatistics> entry : byPath.entrySet()) {
            String key = entry.getKey().substring(entry.getKey().lastIndexOf('.') + 1);
            String base = key.replaceAll("[^A-Za-z0-9_]", "_");
            Integer count = seen.get(base);
            seen.put(base, count == null ? 0 : count + 1);
            String name = count == null ? base : base + count;
            columns.add(new Column(name, entry.getValue().sqlType(), entry.getKey()));
        }
        List<List<String>> parsed = new ArrayList<>();
        for (JsonRow row : rows) {
            List<String> values = new ArrayList<>();
            for (String path : byPath.keySet()) {
                JsonNode value = at(row.node(), path);
                values.add(value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString());
            }
            parsed.add(values);
        }
        RecordFormat format = new RecordFormat("JSON", "$", null, null);
        return new DiscoveredSchema(new SourceSchema(format, SourceSchema.UTF_8, columns), parsed, rows.stream().map(JsonRow::raw).toList());
    }

    private static void collect(JsonNode node, String path, Map<String, ColumnStatistics> byPath) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = path + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject() && !value.isEmpty()) {
                collect(value, fieldPath, byPath);
            }
            else {
                byPath.computeIfAbsent(fieldPath, ignored -> new ColumnStatistics()).add(value);
            }
        }
    }

    private static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String key : path.substring(2).split("\\.")) {
            current = current == null ? null : current.get(key);
        }
        return current;
    }

    private static DiscoveredSchema csv(List<String> texts) {
        List<String> raw = new ArrayList<>();
        List<List<String>> parsed = new ArrayList<>();
        int width = 0;
        for (String text : texts) {
            for (String line : text.split("\r?\n")) {
                if (line.isBlank()) {
                    continue;
                }
                raw.add(line);
                List<String> values = List.of(line.split(",", -1));
                parsed.add(values);
                width = Math.max(width, values.size());
            }
        }
        List<ColumnStatistics> statistics = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            statistics.add(new ColumnStatistics());
        }
        for (List<String> values : parsed) {
            for (int i = 0; i < values.size(); i++) {
                statistics.get(i).addText(values.get(i));
            }
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            columns.add(new Column("COL_" + (i + 1), statistics.get(i).sqlType(), null));
        }
        RecordFormat format = new RecordFormat("CSV", null, "\n", ",");
        return new DiscoveredSchema(new SourceSchema(format, SourceSchema.UTF_8, columns), parsed, raw);
    }

    /** What the samples of one column looked like. */
    private static final class ColumnStatistics {
        private boolean booleans;
        private boolean integers;
        private boolean bigIntegers;
        private boolean decimals;
        private boolean doubles;
        private boolean timestamps;
        private boolean strings;
        private int maxLength;

        void add(JsonNode value) {
            if (value.isNull()) {
                return;
            }
            String text = value.isValueNode() ? value.asText() : value.toString();
            maxLength = Math.max(maxLength, text.length());
            if (value.isBoolean()) {
                booleans = true;
            }
            else if (value.isIntegralNumber()) {
                integer(value.canConvertToInt());
            }
            else if (value.isNumber()) {
                number(value.decimalValue());
            }
            else if (value.isTextual() && TIMESTAMP.matcher(text).matches()) {
                timestamps = true;
            }
            else {
                strings = true;
            }
        }

        void addText(String text) {
            String value = text.strip();
            if (value.isEmpty()) {
                return;
            }
            maxLength = Math.max(maxLength, value.length());
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                booleans = true;
            }
            else if (INTEGER.matcher(value).matches()) {
                long number = Long.parseLong(value);
                integer(number == (int) number);
            }
            else if (NUMBER.matcher(value).matches()) {
                number(new BigDecimal(value));
            }
            else if (TIMESTAMP.matcher(value).matches()) {
                timestamps = true;
            }
            else {
                strings = true;
            }
        }

        private void integer(boolean fitsInt) {
            integers = true;
            bigIntegers |= !fitsInt;
        }

        private void number(BigDecimal value) {
            if (value.scale() >= 1 && value.scale() <= 4 && value.precision() <= 15) {
                decimals = true;
            }
            else {
                doubles = true;
            }
        }

        String sqlType() {
            boolean numbers = integers || decimals || doubles;
            int kinds = (booleans ? 1 : 0) + (numbers ? 1 : 0) + (timestamps ? 1 : 0) + (strings ? 1 : 0);
            if (kinds == 0) {
                return "VARCHAR(1)";
            }
            if (kinds > 1 || strings) {
                return "VARCHAR(" + powerOfTwoAtLeast(maxLength) + ")";
            }
            if (booleans) {
                return "BOOLEAN";
            }
            if (timestamps) {
                return "TIMESTAMP";
            }
            if (doubles) {
                return "DOUBLE";
            }
            if (decimals) {
                return "DECIMAL";
            }
            return bigIntegers ? "BIGINT" : "INTEGER";
        }

        private static int powerOfTwoAtLeast(int length) {
            int size = 1;
            while (size < length) {
                size <<= 1;
            }
            return size;
        }
    }
}
