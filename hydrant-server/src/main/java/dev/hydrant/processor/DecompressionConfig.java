package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import dev.hydrant.control.ProcessingConfiguration.Processor;
import java.util.List;

/**
 * Decompression settings. {@code CompressionFormat} must be {@code GZIP}, the only format AWS offers (for CloudWatch
 * Logs subscription records); Hydrant uses it when the parameter is left out.
 *
 * @param maxDecompressedBytes records that inflate past this fail, so a small record cannot exhaust memory
 */
public record DecompressionConfig(String compressionFormat, int maxDecompressedBytes) {
    public static final String GZIP = "GZIP";
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

    public DecompressionConfig {
        requireNonNull(compressionFormat, "compressionFormat is null");
        if (!compressionFormat.equals(GZIP)) {
            throw new IllegalArgumentException("compressionFormat must be GZIP");
        }
        if (maxDecompressedBytes < 1) {
            throw new IllegalArgumentException("maxDecompressedBytes must be positive");
        }
    }

    public static DecompressionConfig gzip() {
        return new DecompressionConfig(GZIP, DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    static DecompressionConfig from(Processor processor, String path, List<String> problems) {
        ProcessorParameters parameters = new ProcessorParameters(processor, ProcessorType.DECOMPRESSION, path);
        String format = parameters.optional("CompressionFormat", GZIP);
        if (format != null) {
            parameters.checkOneOf("CompressionFormat", format, List.of(GZIP));
        }
        problems.addAll(parameters.problems());
        return parameters.hasProblems() ? null : gzip();
    }
}
