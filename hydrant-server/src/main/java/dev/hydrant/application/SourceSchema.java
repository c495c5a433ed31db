package dev.hydrant.application;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.SqlApplication.Column;
import dev.hydrant.spi.SqlApplication.RecordFormat;
import java.util.List;

/** KDA's SourceSchema (InputSchema, ReferenceSchema): the record format, the encoding (always UTF-8) and the columns. */
public record SourceSchema(RecordFormat recordFormat, String recordEncoding, List<Column> recordColumns) {
    public static final String UTF_8 = "UTF-8";

    public SourceSchema {
        requireNonNull(recordFormat, "recordFormat is null");
        requireNonNull(recordEncoding, "recordEncoding is null");
        recordColumns = List.copyOf(requireNonNull(recordColumns, "recordColumns is null"));
    }
}
