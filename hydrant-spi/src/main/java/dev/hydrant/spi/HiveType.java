package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A column type of a Glue (Hive) table, the schema that Firehose format conversion writes. {@link #parse(String)}
 * reads Hive's own spelling ({@code decimal(10,2)}, {@code array<struct<lap:int,time:double>>},
 * {@code map<string,bigint>}) so a pipeline file can state a schema the way Glue shows it.
 */
public sealed interface HiveType
        permits HiveType.Primitive, HiveType.Decimal, HiveType.ArrayType, HiveType.MapType, HiveType.StructType {

    /** Hive's spelling of this type; {@code parse(type.hiveName())} returns an equal type. */
    String hiveName();

    /** Parses a Hive type name. Throws {@link IllegalArgumentException} with the position of the problem. */
    static HiveType parse(String text) {
        return new HiveTypeParser(text).parse();
    }

    enum PrimitiveKind {
        STRING, BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DATE, TIMESTAMP, BINARY
    }

    record Primitive(PrimitiveKind kind) implements HiveType {
        public Primitive {
            requireNonNull(kind, "kind is null");
        }

        @Override
        public String hiveName() {
            return kind.name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code decimal(precision, scale)}: precision 1..38, scale 0..precision; plain {@code decimal} is (10,0). */
    record Decimal(int precision, int scale) implements HiveType {
        public static final int MAX_PRECISION = 38;

        public Decimal {
            if (precision < 1 || precision > MAX_PRECISION) {
                throw new IllegalArgumentException("decimal precision must be 1.." + MAX_PRECISION + ": " + precision);
            }
            if (scale < 0 || scale > precision) {
                throw new IllegalArgumentException("decimal scale must be 0..precision: " + scale);
            }
        }

        @Override
        public String hiveName() {
            return "decimal(" + precision + "," + scale + ")";
        }
    }

    record ArrayType(HiveType elementType) implements HiveType {
        public ArrayType {
            requireNonNull(elementType, "elementType is null");
        }

        @Override
        public String hiveName() {
            return "array<" + elementType.hiveName() + ">";
        }
    }

    /** Keys are primitive, as in Hive; JSON object keys are converted to the key type. */
    record MapType(HiveType keyType, HiveType valueType) implements HiveType {
        public MapType {
            requireNonNull(keyType, "keyType is null");
            requireNonNull(valueType, "valueType is null");
            if (!(keyType instanceof Primitive) && !(keyType instanceof Decimal)) {
                throw new IllegalArgumentException("map keys must be primitive: " + keyType.hiveName());
            }
        }

        @Override
        public String hiveName() {
            return "map<" + keyType.hiveName() + "," + valueType.hiveName() + ">";
        }
    }

    /** A struct, and also a whole table: the columns of a table are the fields of its row struct. */
    record StructType(List<Field> fields) implements HiveType {
        public StructType {
            fields = List.copyOf(requireNonNull(fields, "fields is null"));
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("struct needs at least one field");
            }
            long distinct = fields.stream().map(field -> field.name().toLowerCase(Locale.ROOT)).distinct().count();
            if (distinct != fields.size()) {
                throw new IllegalArgumentException("struct field names must be unique ignoring case: "
                        + fields.stream().map(Field::name).collect(Collectors.joining(",")));
            }
        }

        @Override
        public String hiveName() {
            return fields.stream()
                    .map(field -> field.name() + ":" + field.type().hiveName())
                    .collect(Collectors.joining(",", "struct<", ">"));
        }
    }

    /** A named struct field or table column. */
    record Field(String name, HiveType type) {
        public Field {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("field name is empty");
            }
        }
    }
}
