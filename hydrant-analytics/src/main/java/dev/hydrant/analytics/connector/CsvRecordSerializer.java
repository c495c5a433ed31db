package dev.hydrant.analytics.connector;

import java.nio.charset.StandardCharsets;
import org.apache.flink.types.Row;

/**
 * CSV: the row's values in column order, separated by {@code ,}, no header, each record terminated by {@code \n}.
 * NULL is an empty field. A value is quoted RFC 4180-style ({@code "} around it, inner {@code "} doubled) only when it
 * contains {@code ,}, {@code "}, CR or LF. Value text as in {@link OutputRecordSerializer}.
 */
public final class CsvRecordSerializer implements OutputRecordSerializer {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(Row row) {
        StringBuilder builder = new StringBuilder(128);
        for (int i = 0; i < row.getArity(); i++) {
            if (i > 0) {
                builder.append(',');
            }
            Object value = row.getField(i);
            if (value != null) {
                appendField(builder, OutputRecordSerializer.text(value));
            }
        }
        builder.append('\n');
        return builder.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendField(StringBuilder builder, String text) {
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            builder.append(text);
            return;
        }
        builder.append('"').append(text.replace("\"", "\"\"")).append('"');
    }
}
