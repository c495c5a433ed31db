package dev.hydrant.spi;

import java.util.ServiceLoader;

/**
 * Creates {@link RecordFormatWriter}s. The implementation lives in the {@code hydrant-format} module, which alone
 * sees Parquet, ORC and Hadoop; it is found with {@link ServiceLoader} so the server loads those classes only when
 * a stream converts formats.
 */
public interface RecordFormatWriterFactory {
    /** Throws {@link HydrantException} with {@link ErrorCode#INVALID_ARGUMENT} when the configuration cannot work. */
    RecordFormatWriter create(FormatConversionConfig config);

    /** The factory on the class path; throws when {@code hydrant-format} is missing. */
    static RecordFormatWriterFactory load() {
        return ServiceLoader.load(RecordFormatWriterFactory.class, RecordFormatWriterFactory.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new HydrantException(ErrorCode.INTERNAL_FAILURE,
                        "data format conversion is not available: hydrant-format is not on the class path"));
    }
}
