package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast path of {@link InputRecordParser} for the common input shape: a JSON object per record and mappings that
 * are plain member paths ({@code $.speed}, {@code $.suspension.damper_settings.front_left}). One streaming pass over
 * the record fills the mapped columns and skips everything else, instead of building the record's tree and walking a
 * path per column. The results are those of the tree path: the same values, {@code null} for what is missing, the
 * last of duplicated members, and the error of the first column (in column order) that cannot be coerced.
 *
 * <p>Values are coerced by {@link InputCoercion} from the node the tree path would have built, except strings and
 * the common numeric cases: DOUBLE columns take the number straight from the parser, whose conversion is also
 * correctly rounded (and, like a decimal, never yields -0.0), and integers go to DOUBLE, BIGINT and INTEGER columns
 * without a detour through BigDecimal.
 */
final class JsonFieldExtractor {
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    /** Field names come out of the parser interned (Jackson's default), so members are found by identity. */
    private static final boolean INTERNED_NAMES = JSON.isEnabled(JsonFactory.Feature.INTERN_FIELD_NAMES)
            && JSON.isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES);
    private static final ObjectMapper MAPPER = JsonMapper.builder(JSON)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final List<InputColumnType> columnTypes;
    private final List<String> columnNames;
    private final Member root;
    private final boolean[] read;

    /** The outcome of one record: its values, or the record's first problem. */
    sealed interface Outcome permits Values, Problem, NotAnObject {}

    record Values(Object[] values) implements Outcome {}

    record Problem(String message) implements Outcome {}

    /** The record is not an object (or is empty); the tree path decides what that means. */
    record NotAnObject() implements Outcome {}

    /** A member of the mapped paths: the columns mapped to exactly this path, and the members below it. */
    private static final class Member {
        final Map<String, Member> children = new HashMap<>();
        int[] columns = new int[0];
        /** {@link #children}' names, interned like the parser's field names, and their members: a lookup compares identities. */
        String[] childNames = new String[0];
        /** The same names in UTF-8, for {@link JsonByteScanner}. */
        byte[][] childNameBytes = new byte[0][];
        Member[] childMembers = new Member[0];

        Member child(String name) {
            Member member = children.get(name);
            if (member == null) {
                member = new Member();
                children.put(name, member);
                childNames = Arrays.copyOf(childNames, childNames.length + 1);
                childNames[childNames.length - 1] = name.intern();
                childNameBytes = Arrays.copyOf(childNameBytes, childNameBytes.length + 1);
                childNameBytes[childNameBytes.length - 1] = name.getBytes(StandardCharsets.UTF_8);
                childMembers = Arrays.copyOf(childMembers, childMembers.length + 1);
                childMembers[childMembers.length - 1] = member;
            }
            return member;
        }

        /** The child named {@code name}, which the parser has interned; null if none. */
        Member internedChild(String name) {
            String[] names = childNames;
            for (int i = 0; i < names.length; i++) {
                if (names[i] == name) {
                    return childMembers[i];
                }
            }
            return null;
        }

        /**
         * The index of the child whose name the scanner has just read, or -1 if none. Records of one producer list
         * their members in one order, so the child after the previous match ({@code guess}) is tried first.
         */
        int scannedChild(JsonByteScanner scanner, int guess) {
            byte[][] names = childNameBytes;
            if (guess < names.length && scanner.tokenEquals(names[guess])) {
                return guess;
            }
            for (int i = 0; i < names.length; i++) {
                if (i != guess && scanner.tokenEquals(names[i])) {
                    return i;
                }
            }
            return -1;
        }

        void addColumn(int column) {
            int[] grown = Arrays.copyOf(columns, columns.length + 1);
            grown[columns.length] = column;
            columns = grown;
        }
    }

    private JsonFieldExtractor(List<String> columnNames, List<InputColumnType> columnTypes, Member root, boolean[] read) {
        this.columnNames = columnNames;
        this.columnTypes = columnTypes;
        this.root = root;
        this.read = read;
    }

    /**
     * An extractor for {@code mappings} (one per column), or {@code null} when some mapping is not a plain member path
     * below the root (an array index, or {@code $} itself); those inputs use the tree path.
     */
    static JsonFieldExtractor forMappings(List<String> columnNames, List<InputColumnType> columnTypes, List<JsonPath> mappings) {
        boolean[] all = new boolean[mappings.size()];
        Arrays.fill(all, true);
        return forMappings(columnNames, columnTypes, mappings, all);
    }

    /**
     * As {@link #forMappings(List, List, List)}, for an application that reads only the columns {@code read} marks:
     * the others come out NULL, and a number mapped to an unread numeric column is not even converted.
     */
    static JsonFieldExtractor forMappings(List<String> columnNames, List<InputColumnType> columnTypes, List<JsonPath> mappings, boolean[] read) {
        requireNonNull(columnNames, "columnNames is null");
        requireNonNull(columnTypes, "columnTypes is null");
        requireNonNull(read, "read is null");
        Member root = new Member();
        for (int column = 0; column < mappings.size(); column++) {
            JsonPath mapping = mappings.get(column);
            if (mapping.explodes() || mapping.steps().isEmpty()) {
                return null;
            }
            Member member = root;
            for (JsonPath.Step step : mapping.steps()) {
                if (step.name() == null) {
                    return null;
                }
                member = member.child(step.name());
            }
            member.addColumn(column);
        }
        return new JsonFieldExtractor(List.copyOf(columnNames), List.copyOf(columnTypes), root, read.clone());
    }

    Outcome extract(byte[] data) {
        Outcome scanned = scan(data);
        return scanned != null ? scanned : extractWithJackson(data);
    }

    /**
     * The outcome by {@link JsonByteScanner}, which covers the common records (ASCII or well-formed UTF-8, no escapes in
     * what is read, numbers and strings where numbers and strings are expected); null when it is unsure, and Jackson
     * must decide.
     */
    Outcome scan(byte[] data) {
        JsonByteScanner scanner = new JsonByteScanner(data);
        scanner.skipWhitespace();
        if (scanner.peek() != '{') {
            return null;
        }
        Object[] values = new Object[columnTypes.size()];
        String[] problems = new String[columnTypes.size()];
        try {
            scanObject(scanner, root, values, problems, 1);
        } catch (JsonByteScanner.Unsure e) {
            return null;
        }
        return outcome(values, problems);
    }

    /** Reads the object at the scanner's cursor as {@link #readObject} reads it from Jackson's tokens. */
    private void scanObject(JsonByteScanner scanner, Member object, Object[] values, String[] problems, int depth) {
        if (depth > JsonByteScanner.MAX_DEPTH) {
            throw JsonByteScanner.UNSURE;
        }
        scanner.expect('{');
        if (scanner.consume('}')) {
            return;
        }
        int guess = 0;
        do {
            scanner.skipWhitespace();
            scanner.readName();
            int child = object.scannedChild(scanner, guess);
            Member member = child < 0 ? null : object.childMembers[child];
            if (child >= 0) {
                guess = child + 1;
            }
            int value = scanner.peek();
            if (member == null) {
                scanner.skipValue(depth);
            } else if (value == '{' || value == '[') {
                if (member.columns.length > 0) {
                    throw JsonByteScanner.UNSURE; // an object or array mapped as a whole: Jackson builds its tree
                }
                if (value == '{') {
                    scanObject(scanner, member, values, problems, depth + 1);
                } else {
                    scanner.skipValue(depth);
                    clearBelow(member, values, problems);
                }
            } else {
                if (member.columns.length > 0) {
                    scanScalar(scanner, value, member.columns, values, problems);
                } else {
                    scanner.skipValue(depth);
                }
                clearBelow(member, values, problems);
            }
        } while (scanner.consume(','));
        scanner.expect('}');
    }

    /** As {@link #assignScalar}, for the cases {@link #isFast} covers; the others give up. */
    private void scanScalar(JsonByteScanner scanner, int token, int[] columns, Object[] values, String[] problems) {
        if (token == '"') {
            String text = scanner.readString();
            for (int column : columns) {
                try {
                    Object value = InputCoercion.fromText(text, columnTypes.get(column));
                    values[column] = read[column] ? value : null;
                    problems[column] = null;
                } catch (CoercionException e) {
                    values[column] = null;
                    problems[column] = e.getMessage();
                }
            }
        } else if (token == 'n') {
            scanner.literal("null");
            for (int column : columns) {
                values[column] = null;
                problems[column] = null;
            }
        } else if (token == '-' || token >= '0' && token <= '9') {
            scanner.readNumber();
            for (int column : columns) {
                InputColumnType type = columnTypes.get(column);
                if (!read[column] && type.isNumeric()) {
                    values[column] = null;
                    problems[column] = null;
                    continue;
                }
                try {
                    Object value = scannedNumber(scanner, type);
                    values[column] = read[column] ? value : null;
                    problems[column] = null;
                } catch (CoercionException e) {
                    values[column] = null;
                    problems[column] = e.getMessage();
                }
            }
        } else {
            throw JsonByteScanner.UNSURE; // true, false, or not JSON
        }
    }

    /** What {@link #fast} gives for the number the scanner has just read; gives up where that is not the fast path. */
    private static Object scannedNumber(JsonByteScanner scanner, InputColumnType type) throws CoercionException {
        if (scanner.tokenIsFloat()) {
            return switch (type.kind()) {
                case DOUBLE -> checkedDouble(scanner.tokenAsDouble(), type);
                case DECIMAL -> InputCoercion.fromDecimal(scanner.tokenAsDecimal(), type);
                default -> throw JsonByteScanner.UNSURE;
            };
        }
        long value = scanner.tokenAsLong();
        return switch (type.kind()) {
            case DOUBLE -> (double) value;
            case BIGINT -> value;
            case DECIMAL -> InputCoercion.fromDecimal(BigDecimal.valueOf(value), type);
            case INTEGER -> {
                if (value != (int) value) {
                    throw JsonByteScanner.UNSURE; // Jackson's LONG: the tree path decides
                }
                yield (int) value;
            }
            default -> throw JsonByteScanner.UNSURE;
        };
    }

    /** A parsed double as a DOUBLE column holds it: no infinities, and no -0.0 (a decimal has no negative zero). */
    private static double checkedDouble(double value, InputColumnType type) throws CoercionException {
        if (Double.isInfinite(value)) {
            throw new CoercionException("value out of range for " + type);
        }
        return value == 0 ? 0.0 : value;
    }

    /** The outcome by Jackson's streaming parser, for every record the scanner is unsure of. */
    Outcome extractWithJackson(byte[] data) {
        Object[] values = new Object[columnTypes.size()];
        String[] problems = new String[columnTypes.size()];
        try (JsonParser parser = JSON.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new NotAnObject();
            }
            readObject(parser, root, values, problems);
        } catch (IOException e) {
            return new Problem("record is not valid JSON");
        }
        return outcome(values, problems);
    }

    private Outcome outcome(Object[] values, String[] problems) {
        for (int column = 0; column < problems.length; column++) {
            if (problems[column] != null) {
                return new Problem("column \"" + columnNames.get(column) + "\": " + problems[column]);
            }
        }
        return new Values(values);
    }

    /** Reads the members of the object whose START_OBJECT was just read, up to and including its END_OBJECT. */
    private void readObject(JsonParser parser, Member object, Object[] values, String[] problems) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            Member member = INTERNED_NAMES ? object.internedChild(parser.currentName()) : object.children.get(parser.currentName());
            JsonToken value = parser.nextToken();
            if (member == null) {
                parser.skipChildren();
            } else if (member.columns.length > 0 && value.isStructStart()) {
                // an object or array mapped as a whole (to a text column), maybe with paths below it as well
                assignTree(MAPPER.readTree(parser), member, values, problems);
            } else if (value == JsonToken.START_OBJECT) {
                readObject(parser, member, values, problems);
            } else {
                if (value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                } else if (member.columns.length > 0) {
                    assignScalar(parser, value, member.columns, values, problems);
                }
                // paths below a scalar or an array select nothing, but a later duplicate of this member may replace it
                clearBelow(member, values, problems);
            }
        }
    }

    private void assignTree(JsonNode node, Member member, Object[] values, String[] problems) {
        for (int column : member.columns) {
            try {
                Object value = InputCoercion.fromJson(node, columnTypes.get(column));
                values[column] = read[column] ? value : null;
                problems[column] = null;
            } catch (CoercionException e) {
                values[column] = null;
                problems[column] = e.getMessage();
            }
        }
        for (Map.Entry<String, Member> child : member.children.entrySet()) {
            JsonNode selected = node.isObject() ? node.get(child.getKey()) : null;
            if (selected == null) {
                clear(child.getValue(), values, problems);
            } else {
                assignTree(selected, child.getValue(), values, problems);
            }
        }
    }

    private void clearBelow(Member member, Object[] values, String[] problems) {
        if (member.children.isEmpty()) {
            return; // the common case, a leaf: no iterator
        }
        for (Member child : member.children.values()) {
            clear(child, values, problems);
        }
    }

    private void clear(Member member, Object[] values, String[] problems) {
        for (int column : member.columns) {
            values[column] = null;
            problems[column] = null;
        }
        clearBelow(member, values, problems);
    }

    /**
     * Assigns the scalar at {@code token} to {@code columns}: straight from the parser when every column takes the
     * fast path, otherwise from the node the tree path would have built (read once: reading it consumes the token).
     */
    private void assignScalar(JsonParser parser, JsonToken token, int[] columns, Object[] values, String[] problems) throws IOException {
        boolean fast = true;
        for (int column : columns) {
            fast &= skips(token, column) || isFast(parser, token, columnTypes.get(column).kind());
        }
        JsonNode node = fast ? null : MAPPER.readTree(parser);
        for (int column : columns) {
            InputColumnType type = columnTypes.get(column);
            try {
                Object value = skips(token, column) ? null : fast ? fast(parser, token, type) : InputCoercion.fromJson(node, type);
                values[column] = read[column] ? value : null;
                problems[column] = null;
            } catch (CoercionException e) {
                values[column] = null;
                problems[column] = e.getMessage();
            }
        }
    }

    /** Whether the value at {@code token} need not be looked at: a number mapped to a numeric column nobody reads. */
    private boolean skips(JsonToken token, int column) {
        return !read[column] && token.isNumeric() && columnTypes.get(column).isNumeric();
    }

    /** Whether {@link #fast} gives what {@link InputCoercion#fromJson} gives for the node the tree path would build. */
    private static boolean isFast(JsonParser parser, JsonToken token, InputColumnType.Kind kind) throws IOException {
        return switch (token) {
            case VALUE_NULL, VALUE_STRING -> true;
            // a decimal's trailing zeros, which the tree strips, do not change its value at the column's scale
            case VALUE_NUMBER_FLOAT -> kind == InputColumnType.Kind.DOUBLE || kind == InputColumnType.Kind.DECIMAL;
            case VALUE_NUMBER_INT -> parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                    && (kind == InputColumnType.Kind.DOUBLE || kind == InputColumnType.Kind.BIGINT || kind == InputColumnType.Kind.DECIMAL
                        || kind == InputColumnType.Kind.INTEGER && parser.getNumberType() == JsonParser.NumberType.INT);
            default -> false;
        };
    }

    private static Object fast(JsonParser parser, JsonToken token, InputColumnType type) throws IOException, CoercionException {
        switch (token) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                return InputCoercion.fromText(parser.getText(), type);
            case VALUE_NUMBER_FLOAT: {
                if (type.kind() == InputColumnType.Kind.DECIMAL) {
                    return InputCoercion.fromDecimal(parser.getDecimalValue(), type);
                }
                return checkedDouble(parser.getDoubleValue(), type);
            }
            case VALUE_NUMBER_INT:
                return switch (type.kind()) {
                    case DOUBLE -> (double) parser.getLongValue();
                    case BIGINT -> parser.getLongValue();
                    case DECIMAL -> InputCoercion.fromDecimal(BigDecimal.valueOf(parser.getLongValue()), type);
                    default -> parser.getIntValue();
                };
            default:
                throw new IllegalStateException("no fast path for " + token);
        }
    }
}
