package dev.hydrant.format;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.FormatConversionConfig;
import dev.hydrant.spi.FormatRecord;
import dev.hydrant.spi.HiveType;
import dev.hydrant.spi.RecordFormatWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts JSON records with a {@link JsonRowDecoder} and hands the rows to a {@link ColumnarFileWriter}. With an
 * explicit schema the decoder is built once; with an inferred schema each buffer infers its own.
 */
final class JsonRecordFormatWriter implements RecordFormatWriter {
    private final FormatConversionConfig config;
    private final ColumnarFileWriter fileWriter;
    private final Optional<JsonRowDecoder> explicitDecoder;

    JsonRecordFormatWriter(FormatConversionConfig config, ColumnarFileWriter fileWriter) {
        this.config = requireNonNull(config, "config is null");
        this.fileWriter = requireNonNull(fileWriter, "fileWriter is null");
        if (config.schema() instanceof FormatConversionConfig.ExplicitSchema) {
            HiveType.StructType columns = ((FormatConversionConfig.ExplicitSchema) config.schema()).columns();
            this.explicitDecoder = Optional.of(new JsonRowDecoder(columns, config.deserializer()));
        }
        else {
            this.explicitDecoder = Optional.empty();
        }
    }

    @Override
    public String fileExtension() {
        return fileWriter.fileExtension();
    }

    @Override
    public ConvertedRecords convert(List<FormatRecord> records) {
        requireNonNull(records, "records is null");
        Optional<JsonRowDecoder> decoder = explicitDecoder.isPresent() ? explicitDecoder : inferredDecoder(records);
        List<Object[]> rows = new ArrayList<>(records.size());
        List<ConversionFailure> failures = new ArrayList<>();
        for (int index = 0; index < records.size(); index++) {
            if (decoder.isEmpty()) {
                failures.add(new ConversionFailure(index, RecordConversionException.MALFORMED_DATA,
                        "no record of the buffer is a JSON object, so no schema could be inferred"));
                continue;
            }
            try {
                rows.addAll(decoder.get().decode(records.get(index).data()));
            }
            catch (RecordConversionException e) {
                failures.add(new ConversionFailure(index, e.errorCode(), e.getMessage()));
            }
        }
        return new ConvertedRows(decoder.map(JsonRowDecoder::schema), rows, failures);
    }

    private Optional<JsonRowDecoder> inferredDecoder(List<FormatRecord> records) {
        int sampleRecords = ((FormatConversionConfig.InferredSchema) config.schema()).sampleRecords();
        boolean convertDots = config.deserializer() instanceof FormatConversionConfig.OpenXJsonSerDe
                && ((FormatConversionConfig.OpenXJsonSerDe) config.deserializer()).convertDotsInJsonKeysToUnderscores();
        return SchemaInference.infer(records, sampleRecords, convertDots)
                .map(schema -> new JsonRowDecoder(schema, config.deserializer()));
    }

    private final class ConvertedRows implements ConvertedRecords {
        private final Optional<HiveType.StructType> schema;
        private final List<Object[]> rows;
        private final List<ConversionFailure> failures;

        ConvertedRows(Optional<HiveType.StructType> schema, List<Object[]> rows, List<ConversionFailure> failures) {
            this.schema = schema;
            this.rows = List.copyOf(rows);
            this.failures = List.copyOf(failures);
        }

        @Override
        public int rowCount() {
            return rows.size();
        }

        @Override
        public List<ConversionFailure> failures() {
            return failures;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            requireNonNull(out, "out is null");
            HiveType.StructType columns = schema.orElseThrow(
                    () -> new IllegalStateException("no schema: every record failed, so there is no file to write"));
            fileWriter.write(columns, rows, out);
        }
    }
}
