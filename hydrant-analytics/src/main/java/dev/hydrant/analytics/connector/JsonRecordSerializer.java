package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * JSON: one compact object per row, keys = the stream's column names in column order (as the translator produced
 * them, i.e. after folding), NULL as {@code null}; numbers as JSON numbers (DOUBLE/REAL as {@code Double.toString},
 * so {@code 1.0E7}; NaN/Infinity as strings), BOOLEAN as JSON booleans, DATE/TIME/TIMESTAMP as strings, BINARY as
 * base64 strings. No trailing newline (KDA concatenates objects).
 */
public final class JsonRecordSerializer implements OutputRecordSerializer {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final OutputColumns columns;

    public JsonRecordSerializer(DataType rowType) {
        this.columns = new OutputColumns(requireNonNull(rowType, "rowType is null"));
    }

    @Override
    public byte[] serialize(RowData row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.writeStartObject();
            for (int i = 0; i < columns.size(); i++) {
                generator.writeFieldName(columns.name(i));
                write(generator, columns.external(row, i));
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Double) {
            double number = (Double) value;
            if (Double.isFinite(number)) {
                generator.writeNumber(number);
            } else {
                generator.writeString(Double.toString(number));
            }
        } else if (value instanceof Float) {
            float number = (Float) value;
            if (Float.isFinite(number)) {
                generator.writeNumber(number);
            } else {
                generator.writeString(Float.toString(number));
            }
        } else if (value instanceof BigDecimal) {
            generator.writeNumber((BigDecimal) value);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger) {
            generator.writeNumber((BigInteger) value);
        } else if (value instanceof Boolean) {
            generator.writeBoolean((Boolean) value);
        } else {
            generator.writeString(OutputRecordSerializer.text(value));
        }
    }
}
