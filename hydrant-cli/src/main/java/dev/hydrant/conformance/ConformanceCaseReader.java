package dev.hydrant.conformance;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.SqlApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a conformance case file. The shape, with the defaults of the optional fields:
 *
 * <pre>{@code
 * description: Tumbling window by STEP emits one row per window at close
 * reference: KDA SQL Reference, "Tumbling Windows"        # optional
 * inputs:                                                  # KDA allows one input
 *   - namePrefix: SOURCE_SQL_STREAM                        # default
 *     parallelism: 1                                       # default; streams _001 .. _00n
 *     format: JSON                                         # or CSV; default JSON
 *     recordRowPath: $                                     # JSON; default $
 *     recordRowDelimiter: "\n"                             # CSV; default "\n"
 *     recordColumnDelimiter: ","                           # CSV; default ","
 *     columns:
 *       - {name: ticker, sqlType: VARCHAR(4), mapping: $.ticker}    # mapping: JSON only, default $.<name>
 *     records:                                             # in arrival order; at = arrival time = ROWTIME
 *       - {at: "2026-01-01T00:00:01Z", data: {ticker: AMZN}}        # a mapping or list is sent as compact JSON
 *       - {at: "2026-01-01T00:00:02Z", data: 'AMZN,10.5'}          # a string is sent as its UTF-8 bytes
 * referenceData:                                           # optional; KDA allows one
 *   - tableName: COMPANY
 *     key: company.csv                                     # default <tableName>.csv or .json
 *     format: CSV
 *     columns: [...]
 *     content: |
 *       AMZN,Amazon
 * sql: |
 *   CREATE OR REPLACE STREAM ...
 * outputs:                                                 # by in-application stream; KDA allows three
 *   DESTINATION_SQL_STREAM:
 *     format: CSV                                          # the DestinationSchema RecordFormatType; default CSV
 *     ordered: false                                       # default: compare as a multiset
 *     records: ["AMZN,10.5"]                               # exact text; CSV without its ending newline
 * rejects:                                                 # instead of outputs
 *   type: CodeValidationException
 *   line: 3                                                # optional
 *   column: 10                                             # optional
 *   messageContains: not found                             # optional
 * }</pre>
 *
 * Every problem of a file is reported at once, each with the path of its field.
 */
public final class ConformanceCaseReader {
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CASE_FIELDS = Set.of("description", "reference", "inputs", "referenceData", "sql", "outputs", "rejects");
    private static final Set<String> INPUT_FIELDS = Set.of("namePrefix", "parallelism", "format", "recordRowPath", "recordRowDelimiter",
            "recordColumnDelimiter", "columns", "records", "recordsFile");
    private static final Set<String> REFERENCE_FIELDS = Set.of("tableName", "key", "format", "recordRowPath", "recordRowDelimiter",
            "recordColumnDelimiter", "columns", "content");
    private static final Set<String> COLUMN_FIELDS = Set.of("name", "sqlType", "mapping");
    private static final Set<String> RECORD_FIELDS = Set.of("at", "data");
    private static final Set<String> OUTPUT_FIELDS = Set.of("format", "ordered", "records");
    private static final Set<String> REJECTION_FIELDS = Set.of("type", "line", "column", "messageContains");
    private static final Set<String> FORMATS = Set.of("JSON", "CSV");

    private final List<String> problems = new ArrayList<>();

    private ConformanceCaseReader() {}

    /**
     * Reads and checks a case file.
     *
     * @throws HydrantException VALIDATION with every problem ({@code inputs[0].records[2].at: ...}), one per line
     */
    public static ConformanceCase read(Path file) {
        requireNonNull(file, "file is null");
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new HydrantException(ErrorCode.VALIDATION, "invalid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new HydrantException(ErrorCode.VALIDATION, "cannot read: " + e.getMessage());
        }
        ConformanceCaseReader reader = new ConformanceCaseReader();
        ConformanceCase conformanceCase = reader.conformanceCase(file, root);
        if (!reader.problems.isEmpty()) {
            throw new HydrantException(ErrorCode.VALIDATION, String.join("\n", reader.problems));
        }
        return conformanceCase;
    }

