package dev.hydrant.format;

import dev.hydrant.spi.HiveType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Writes decoded rows (see {@link JsonRowDecoder}) as one complete file of a columnar format. */
interface ColumnarFileWriter {
    String fileExtension();

    /** Writes every row as one file; does not close {@code out}. */
    void write(HiveType.StructType schema, List<Object[]> rows, OutputStream out) throws IOException;
}
