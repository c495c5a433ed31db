package dev.hydrant.format;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.FormatConversionConfig.ParquetSerDe;
import dev.hydrant.spi.HiveType;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Writes rows as Parquet through Parquet's {@link OutputFile} API with a plain (non-Hadoop) configuration and
 * Hadoop-free codecs. Hive types map as Hive's own Parquet writer maps them, so Athena and Glue read the files:
 * <pre>
 * string     binary (STRING)             boolean  boolean
 * tinyint    int32 (INT(8))              smallint int32 (INT(16))     int int32   bigint int64
 * float      float                       double   double
 * decimal    fixed_len_byte_array (DECIMAL), the fewest bytes that hold the precision
 * date       int32 (DATE)                timestamp int96 (Hive's and Firehose's encoding)
 * binary     binary
 * array      group (LIST) { repeated group list { optional element } }
 * map        group (MAP) { repeated group key_value { required key; optional value } }
 * struct     group
 * </pre>
 * Every column and field is optional. The file's schema is named {@code hive_schema}.
 */
final class ParquetColumnarWriter implements ColumnarFileWriter {
    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final ParquetSerDe serDe;

    ParquetColumnarWriter(ParquetSerDe serDe) {
        this.serDe = requireNonNull(serDe, "serDe is null");
    }

    @Override
    public String fileExtension() {
        return ".parquet";
    }