    private ConformanceCase conformanceCase(Path file, JsonNode root) {
        if (root == null || !root.isObject()) {
            problems.add("the file must be a mapping with description, inputs, sql and outputs or rejects");
            return null;
        }
        checkFields(root, "", CASE_FIELDS);
        String description = requiredText(root, "", "description");
        Optional<String> reference = optionalText(root, "", "reference");
        List<ConformanceCase.Input> inputs = new ArrayList<>();
        JsonNode inputNodes = list(root, "", "inputs", 0, 1, "KDA allows one input");
        for (int i = 0; i < inputNodes.size(); i++) {
            inputs.add(input(inputNodes.get(i), "inputs[" + i + "]", file.toAbsolutePath().getParent()));
        }
        List<ConformanceCase.ReferenceTable> references = new ArrayList<>();
        JsonNode referenceNodes = list(root, "", "referenceData", 0, 1, "KDA allows one reference data source");
        for (int i = 0; i < referenceNodes.size(); i++) {
            references.add(referenceTable(referenceNodes.get(i), "referenceData[" + i + "]"));
        }
        String sql = requiredText(root, "", "sql");
        Map<String, ConformanceCase.ExpectedOutput> outputs = new LinkedHashMap<>();
        Optional<ConformanceCase.ExpectedRejection> rejection = Optional.empty();
        boolean hasOutputs = root.has("outputs");
        boolean hasRejection = root.has("rejects");
        if (hasOutputs == hasRejection) {
            problems.add(hasOutputs ? "outputs, rejects: give one of them, not both" : "outputs: required (or rejects, for code that must be rejected)");
        }
        if (hasOutputs) {
            JsonNode outputNodes = root.get("outputs");
            if (!outputNodes.isObject() || outputNodes.isEmpty()) {
                problems.add("outputs: must map in-application stream names to their expected records");
            } else if (outputNodes.size() > 3) {
                problems.add("outputs: KDA allows three outputs, not " + outputNodes.size());
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> fields = outputNodes.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    outputs.put(field.getKey(), output(field.getValue(), "outputs." + field.getKey()));
                }
            }
        }
        if (hasRejection) {
            rejection = Optional.ofNullable(rejection(root.get("rejects"), "rejects"));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new ConformanceCase(file, description, reference, inputs, references, sql, outputs, rejection);
    }

    private ConformanceCase.Input input(JsonNode node, String path, Path directory) {
        if (!isMapping(node, path)) {
            return null;
        }
        checkFields(node, path, INPUT_FIELDS);
        String namePrefix = optionalText(node, path, "namePrefix").orElse("SOURCE_SQL_STREAM");
        int parallelism = optionalInteger(node, path, "parallelism", 1, 64).orElse(1);
        SqlApplication.RecordFormat format = recordFormat(node, path);
        List<SqlApplication.Column> columns = columns(node, path, format);
        List<ConformanceCase.InputRecord> records = new ArrayList<>();
        JsonNode recordNodes = list(node, path, "records", 0, Integer.MAX_VALUE, "");
        String recordsName = "records[";
        Optional<String> recordsFile = optionalText(node, path, "recordsFile");
        if (recordsFile.isPresent()) {
            if (node.has("records")) {
                problems.add(path + ".recordsFile: give records or recordsFile, not both");
            }
            recordNodes = recordsFile(directory.resolve(recordsFile.get()), path + ".recordsFile");
            recordsName = recordsFile.get() + " line ";
        }
        Instant previous = null;
        for (int i = 0; i < recordNodes.size(); i++) {
            String recordPath = path + "." + recordsName + (recordsFile.isPresent() ? (i + 1) + "" : i + "]");
            JsonNode recordNode = recordNodes.get(i);
            if (!isMapping(recordNode, recordPath)) {
                continue;
            }
            checkFields(recordNode, recordPath, RECORD_FIELDS);
            Instant arrival = instant(recordNode, recordPath);
            if (arrival != null && previous != null && arrival.isBefore(previous)) {
                problems.add(recordPath + ".at: " + arrival + " is before the record above (" + previous + "): records are listed in arrival order");
            }
            previous = arrival == null ? previous : arrival;
            byte[] data = data(recordNode, recordPath, format);
            if (arrival != null && data != null) {
                records.add(new ConformanceCase.InputRecord(arrival, data));
            }
        }
        return new ConformanceCase.Input(namePrefix, parallelism, format, columns, records);
    }

