package dev.hydrant.format;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FormatConversionConfig;
import dev.hydrant.spi.HiveType;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.RecordFormatWriter;
import dev.hydrant.spi.RecordFormatWriterFactory;
import java.util.ArrayList;
import java.util.List;

/** The {@link RecordFormatWriterFactory} found by {@link java.util.ServiceLoader}: Parquet and ORC. */
public final class ColumnarFormatWriterFactory implements RecordFormatWriterFactory {
    @Override
    public RecordFormatWriter create(FormatConversionConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.deserializer() instanceof FormatConversionConfig.HiveJsonSerDe) {
            try {
                JsonTimestampParser.hive(((FormatConversionConfig.HiveJsonSerDe) config.deserializer()).timestampFormats());
            }
            catch (IllegalArgumentException e) {
                problems.add("TimestampFormats: " + e.getMessage());
            }
            if (config.schema() instanceof FormatConversionConfig.ExplicitSchema) {
                for (HiveType.Field column : ((FormatConversionConfig.ExplicitSchema) config.schema()).columns().fields()) {
                    if (column.name().contains(".")) {
                        problems.add("columns." + column.name() + ": the Hive JSON SerDe does not accept dots in column names");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, String.join("; ", problems));
        }
        ColumnarFileWriter fileWriter = config.serializer() instanceof FormatConversionConfig.ParquetSerDe
                ? new ParquetColumnarWriter((FormatConversionConfig.ParquetSerDe) config.serializer())
                : new OrcColumnarWriter((FormatConversionConfig.OrcSerDe) config.serializer());
        return new JsonRecordFormatWriter(config, fileWriter);
    }
}
