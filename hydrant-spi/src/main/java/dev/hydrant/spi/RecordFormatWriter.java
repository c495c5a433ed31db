package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Turns a buffer of JSON records into one columnar object (Parquet or ORC), as Firehose's data format conversion
 * does. Conversion and writing are two steps so the caller knows which records failed, and whether any row is
 * left, before it opens an object; {@link ConvertedRecords#writeTo} can then be repeated when a put is retried.
 * Implementations are thread safe; created by a {@link RecordFormatWriterFactory}.
 */
public interface RecordFormatWriter {
    /** The default object extension: {@code .parquet} or {@code .orc}. */
    String fileExtension();

    /** Parses every record against the schema. Never throws for bad records: they become failures. */
    ConvertedRecords convert(List<FormatRecord> records);

    /** The rows of one buffer, ready to be written as one file. */
    interface ConvertedRecords {
        /** Rows that will be written; a record holding several concatenated JSON objects gives several rows. */
        int rowCount();

        /** The records that could not be converted, in input order; they belong in the error output. */
        List<ConversionFailure> failures();

        /** Writes one complete file holding every row; does not close {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A record that could not be converted: its index in the input list, and the {@code lastErrorCode} and
     * {@code lastErrorMessage} of its {@code format-conversion-failed} document.
     */
    record ConversionFailure(int index, String errorCode, String errorMessage) {
        public ConversionFailure {
            requireNonNull(errorCode, "errorCode is null");
            requireNonNull(errorMessage, "errorMessage is null");
        }
    }
}
