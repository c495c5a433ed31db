package dev.hydrant.format;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.FormatConversionConfig.OrcSerDe;
import dev.hydrant.spi.HiveType;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.common.type.HiveDecimal;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DecimalColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DoubleColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ListColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.MapColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.StructColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.TimestampColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.CompressionKind;
import org.apache.orc.MemoryManager;
import org.apache.orc.OrcConf;
import org.apache.orc.OrcFile;
import org.apache.orc.TypeDescription;
import org.apache.orc.Writer;
import org.apache.orc.impl.PhysicalFsWriter;
import org.apache.orc.impl.WriterImpl;
import org.apache.orc.impl.writer.WriterEncryptionVariant;

/**
 * Writes rows as ORC with orc-core's writer, but without a Hadoop file system: the writer gets a physical writer
 * over the caller's stream, an empty Hadoop {@link Configuration} (no XML resources are read, so Hadoop's
 * third-party runtime is not needed) and a memory manager that never asks for early flushes (one file holds one
 * buffer). Hive types map one to one onto ORC types; timestamps are written in UTC.
 */
final class OrcColumnarWriter implements ColumnarFileWriter {
    private static final int BATCH_SIZE = 1024;

    private final OrcSerDe serDe;

    OrcColumnarWriter(OrcSerDe serDe) {
        this.serDe = requireNonNull(serDe, "serDe is null");
    }

    @Override
    public String fileExtension() {
        return ".orc";
    }

    @Override
    public void write(HiveType.StructType schema, List<Object[]> rows, OutputStream out) throws IOException {
        TypeDescription orcSchema = orcType(schema);
        OrcFile.WriterOptions options = writerOptions(orcSchema);
        options.physicalWriter(new PhysicalFsWriter(
                new FSDataOutputStream(new NonClosingOutputStream(out), null), options, new WriterEncryptionVariant[0]));
        Writer writer = new WriterImpl(null, new Path("hydrant.orc"), options);
        try {
            VectorizedRowBatch batch = orcSchema.createRowBatch(BATCH_SIZE);
            for (Object[] row : rows) {
                int rowIndex = batch.size++;
                for (int column = 0; column < row.length; column++) {
                    setValue(batch.cols[column], rowIndex, row[column], schema.fields().get(column).type());
                }
                if (batch.size == batch.getMaxSize()) {
                    writer.addRowBatch(batch);
                    batch.reset();
                }
            }
            if (batch.size > 0) {
                writer.addRowBatch(batch);
            }
        }
        finally {
            writer.close();
        }
        out.flush();
    }

    OrcFile.WriterOptions writerOptions(TypeDescription orcSchema) {
        Configuration configuration = new Configuration(false);
        configuration.set(OrcConf.DICTIONARY_KEY_SIZE_THRESHOLD.getAttribute(), Double.toString(serDe.dictionaryKeyThreshold()));
        OrcFile.WriterOptions options = OrcFile.writerOptions(new Properties(), configuration)
                .setSchema(orcSchema)
                .compress(compression())
                .stripeSize(serDe.stripeSizeBytes())
                .blockSize(serDe.blockSizeBytes())
                .rowIndexStride(serDe.rowIndexStride())
                .blockPadding(serDe.enablePadding())
                .paddingTolerance(serDe.paddingTolerance())
                .bloomFilterFpp(serDe.bloomFilterFalsePositiveProbability())
                .version(serDe.formatVersion() == dev.hydrant.spi.FormatConversionConfig.OrcFormatVersion.V0_11
                        ? OrcFile.Version.V_0_11
                        : OrcFile.Version.V_0_12)
                .useUTCTimestamp(true)
                .memory(new UnmanagedMemory());
        if (!serDe.bloomFilterColumns().isEmpty()) {
            options.bloomFilterColumns(String.join(",", serDe.bloomFilterColumns()));
        }
        return options;
    }

    private CompressionKind compression() {
        switch (serDe.compression()) {
            case NONE:
                return CompressionKind.NONE;
            case ZLIB:
                return CompressionKind.ZLIB;
            case SNAPPY:
                return CompressionKind.SNAPPY;
        }
        throw new IllegalArgumentException("unknown compression " + serDe.compression());
    }

