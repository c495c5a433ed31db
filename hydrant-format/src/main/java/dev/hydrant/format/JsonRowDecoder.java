package dev.hydrant.format;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.spi.FormatConversionConfig.Deserializer;
import dev.hydrant.spi.FormatConversionConfig.HiveJsonSerDe;
import dev.hydrant.spi.FormatConversionConfig.OpenXJsonSerDe;
import dev.hydrant.spi.HiveType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JSON records into rows of a table schema, following the chosen SerDe. A row is an {@code Object[]} in
 * column order; values are {@code String}, {@code Boolean}, {@code Integer} (tinyint, smallint, int, and date as
 * epoch days), {@code Long} (bigint, and timestamp as epoch microseconds UTC), {@code Float}, {@code Double},
 * {@code BigDecimal} (at the column's scale), {@code byte[]}, {@code List}, {@code Map} and {@code Object[]} (struct);
 * {@code null} for JSON null and missing keys. Unknown keys are ignored.
 * <p>
 * Both SerDes match keys to columns ignoring case (OpenX unless {@code CaseInsensitive} is false); when two keys
 * match the same column the last one wins. OpenX also rewrites dots to underscores on request, and
 * {@code ColumnToJsonKeyMappings} names the JSON key of a top-level column (the column's own name then no longer
 * matches). OpenX accepts numbers and booleans given as strings and stores nested JSON into string columns as text;
 * Hive rejects both.
 */
final class JsonRowDecoder {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final HiveType.StructType schema;
    private final boolean openX;
    private final boolean caseInsensitive;
    private final boolean convertDots;
    private final JsonTimestampParser timestamps;
    private final Map<HiveType.StructType, Map<String, Integer>> fieldLookups = new IdentityHashMap<>();

    JsonRowDecoder(HiveType.StructType schema, Deserializer deserializer) {
        this.schema = requireNonNull(schema, "schema is null");
        requireNonNull(deserializer, "deserializer is null");
        Map<String, String> mappings;
        if (deserializer instanceof OpenXJsonSerDe) {
            OpenXJsonSerDe openXSerDe = (OpenXJsonSerDe) deserializer;
            this.openX = true;
            this.caseInsensitive = openXSerDe.caseInsensitive();
            this.convertDots = openXSerDe.convertDotsInJsonKeysToUnderscores();
            this.timestamps = JsonTimestampParser.openX();
            mappings = openXSerDe.columnToJsonKeyMappings();
        }
        else {
            HiveJsonSerDe hiveSerDe = (HiveJsonSerDe) deserializer;
            this.openX = false;
            this.caseInsensitive = true;
            this.convertDots = false;
            this.timestamps = JsonTimestampParser.hive(hiveSerDe.timestampFormats());
            mappings = Map.of();
        }
        buildLookups(schema, mappings);
    }

    HiveType.StructType schema() {
        return schema;
    }

    /** Every JSON object of one record (Firehose accepts concatenated objects), as rows. */
    List<Object[]> decode(byte[] data) throws RecordConversionException {
        List<Object[]> rows = new ArrayList<>(1);
        try (JsonParser parser = MAPPER.createParser(data)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    throw new RecordConversionException(RecordConversionException.MALFORMED_DATA,
                            "expected a JSON object, found " + token.asString());
                }
                ObjectNode object = MAPPER.readTree(parser);
                rows.add(struct(object, schema, ""));
            }
        }
        catch (JsonProcessingException e) {
            throw new RecordConversionException(RecordConversionException.MALFORMED_DATA,
                    "not valid JSON: " + e.getOriginalMessage());
        }
        catch (IOException e) {
            throw new RecordConversionException(RecordConversionException.MALFORMED_DATA, "not valid JSON: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new RecordConversionException(RecordConversionException.MALFORMED_DATA, "record holds no JSON object");
        }
        return rows;
    }

    private void buildLookups(HiveType.StructType struct, Map<String, String> mappings) {
        Map<String, Integer> lookup = new LinkedHashMap<>();
        for (int i = 0; i < struct.fields().size(); i++) {
            String column = struct.fields().get(i).name();
            String jsonKey = mappings.getOrDefault(column, column);
            lookup.put(normalize(jsonKey), i);
            buildNested(struct.fields().get(i).type());
        }
        fieldLookups.put(struct, lookup);
    }

    private void buildNested(HiveType type) {
        if (type instanceof HiveType.StructType) {
            buildLookups((HiveType.StructType) type, Map.of());
        }
        else if (type instanceof HiveType.ArrayType) {
            buildNested(((HiveType.ArrayType) type).elementType());
        }
        else if (type instanceof HiveType.MapType) {
            buildNested(((HiveType.MapType) type).valueType());
        }
    }

    private String normalize(String key) {
        String normalized = convertDots ? key.replace('.', '_') : key;
        return caseInsensitive ? normalized.toLowerCase(Locale.ROOT) : normalized;
    }

    private Object[] struct(JsonNode object, HiveType.StructType type, String path) throws RecordConversionException {
        Map<String, Integer> lookup = fieldLookups.get(type);
        Object[] values = new Object[type.fields().size()];
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Integer index = lookup.get(normalize(field.getKey()));
            if (index != null) {
                HiveType.Field column = type.fields().get(index);
                values[index] = value(field.getValue(), column.type(), path + column.name());
            }
        }
        return values;
    }

    private Object value(JsonNode node, HiveType type, String path) throws RecordConversionException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (type instanceof HiveType.Primitive) {
            return primitive(node, ((HiveType.Primitive) type).kind(), path);
        }
        if (type instanceof HiveType.Decimal) {
            return decimal(node, (HiveType.Decimal) type, path);
        }
        if (type instanceof HiveType.ArrayType) {
            if (!node.isArray()) {
                throw mismatch(path, type, node);
            }
            HiveType element = ((HiveType.ArrayType) type).elementType();
            List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                list.add(value(node.get(i), element, path + "[" + i + "]"));
            }
            return list;
        }
        if (type instanceof HiveType.MapType) {
            if (!node.isObject()) {
                throw mismatch(path, type, node);
            }
            HiveType.MapType mapType = (HiveType.MapType) type;
            Map<Object, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String entryPath = path + "[" + entry.getKey() + "]";
                Object key = mapKey(entry.getKey(), mapType.keyType(), entryPath);
                map.put(key, value(entry.getValue(), mapType.valueType(), entryPath));
            }
            return map;
        }
        if (!node.isObject()) {
            throw mismatch(path, type, node);
        }
        return struct(node, (HiveType.StructType) type, path + ".");
    }

    /** JSON keys are always text, so both SerDes read them leniently. */
    private Object mapKey(String key, HiveType keyType, String path) throws RecordConversionException {
        JsonNode keyNode = MAPPER.getNodeFactory().textNode(key);
        if (keyType instanceof HiveType.Decimal) {
            return decimal(keyNode, (HiveType.Decimal) keyType, path, true);
        }
        return primitive(keyNode, ((HiveType.Primitive) keyType).kind(), path, true);
    }

    private Object primitive(JsonNode node, HiveType.PrimitiveKind kind, String path) throws RecordConversionException {
        return primitive(node, kind, path, openX);
    }

    private Object primitive(JsonNode node, HiveType.PrimitiveKind kind, String path, boolean lenient)
            throws RecordConversionException {
        switch (kind) {
            case STRING:
                if (node.isTextual()) {
                    return node.textValue();
                }
                if (node.isValueNode() || openX) {
                    return node.isValueNode() ? node.asText() : node.toString();
                }
                throw mismatch(path, "string", node);
            case BOOLEAN:
                if (node.isBoolean()) {
                    return node.booleanValue();
                }
                if (node.isTextual() && (node.textValue().equalsIgnoreCase("true") || node.textValue().equalsIgnoreCase("false"))) {
                    return Boolean.parseBoolean(node.textValue().toLowerCase(Locale.ROOT));
                }
                throw mismatch(path, "boolean", node);
            case TINYINT:
                return (int) integral(node, path, "tinyint", Byte.MIN_VALUE, Byte.MAX_VALUE, lenient);
            case SMALLINT:
                return (int) integral(node, path, "smallint", Short.MIN_VALUE, Short.MAX_VALUE, lenient);
            case INT:
                return (int) integral(node, path, "int", Integer.MIN_VALUE, Integer.MAX_VALUE, lenient);
            case BIGINT:
                return integral(node, path, "bigint", Long.MIN_VALUE, Long.MAX_VALUE, lenient);
            case FLOAT:
                return (float) number(node, path, "float", lenient).doubleValue();
            case DOUBLE:
                return number(node, path, "double", lenient).doubleValue();
            case DATE:
                return date(node, path);
            case TIMESTAMP:
                try {
                    return timestamps.parseMicros(node);
                }
                catch (RecordConversionException e) {
                    throw new RecordConversionException(e.errorCode(), path + ": " + e.getMessage());
                }
                catch (ArithmeticException e) {
                    throw mismatch(path, "timestamp", node);
                }
            case BINARY:
                if (node.isTextual()) {
                    try {
                        return Base64.getDecoder().decode(node.textValue());
                    }
                    catch (IllegalArgumentException e) {
                        throw mismatch(path, "binary (base64)", node);
                    }
                }
                throw mismatch(path, "binary (base64)", node);
        }
        throw new IllegalStateException("unknown kind " + kind);
    }

    private long integral(JsonNode node, String path, String typeName, long min, long max, boolean lenient)
            throws RecordConversionException {
        BigDecimal number = number(node, path, typeName, lenient);
        try {
            BigInteger exact = number.toBigIntegerExact();
            if (exact.compareTo(BigInteger.valueOf(min)) < 0 || exact.compareTo(BigInteger.valueOf(max)) > 0) {
                throw new RecordConversionException(RecordConversionException.INVALID_VALUE,
                        path + ": " + number + " is out of range for " + typeName);
            }
            return exact.longValueExact();
        }
        catch (ArithmeticException e) {
            throw mismatch(path, typeName, node);
        }
    }

    private BigDecimal number(JsonNode node, String path, String typeName, boolean lenient) throws RecordConversionException {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual() && lenient) {
            try {
                return new BigDecimal(node.textValue().trim());
            }
            catch (NumberFormatException e) {
                throw mismatch(path, typeName, node);
            }
        }
        throw mismatch(path, typeName, node);
    }

    private BigDecimal decimal(JsonNode node, HiveType.Decimal type, String path) throws RecordConversionException {
        return decimal(node, type, path, openX);
    }

    private BigDecimal decimal(JsonNode node, HiveType.Decimal type, String path, boolean lenient)
            throws RecordConversionException {
        BigDecimal value = number(node, path, type.hiveName(), lenient).setScale(type.scale(), RoundingMode.HALF_UP);
        if (value.precision() > type.precision() && value.signum() != 0) {
            throw new RecordConversionException(RecordConversionException.INVALID_VALUE,
                    path + ": " + node + " does not fit " + type.hiveName());
        }
        return value;
    }

    private int date(JsonNode node, String path) throws RecordConversionException {
        if (node.isTextual()) {
            String text = node.textValue().trim();
            try {
                return Math.toIntExact(LocalDate.parse(text.length() > 10 && openX ? text.substring(0, 10) : text).toEpochDay());
            }
            catch (DateTimeParseException | ArithmeticException e) {
                throw mismatch(path, "date", node);
            }
        }
        if (node.isIntegralNumber() && openX && node.canConvertToInt()) {
            return node.intValue();
        }
        throw mismatch(path, "date", node);
    }

    private static RecordConversionException mismatch(String path, HiveType type, JsonNode node) {
        return mismatch(path, type.hiveName(), node);
    }

    private static RecordConversionException mismatch(String path, String typeName, JsonNode node) {
        String shown = node.toString();
        if (shown.length() > 100) {
            shown = shown.substring(0, 100) + "...";
        }
        return new RecordConversionException(RecordConversionException.INVALID_VALUE,
                path + ": cannot convert " + shown + " to " + typeName);
    }
}
