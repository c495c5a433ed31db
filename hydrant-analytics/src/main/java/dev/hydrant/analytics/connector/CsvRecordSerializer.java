package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * CSV: the row's values in column order, separated by {@code ,}, no header, each record terminated by {@code \n}.
 * NULL is an empty field. A value is quoted RFC 4180-style ({@code "} around it, inner {@code "} doubled) only when it
 * contains {@code ,}, {@code "}, CR or LF. Value text as in {@link OutputRecordSerializer}; numbers and booleans are
 * written straight from the internal row. One instance per writer thread (it reuses its buffer).
 */
public final class CsvRecordSerializer implements OutputRecordSerializer {
    private static final long serialVersionUID = 1L;

    private final OutputColumns columns;
    private final LogicalTypeRoot[] roots;
    private transient StringBuilder builder;

    public CsvRecordSerializer(DataType rowType) {
        this.columns = new OutputColumns(requireNonNull(rowType, "rowType is null"));
        this.roots = new LogicalTypeRoot[columns.size()];
        for (int column = 0; column < roots.length; column++) {
            roots[column] = columns.root(column);
        }
    }

    @Override
    public byte[] serialize(RowData row) {
        if (builder == null) {
            builder = new StringBuilder(128);
        }
        builder.setLength(0);
        for (int i = 0; i < roots.length; i++) {
            if (i > 0) {
                builder.append(',');
            }
            if (row.isNullAt(i)) {
                continue;
            }
            switch (roots[i]) {
                case DOUBLE -> DoubleText.append(builder, row.getDouble(i));
                case INTEGER -> builder.append(row.getInt(i));
                case BIGINT -> builder.append(row.getLong(i));
                case SMALLINT -> builder.append(row.getShort(i));
                case TINYINT -> builder.append(row.getByte(i));
                case BOOLEAN -> builder.append(row.getBoolean(i));
                default -> appendField(builder, OutputRecordSerializer.text(columns.external(row, i)));
            }
        }
        builder.append('\n');
        return builder.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Values given as Java objects as one CSV record, written as {@link #serialize} writes them, without the {@code \n}. */
    public static String record(Object... values) {
        StringBuilder builder = new StringBuilder(128);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                builder.append(',');
            }
            if (values[i] != null) {
                appendField(builder, OutputRecordSerializer.text(values[i]));
            }
        }
        return builder.toString();
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