    static TypeDescription orcType(HiveType type) {
        if (type instanceof HiveType.Decimal) {
            HiveType.Decimal decimal = (HiveType.Decimal) type;
            return TypeDescription.createDecimal().withScale(decimal.scale()).withPrecision(decimal.precision());
        }
        if (type instanceof HiveType.ArrayType) {
            return TypeDescription.createList(orcType(((HiveType.ArrayType) type).elementType()));
        }
        if (type instanceof HiveType.MapType) {
            HiveType.MapType map = (HiveType.MapType) type;
            return TypeDescription.createMap(orcType(map.keyType()), orcType(map.valueType()));
        }
        if (type instanceof HiveType.StructType) {
            TypeDescription struct = TypeDescription.createStruct();
            for (HiveType.Field field : ((HiveType.StructType) type).fields()) {
                struct.addField(field.name(), orcType(field.type()));
            }
            return struct;
        }
        switch (((HiveType.Primitive) type).kind()) {
            case STRING:
                return TypeDescription.createString();
            case BOOLEAN:
                return TypeDescription.createBoolean();
            case TINYINT:
                return TypeDescription.createByte();
            case SMALLINT:
                return TypeDescription.createShort();
            case INT:
                return TypeDescription.createInt();
            case BIGINT:
                return TypeDescription.createLong();
            case FLOAT:
                return TypeDescription.createFloat();
            case DOUBLE:
                return TypeDescription.createDouble();
            case DATE:
                return TypeDescription.createDate();
            case TIMESTAMP:
                return TypeDescription.createTimestamp();
            case BINARY:
                return TypeDescription.createBinary();
        }
        throw new IllegalArgumentException("unknown type " + type);
    }

    private static void setValue(ColumnVector vector, int row, Object value, HiveType type) {
        if (value == null) {
            vector.noNulls = false;
            vector.isNull[row] = true;
            return;
        }
        vector.isNull[row] = false;
        if (type instanceof HiveType.Decimal) {
            ((DecimalColumnVector) vector).set(row, HiveDecimal.create((BigDecimal) value));
        }
        else if (type instanceof HiveType.ArrayType) {
            ListColumnVector list = (ListColumnVector) vector;
            List<?> items = (List<?>) value;
            int offset = list.childCount;
            list.offsets[row] = offset;
            list.lengths[row] = items.size();
            list.childCount += items.size();
            list.child.ensureSize(list.childCount, true);
            HiveType element = ((HiveType.ArrayType) type).elementType();
            for (int i = 0; i < items.size(); i++) {
                setValue(list.child, offset + i, items.get(i), element);
            }
        }
        else if (type instanceof HiveType.MapType) {
            MapColumnVector map = (MapColumnVector) vector;
            HiveType.MapType mapType = (HiveType.MapType) type;
            Map<?, ?> entries = (Map<?, ?>) value;
            int offset = map.childCount;
            map.offsets[row] = offset;
            map.lengths[row] = entries.size();
            map.childCount += entries.size();
            map.keys.ensureSize(map.childCount, true);
            map.values.ensureSize(map.childCount, true);
            int i = offset;
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                setValue(map.keys, i, entry.getKey(), mapType.keyType());
                setValue(map.values, i, entry.getValue(), mapType.valueType());
                i++;
            }
        }
        else if (type instanceof HiveType.StructType) {
            StructColumnVector struct = (StructColumnVector) vector;
            Object[] fields = (Object[]) value;
            List<HiveType.Field> fieldTypes = ((HiveType.StructType) type).fields();
            for (int i = 0; i < fields.length; i++) {
                setValue(struct.fields[i], row, fields[i], fieldTypes.get(i).type());
            }
        }
        else {
            setPrimitive(vector, row, value, ((HiveType.Primitive) type).kind());
        }
    }

    private static void setPrimitive(ColumnVector vector, int row, Object value, HiveType.PrimitiveKind kind) {
        switch (kind) {
            case STRING:
                ((BytesColumnVector) vector).setVal(row, ((String) value).getBytes(StandardCharsets.UTF_8));
                return;
            case BINARY:
                ((BytesColumnVector) vector).setVal(row, (byte[]) value);
                return;
            case BOOLEAN:
                ((LongColumnVector) vector).vector[row] = (Boolean) value ? 1 : 0;
                return;
            case TINYINT:
            case SMALLINT:
            case INT:
            case DATE:
                ((LongColumnVector) vector).vector[row] = (Integer) value;
                return;
            case BIGINT:
                ((LongColumnVector) vector).vector[row] = (Long) value;
                return;
            case FLOAT:
                ((DoubleColumnVector) vector).vector[row] = (Float) value;
                return;
            case DOUBLE:
                ((DoubleColumnVector) vector).vector[row] = (Double) value;
                return;
            case TIMESTAMP:
                long micros = (Long) value;
                TimestampColumnVector timestamps = (TimestampColumnVector) vector;
                timestamps.time[row] = Math.floorDiv(micros, 1000L);
                timestamps.nanos[row] = (int) (Math.floorMod(micros, 1_000_000L) * 1000L);
                return;
        }
        throw new IllegalArgumentException("unknown kind " + kind);
    }

    /** One writer writes one whole buffer; the buffer already bounds its memory. */
    private static final class UnmanagedMemory implements MemoryManager {
        @Override
        public void addWriter(Path path, long requestedAllocation, Callback callback) {}

        @Override
        public void removeWriter(Path path) {}

        @Override
        public void addedRow(int rows) {}
    }

    /** ORC closes its stream; the caller owns it. */
    private static final class NonClosingOutputStream extends FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
