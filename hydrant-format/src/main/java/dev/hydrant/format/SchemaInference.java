package dev.hydrant.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.spi.FormatRecord;
import dev.hydrant.spi.HiveType;
import dev.hydrant.spi.HiveType.PrimitiveKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Infers a table schema from the first records of a buffer, standing in for a Glue table.
 * <ul>
 * <li>Columns appear in order of first appearance; names are lower-cased (as Glue stores them), so keys that
 *     differ only in case share a column; with OpenX's {@code ConvertDotsInJsonKeysToUnderscores}, dots become
 *     underscores first.</li>
 * <li>JSON integers become {@code bigint}; numbers with a fraction or exponent become {@code double}; a column
 *     seen as both is {@code double}.</li>
 * <li>Strings become {@code string} (timestamps are not guessed), booleans {@code boolean}.</li>
 * <li>Objects become {@code struct} with the union of the fields seen; arrays become {@code array} of the
 *     union of their elements' types.</li>
 * <li>Any other conflict (a string here, a number there), and values seen only as {@code null} or {@code []},
 *     become {@code string}; OpenX then stores the value's JSON text.</li>
 * <li>Records that are not JSON objects are skipped (they fail later, when converted).</li>
 * </ul>
 */
final class SchemaInference {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HiveType STRING = new HiveType.Primitive(PrimitiveKind.STRING);

    private SchemaInference() {}

    /** Empty when no sampled record holds a JSON object. */
    static Optional<HiveType.StructType> infer(List<FormatRecord> records, int sampleRecords, boolean convertDots) {
        Map<String, Inferred> columns = new LinkedHashMap<>();
        int sampled = 0;
        for (FormatRecord record : records) {
            if (sampled == sampleRecords) {
                break;
            }
            List<JsonNode> objects = objects(record.data());
            if (!objects.isEmpty()) {
                sampled++;
                for (JsonNode object : objects) {
                    mergeFields(columns, object, convertDots);
                }
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toStruct(columns));
    }

    private static List<JsonNode> objects(byte[] data) {
        List<JsonNode> objects = new ArrayList<>(1);
        try (JsonParser parser = MAPPER.createParser(data)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    return List.of();
                }
                objects.add(MAPPER.readTree(parser));
            }
        }
        catch (IOException e) {
            return List.of();
        }
        return objects;
    }

    private static void mergeFields(Map<String, Inferred> fields, JsonNode object, boolean convertDots) {
        Iterator<Map.Entry<String, JsonNode>> entries = object.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String key = convertDots ? entry.getKey().replace('.', '_') : entry.getKey();
            String name = key.toLowerCase(Locale.ROOT);
            fields.computeIfAbsent(name, ignored -> new Inferred(convertDots)).merge(entry.getValue());
        }
    }

    private static HiveType.StructType toStruct(Map<String, Inferred> fields) {
        List<HiveType.Field> result = new ArrayList<>();
        fields.forEach((name, inferred) -> result.add(new HiveType.Field(name, inferred.toType())));
        return new HiveType.StructType(result);
    }

    /** What one column or element has been seen holding so far. */
    private static final class Inferred {
        private PrimitiveKind primitive;
        private Map<String, Inferred> structFields;
        private Inferred element;
        private boolean conflict;
        private final boolean convertDots;

        Inferred(boolean convertDots) {
            this.convertDots = convertDots;
        }

        void merge(JsonNode node) {
            if (node.isNull() || conflict) {
                return;
            }
            if (node.isObject()) {
                if (primitive != null || element != null) {
                    conflict = true;
                    return;
                }
                structFields = structFields == null ? new LinkedHashMap<>() : structFields;
                mergeFields(structFields, node, convertDots);
            }
            else if (node.isArray()) {
                if (primitive != null || structFields != null) {
                    conflict = true;
                    return;
                }
                element = element == null ? new Inferred(convertDots) : element;
                for (JsonNode item : node) {
                    element.merge(item);
                }
            }
            else {
                if (structFields != null || element != null) {
                    conflict = true;
                    return;
                }
                PrimitiveKind kind = node.isBoolean() ? PrimitiveKind.BOOLEAN
                        : node.isIntegralNumber() ? PrimitiveKind.BIGINT
                        : node.isNumber() ? PrimitiveKind.DOUBLE
                        : PrimitiveKind.STRING;
                if (primitive == null || primitive == kind) {
                    primitive = kind;
                }
                else if (isNumeric(primitive) && isNumeric(kind)) {
                    primitive = PrimitiveKind.DOUBLE;
                }
                else {
                    conflict = true;
                }
            }
        }

        private static boolean isNumeric(PrimitiveKind kind) {
            return kind == PrimitiveKind.BIGINT || kind == PrimitiveKind.DOUBLE;
        }

        HiveType toType() {
            if (conflict) {
                return STRING;
            }
            if (structFields != null) {
                return structFields.isEmpty() ? STRING : toStruct(structFields);
            }
            if (element != null) {
                return new HiveType.ArrayType(element.toType());
            }
            return primitive == null ? STRING : new HiveType.Primitive(primitive);
        }
    }
}