    @Override
    public void write(HiveType.StructType schema, List<Object[]> rows, OutputStream out) throws IOException {
        MessageType messageType = messageType(schema);
        try (ParquetWriter<Object[]> writer = new Builder(new StreamOutputFile(out), new RowWriteSupport(schema, messageType))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ParquetCompressors())
                .withCompressionCodec(codec())
                .withRowGroupSize(serDe.blockSizeBytes())
                .withPageSize(serDe.pageSizeBytes())
                .withDictionaryEncoding(serDe.enableDictionaryCompression())
                .withMaxPaddingSize(serDe.maxPaddingBytes())
                .withWriterVersion(serDe.writerVersion() == dev.hydrant.spi.FormatConversionConfig.ParquetWriterVersion.V1
                        ? ParquetProperties.WriterVersion.PARQUET_1_0
                        : ParquetProperties.WriterVersion.PARQUET_2_0)
                .build()) {
            for (Object[] row : rows) {
                writer.write(row);
            }
        }
    }

    private CompressionCodecName codec() {
        switch (serDe.compression()) {
            case UNCOMPRESSED:
                return CompressionCodecName.UNCOMPRESSED;
            case GZIP:
                return CompressionCodecName.GZIP;
            case SNAPPY:
                return CompressionCodecName.SNAPPY;
        }
        throw new IllegalArgumentException("unknown compression " + serDe.compression());
    }

    static MessageType messageType(HiveType.StructType schema) {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (HiveType.Field field : schema.fields()) {
            builder.addField(parquetType(field.name(), field.type(), Repetition.OPTIONAL));
        }
        return builder.named("hive_schema");
    }

    private static Type parquetType(String name, HiveType type, Repetition repetition) {
        if (type instanceof HiveType.Decimal) {
            HiveType.Decimal decimal = (HiveType.Decimal) type;
            return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
                    .length(decimalBytes(decimal.precision()))
                    .as(LogicalTypeAnnotation.decimalType(decimal.scale(), decimal.precision()))
                    .named(name);
        }
        if (type instanceof HiveType.ArrayType) {
            return Types.buildGroup(repetition)
                    .as(LogicalTypeAnnotation.listType())
                    .addField(Types.repeatedGroup()
                            .addField(parquetType("element", ((HiveType.ArrayType) type).elementType(), Repetition.OPTIONAL))
                            .named("list"))
                    .named(name);
        }
        if (type instanceof HiveType.MapType) {
            HiveType.MapType map = (HiveType.MapType) type;
            return Types.buildGroup(repetition)
                    .as(LogicalTypeAnnotation.mapType())
                    .addField(Types.repeatedGroup()
                            .addField(parquetType("key", map.keyType(), Repetition.REQUIRED))
                            .addField(parquetType("value", map.valueType(), Repetition.OPTIONAL))
                            .named("key_value"))
                    .named(name);
        }
        if (type instanceof HiveType.StructType) {
            Types.GroupBuilder<org.apache.parquet.schema.GroupType> group = Types.buildGroup(repetition);
            for (HiveType.Field field : ((HiveType.StructType) type).fields()) {
                group.addField(parquetType(field.name(), field.type(), Repetition.OPTIONAL));
            }
            return group.named(name);
        }
        switch (((HiveType.Primitive) type).kind()) {
            case STRING:
                return Types.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType()).named(name);
            case BOOLEAN:
                return Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
            case TINYINT:
                return Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.intType(8, true)).named(name);
            case SMALLINT:
                return Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.intType(16, true)).named(name);
            case INT:
                return Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
            case BIGINT:
                return Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
            case FLOAT:
                return Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
            case DOUBLE:
                return Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
            case DATE:
                return Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.dateType()).named(name);
            case TIMESTAMP:
                return Types.primitive(PrimitiveTypeName.INT96, repetition).named(name);
            case BINARY:
                return Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
        }
        throw new IllegalArgumentException("unknown type " + type);
    }

    /** The fewest bytes whose signed range holds every unscaled value of the precision. */
    static int decimalBytes(int precision) {
        int bytes = 1;
        while (Math.floor(Math.log10(Math.pow(2, 8 * bytes - 1) - 1)) < precision) {
            bytes++;
        }
        return bytes;
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final RowWriteSupport writeSupport;

        Builder(OutputFile file, RowWriteSupport writeSupport) {
            super(file);
            this.writeSupport = writeSupport;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
            return writeSupport;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
            return writeSupport;
        }
    }

    /** Drives Parquet's {@link RecordConsumer} from a row. */
    private static final class RowWriteSupport extends WriteSupport<Object[]> {
        private final HiveType.StructType schema;
        private final MessageType messageType;
        private RecordConsumer consumer;

        RowWriteSupport(HiveType.StructType schema, MessageType messageType) {
            this.schema = schema;
            this.messageType = messageType;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(messageType, Map.of());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(messageType, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Object[] row) {
            consumer.startMessage();
            writeFields(row, schema);
            consumer.endMessage();
        }

        private void writeFields(Object[] values, HiveType.StructType struct) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    HiveType.Field field = struct.fields().get(i);
                    consumer.startField(field.name(), i);
                    writeValue(values[i], field.type());
                    consumer.endField(field.name(), i);
                }
            }
        }

        private void writeValue(Object value, HiveType type) {
            if (type instanceof HiveType.Decimal) {
                consumer.addBinary(Binary.fromConstantByteArray(
                        fixedDecimal((BigDecimal) value, decimalBytes(((HiveType.Decimal) type).precision()))));
            }
            else if (type instanceof HiveType.ArrayType) {
                HiveType element = ((HiveType.ArrayType) type).elementType();
                List<?> list = (List<?>) value;
                consumer.startGroup();
                if (!list.isEmpty()) {
                    consumer.startField("list", 0);
                    for (Object item : list) {
                        consumer.startGroup();
                        if (item != null) {
                            consumer.startField("element", 0);
                            writeValue(item, element);
                            consumer.endField("element", 0);
                        }
                        consumer.endGroup();
                    }
                    consumer.endField("list", 0);
                }
                consumer.endGroup();
            }
            else if (type instanceof HiveType.MapType) {
                HiveType.MapType mapType = (HiveType.MapType) type;
                Map<?, ?> map = (Map<?, ?>) value;
                consumer.startGroup();
                if (!map.isEmpty()) {
                    consumer.startField("key_value", 0);
                    for (Map.Entry<?, ?> entry : map.entrySet()) {
                        consumer.startGroup();
                        consumer.startField("key", 0);
                        writeValue(entry.getKey(), mapType.keyType());
                        consumer.endField("key", 0);
                        if (entry.getValue() != null) {
                            consumer.startField("value", 1);
                            writeValue(entry.getValue(), mapType.valueType());
                            consumer.endField("value", 1);
                        }
                        consumer.endGroup();
                    }
                    consumer.endField("key_value", 0);
                }
                consumer.endGroup();
            }
            else if (type instanceof HiveType.StructType) {
                consumer.startGroup();
                writeFields((Object[]) value, (HiveType.StructType) type);
                consumer.endGroup();
            }
            else {
                writePrimitive(value, ((HiveType.Primitive) type).kind());
            }
        }

        private void writePrimitive(Object value, HiveType.PrimitiveKind kind) {
            switch (kind) {
                case STRING:
                    consumer.addBinary(Binary.fromConstantByteArray(((String) value).getBytes(StandardCharsets.UTF_8)));
                    return;
                case BOOLEAN:
                    consumer.addBoolean((Boolean) value);
                    return;
                case TINYINT:
                case SMALLINT:
                case INT:
                case DATE:
                    consumer.addInteger((Integer) value);
                    return;
                case BIGINT:
                    consumer.addLong((Long) value);
                    return;
                case FLOAT:
                    consumer.addFloat((Float) value);
                    return;
                case DOUBLE:
                    consumer.addDouble((Double) value);
                    return;
                case TIMESTAMP:
                    consumer.addBinary(int96((Long) value));
                    return;
                case BINARY:
                    consumer.addBinary(Binary.fromConstantByteArray((byte[]) value));
                    return;
            }
            throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    /** Big-endian two's complement of the unscaled value, sign-extended to {@code length} bytes. */
    static byte[] fixedDecimal(BigDecimal value, int length) {
        byte[] unscaled = value.unscaledValue().toByteArray();
        byte[] fixed = new byte[length];
        byte fill = (byte) (value.signum() < 0 ? 0xFF : 0x00);
        int padding = length - unscaled.length;
        for (int i = 0; i < padding; i++) {
            fixed[i] = fill;
        }
        System.arraycopy(unscaled, 0, fixed, padding, unscaled.length);
        return fixed;
    }

    /** Impala/Hive INT96: nanoseconds of the day (8 bytes) then the Julian day (4 bytes), little-endian. */
    static Binary int96(long epochMicros) {
        long days = Math.floorDiv(epochMicros, MICROS_PER_DAY);
        long nanosOfDay = Math.floorMod(epochMicros, MICROS_PER_DAY) * 1000L;
        ByteBuffer buffer = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(nanosOfDay);
        buffer.putInt(Math.toIntExact(days + JULIAN_DAY_OF_EPOCH));
        return Binary.fromConstantByteArray(buffer.array());
    }
}
