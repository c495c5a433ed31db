package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hydrant.spi.SqlApplication;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns one record of an input's delivery stream into rows of the in-application stream, by the input's
 * RecordFormat: JSON (RecordRowPath + per-column JSONPath Mapping) or CSV (positional columns, row and column
 * delimiters; no quoting). A row whose values cannot be coerced is reported as an error instead.
 */
public final class InputRecordParser implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final boolean json;
    private final List<String> columnNames;
    private final List<InputColumnType> columnTypes;
    private final JsonPath rowPath;
    private final List<JsonPath> mappings;
    private final List<Boolean> relativeToRow;
    private final String rowDelimiter;
    private final String columnDelimiter;
    private final boolean[] read;
    private transient JsonFieldExtractor extractor;
    private transient volatile boolean extractorChecked;

    /** Receives the outcome of each row. */
    public interface RowSink {
        void row(Object[] values);

        void error(String message);
    }

    public InputRecordParser(SqlApplication.RecordFormat format, List<SqlApplication.Column> columns) {
        this(format, columns, null);
    }

    /**
     * A parser that need not convert the values of columns whose names are not in {@code readColumns} (null: it reads
     * every column). Those columns come out NULL; their JSON values are still checked, except that a number in an
     * unread numeric column is not checked against the column's range.
     */
    public InputRecordParser(SqlApplication.RecordFormat format, List<SqlApplication.Column> columns, Set<String> readColumns) {
        requireNonNull(format, "format is null");
        requireNonNull(columns, "columns is null");
        this.read = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            read[i] = readColumns == null || readColumns.contains(columns.get(i).name());
        }
        this.json = format.type().toUpperCase(Locale.ROOT).equals("JSON");
        if (!json && !format.type().toUpperCase(Locale.ROOT).equals("CSV")) {
            throw new IllegalArgumentException("unsupported RecordFormatType: " + format.type());
        }
        this.columnNames = columns.stream().map(SqlApplication.Column::name).toList();
        this.columnTypes = columns.stream().map(column -> InputColumnType.parse(column.sqlType())).toList();
        String rowPathText = format.recordRowPath() == null ? "$" : format.recordRowPath().trim();
        this.rowPath = json ? JsonPath.parse(rowPathText) : null;
        List<JsonPath> paths = new ArrayList<>();
        List<Boolean> relative = new ArrayList<>();
        if (json) {
            for (SqlApplication.Column column : columns) {
                String mapping = column.mapping() == null ? "$." + column.name() : column.mapping().trim();
                if (rowPath.explodes() && mapping.startsWith(rowPathText)) {
                    paths.add(JsonPath.parse("$" + mapping.substring(rowPathText.length())));
                    relative.add(Boolean.TRUE);
                } else {
                    paths.add(JsonPath.parse(mapping));
                    relative.add(rowPath.explodes() ? Boolean.FALSE : Boolean.TRUE);
                }
            }
        }
        this.mappings = List.copyOf(paths);
        this.relativeToRow = List.copyOf(relative);
        this.rowDelimiter = unescape(format.recordRowDelimiter() == null ? "\n" : format.recordRowDelimiter());
        this.columnDelimiter = unescape(format.recordColumnDelimiter() == null ? "," : format.recordColumnDelimiter());
    }

    public List<String> columnNames() {
        return columnNames;
    }

    public List<InputColumnType> columnTypes() {
        return columnTypes;
    }

    public void parse(byte[] data, RowSink sink) {
        if (json) {
            parseJson(data, sink);
        } else {
            parseCsv(InputCoercion.utf8(data), sink);
        }
    }

    private void parseJson(byte[] data, RowSink sink) {
        JsonFieldExtractor fast = extractor();
        if (fast != null) {
            JsonFieldExtractor.Outcome outcome = fast.extract(data);
            if (outcome instanceof JsonFieldExtractor.Values values) {
                sink.row(values.values());
                return;
            }
            if (outcome instanceof JsonFieldExtractor.Problem problem) {
                sink.error(problem.message());
                return;
            }
        }
        parseJsonTree(data, sink);
    }

    /** The streaming fast path, for a RecordRowPath of {@code $} and plain member mappings; null when it does not apply. */
    private JsonFieldExtractor extractor() {
        if (!extractorChecked) {
            if (rowPath.steps().isEmpty() && !rowPath.explodes()) {
                extractor = JsonFieldExtractor.forMappings(columnNames, columnTypes, mappings, read);
            }
            extractorChecked = true;
        }
        return extractor;
    }

    /** Parses the record into a tree and selects each column's path from it: the general path, for every input shape. */
    void parseJsonTree(byte[] data, RowSink sink) {
        JsonNode root;
        try {
            root = MAPPER.readTree(data);
        } catch (IOException e) {
            sink.error("record is not valid JSON");
            return;
        }
        if (root == null) {
            sink.error("record is empty");
            return;
        }
        if (!rowPath.explodes()) {
            JsonNode row = rowPath.select(root);
            if (row.isMissingNode()) {
                sink.error("RecordRowPath " + rowPath.text() + " matches nothing");
                return;
            }
            emit(root, row, sink);
            return;
        }
        JsonNode array = rowPath.select(root);
        if (!array.isArray()) {
            sink.error("RecordRowPath " + rowPath.text() + " is not an array");
            return;
        }
        for (JsonNode element : array) {
            emit(root, element, sink);
        }
    }

    private void emit(JsonNode root, JsonNode row, RowSink sink) {
        Object[] values = new Object[columnTypes.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode node = relativeToRow.get(i) ? mappings.get(i).select(row) : mappings.get(i).select(root);
            try {
                values[i] = InputCoercion.fromJson(node, columnTypes.get(i));
            } catch (CoercionException e) {
                sink.error("column \"" + columnNames.get(i) + "\": " + e.getMessage());
                return;
            }
        }
        sink.row(values);
    }

    private void parseCsv(String text, RowSink sink) {
        String[] rows = text.split(Pattern.quote(rowDelimiter), -1);
        for (String row : rows) {
            if (row.isEmpty()) {
                continue;
            }
            String[] fields = row.split(Pattern.quote(columnDelimiter), -1);
            Object[] values = new Object[columnTypes.size()];
            boolean failed = false;
            for (int i = 0; i < values.length && !failed; i++) {
                String field = i < fields.length ? fields[i] : null;
                try {
                    values[i] = InputCoercion.fromText(field, columnTypes.get(i));
                } catch (CoercionException e) {
                    sink.error("column \"" + columnNames.get(i) + "\": " + e.getMessage());
                    failed = true;
                }
            }
            if (!failed) {
                sink.row(values);
            }
        }
    }

    private static String unescape(String delimiter) {
        return delimiter.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t");
    }
}
