package dev.hydrant.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * The three page codecs Firehose offers, without Parquet's Hadoop-based codec factory (which would need Hadoop's
 * configuration and native-code loaders). SNAPPY pages are raw Snappy blocks, GZIP pages are gzip streams, as
 * Parquet specifies. Write only.
 */
final class ParquetCompressors implements CompressionCodecFactory {
    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        switch (codecName) {
            case UNCOMPRESSED:
                return compressor(codecName, bytes -> bytes);
            case SNAPPY:
                return compressor(codecName, bytes -> BytesInput.from(Snappy.compress(bytes.toByteArray())));
            case GZIP:
                return compressor(codecName, bytes -> {
                    ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.toIntExact(bytes.size() / 2 + 64));
                    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
                        bytes.writeAllTo(gzip);
                    }
                    return BytesInput.from(compressed.toByteArray());
                });
            default:
                throw new IllegalArgumentException("unsupported Parquet compression: " + codecName);
        }
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        throw new UnsupportedOperationException("write only");
    }

    @Override
    public void release() {}

    private static BytesInputCompressor compressor(CompressionCodecName codecName, Codec codec) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return codec.compress(bytes);
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codecName;
            }

            @Override
            public void release() {}
        };
    }

    private interface Codec {
        BytesInput compress(BytesInput bytes) throws IOException;
    }
}