    /** The records of an NDJSON file next to the case: one {@code {"at": ..., "data": ...}} per line, blank lines skipped. */
    private JsonNode recordsFile(Path file, String path) {
        ArrayNode records = YAML.createArrayNode();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(path + ": cannot read " + file + ": " + e.getMessage());
            return records;
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                records.add(JSON.readTree(lines.get(i)));
            } catch (JsonProcessingException e) {
                problems.add(path + " line " + (i + 1) + ": not JSON: " + e.getOriginalMessage());
            }
        }
        return records;
    }

    private ConformanceCase.ReferenceTable referenceTable(JsonNode node, String path) {
        if (!isMapping(node, path)) {
            return null;
        }
        checkFields(node, path, REFERENCE_FIELDS);
        String tableName = requiredText(node, path, "tableName");
        SqlApplication.RecordFormat format = recordFormat(node, path);
        List<SqlApplication.Column> columns = columns(node, path, format);
        String content = requiredText(node, path, "content");
        String key = optionalText(node, path, "key").orElse(tableName + "." + format.type().toLowerCase(Locale.ROOT));
        return new ConformanceCase.ReferenceTable(tableName, key, format, columns, content.getBytes(StandardCharsets.UTF_8));
    }

    private SqlApplication.RecordFormat recordFormat(JsonNode node, String path) {
        String type = optionalText(node, path, "format").map(text -> text.toUpperCase(Locale.ROOT)).orElse("JSON");
        if (!FORMATS.contains(type)) {
            problems.add(path + ".format: must be JSON or CSV, not " + type);
            type = "JSON";
        }
        if (type.equals("JSON")) {
            if (node.has("recordRowDelimiter") || node.has("recordColumnDelimiter")) {
                problems.add(path + ": recordRowDelimiter and recordColumnDelimiter are for CSV");
            }
            return new SqlApplication.RecordFormat("JSON", optionalText(node, path, "recordRowPath").orElse("$"), null, null);
        }
        if (node.has("recordRowPath")) {
            problems.add(path + ".recordRowPath: is for JSON");
        }
        return new SqlApplication.RecordFormat("CSV", null, optionalText(node, path, "recordRowDelimiter").orElse("\n"),
                optionalText(node, path, "recordColumnDelimiter").orElse(","));
    }

    private List<SqlApplication.Column> columns(JsonNode node, String path, SqlApplication.RecordFormat format) {
        List<SqlApplication.Column> columns = new ArrayList<>();
        JsonNode columnNodes = list(node, path, "columns", 1, Integer.MAX_VALUE, "");
        for (int i = 0; i < columnNodes.size(); i++) {
            String columnPath = path + ".columns[" + i + "]";
            JsonNode column = columnNodes.get(i);
            if (!isMapping(column, columnPath)) {
                continue;
            }
            checkFields(column, columnPath, COLUMN_FIELDS);
            String name = requiredText(column, columnPath, "name");
            String sqlType = requiredText(column, columnPath, "sqlType");
            Optional<String> mapping = optionalText(column, columnPath, "mapping");
            if (mapping.isPresent() && format.type().equals("CSV")) {
                problems.add(columnPath + ".mapping: CSV columns are positional and have no mapping");
            }
            if (name != null && sqlType != null) {
                columns.add(new SqlApplication.Column(name, sqlType, format.type().equals("JSON") ? mapping.orElse("$." + name) : null));
            }
        }
        return columns;
    }

    private Instant instant(JsonNode record, String path) {
        String text = requiredText(record, path, "at");
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(path + ".at: not an ISO-8601 UTC time such as 2026-01-01T00:00:01.500Z: " + text);
            return null;
        }
    }

    private byte[] data(JsonNode record, String path, SqlApplication.RecordFormat format) {
        JsonNode data = record.get("data");
        if (data == null || data.isNull()) {
            problems.add(path + ".data: required");
            return null;
        }
        if (data.isTextual()) {
            return data.textValue().getBytes(StandardCharsets.UTF_8);
        }
        if (format.type().equals("CSV") || !(data.isObject() || data.isArray())) {
            problems.add(path + ".data: must be a string" + (format.type().equals("CSV") ? " (the CSV text)" : " or a JSON object or array"));
            return null;
        }
        try {
            return JSON.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            problems.add(path + ".data: " + e.getOriginalMessage());
            return null;
        }
    }

    private ConformanceCase.ExpectedOutput output(JsonNode node, String path) {
        if (!isMapping(node, path)) {
            return null;
        }
        checkFields(node, path, OUTPUT_FIELDS);
        String format = optionalText(node, path, "format").map(text -> text.toUpperCase(Locale.ROOT)).orElse("CSV");
        if (!FORMATS.contains(format)) {
            problems.add(path + ".format: must be JSON or CSV, not " + format);
        }
        boolean ordered = false;
        if (node.has("ordered")) {
            if (node.get("ordered").isBoolean()) {
                ordered = node.get("ordered").booleanValue();
            } else {
                problems.add(path + ".ordered: must be true or false");
            }
        }
        List<String> records = new ArrayList<>();
        JsonNode recordNodes = list(node, path, "records", 0, Integer.MAX_VALUE, "");
        if (!node.has("records")) {
            problems.add(path + ".records: required (write [] for none)");
        }
        for (int i = 0; i < recordNodes.size(); i++) {
            JsonNode record = recordNodes.get(i);
            if (record.isTextual()) {
                records.add(record.textValue());
            } else {
                problems.add(path + ".records[" + i + "]: must be a string, the record's exact text (quote it)");
            }
        }
        return new ConformanceCase.ExpectedOutput(format, ordered, records);
    }

    private ConformanceCase.ExpectedRejection rejection(JsonNode node, String path) {
        if (!isMapping(node, path)) {
            return null;
        }
        checkFields(node, path, REJECTION_FIELDS);
        String type = optionalText(node, path, "type").orElse(ConformanceCase.ExpectedRejection.CODE_VALIDATION);
        if (!type.equals(ConformanceCase.ExpectedRejection.CODE_VALIDATION)) {
            problems.add(path + ".type: only " + ConformanceCase.ExpectedRejection.CODE_VALIDATION + " is checked, not " + type);
        }
        return new ConformanceCase.ExpectedRejection(type, optionalInteger(node, path, "line", 1, Integer.MAX_VALUE),
                optionalInteger(node, path, "column", 1, Integer.MAX_VALUE), optionalText(node, path, "messageContains"));
    }

    private boolean isMapping(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            problems.add(path + ": must be a mapping");
            return false;
        }
        return true;
    }

    private void checkFields(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(join(path, name) + ": unknown field; expected one of " + known.stream().sorted().toList());
            }
        }
    }

    private String requiredText(JsonNode node, String path, String field) {
        Optional<String> text = optionalText(node, path, field);
        if (text.isEmpty() && (node.get(field) == null || node.get(field).isNull())) {
            problems.add(join(path, field) + ": required");
        }
        return text.orElse(null);
    }

    private Optional<String> optionalText(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            problems.add(join(path, field) + ": must be a string");
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    private Optional<Integer> optionalInteger(JsonNode node, String path, String field, int minimum, int maximum) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < minimum || value.intValue() > maximum) {
            problems.add(join(path, field) + ": must be a whole number " + (maximum == Integer.MAX_VALUE ? "of at least " + minimum : "in " + minimum + ".." + maximum));
            return Optional.empty();
        }
        return Optional.of(value.intValue());
    }

    /** The list at {@code field}, or an empty list (with a problem when it is not a list or has the wrong size). */
    private JsonNode list(JsonNode node, String path, String field, int minimum, int maximum, String why) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (minimum > 0) {
                problems.add(join(path, field) + ": required");
            }
            return JSON.createArrayNode();
        }
        if (!value.isArray()) {
            problems.add(join(path, field) + ": must be a list");
            return JSON.createArrayNode();
        }
        if (value.size() < minimum || value.size() > maximum) {
            problems.add(join(path, field) + ": " + (value.size() < minimum ? "needs at least " + minimum : why.isEmpty() ? "at most " + maximum : why));
            return JSON.createArrayNode();
        }
        return value;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
