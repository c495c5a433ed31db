package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessorRecord;
import dev.hydrant.spi.RecordProcessor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

/**
 * Firehose's Decompression processor: gunzips each record (CloudWatch Logs sends its subscription payloads gzipped).
 * Concatenated gzip members decompress to their concatenation. A record that is not gzip, is truncated, or inflates
 * past the configured limit fails with {@code Decompression.Failed}; AWS writes such records, still compressed, under
 * the {@code decompression-failed} error prefix.
 */
public final class Decompression implements RecordProcessor {
    private final DecompressionConfig config;

    public Decompression(DecompressionConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public CompletableFuture<List<ProcessingResult>> process(List<ProcessorRecord> records) {
        List<ProcessingResult> results = new ArrayList<>(records.size());
        for (ProcessorRecord record : records) {
            try {
                results.add(ProcessingResult.Ok.of(record.withData(gunzip(record.data(), config.maxDecompressedBytes()))));
            }
            catch (IOException e) {
                results.add(ProcessorErrorCode.DECOMPRESSION_FAILED.failure("Record could not be decompressed as GZIP: " + e.getMessage()));
            }
        }
        return CompletableFuture.completedFuture(results);
    }

    static byte[] gunzip(byte[] compressed, int maxBytes) throws IOException {
        try (GZIPInputStream input = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            ByteArrayOutputStream output = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(64, compressed.length * 4)));
            byte[] buffer = new byte[8192];
            int read;
            while ((read = input.read(buffer)) != -1) {
                if (output.size() + read > maxBytes) {
                    throw new IOException("decompressed data exceeds " + maxBytes + " bytes");
                }
                output.write(buffer, 0, read);
            }
            return output.toByteArray();
        }
    }
}
