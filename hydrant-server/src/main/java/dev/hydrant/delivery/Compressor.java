package dev.hydrant.delivery;

import static java.util.Objects.checkFromIndexSize;
import static java.util.Objects.requireNonNull;

import dev.hydrant.control.CompressionFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * Compresses the records of one object in a Firehose CompressionFormat.
 *
 * <p>Closing a stream returned by {@link #wrap} finishes the format (GZIP trailer, ZIP central directory, last
 * snappy block) and flushes the underlying stream, but leaves the underlying stream <em>open</em>: it belongs to the
 * caller, who may still want to fsync or rename it, and closes it.
 */
public final class Compressor {
    /** Hadoop's default {@code io.compression.codec.snappy.buffersize}. */
    static final int HADOOP_SNAPPY_BUFFER_SIZE = 256 * 1024;
    /**
     * The uncompressed bytes per HADOOP_SNAPPY block: Hadoop's SnappyCodec leaves room for snappy's worst-case
     * expansion so that every compressed chunk fits a reader's {@link #HADOOP_SNAPPY_BUFFER_SIZE} buffer.
     */
    static final int HADOOP_SNAPPY_BLOCK_SIZE = HADOOP_SNAPPY_BUFFER_SIZE - (HADOOP_SNAPPY_BUFFER_SIZE / 6 + 32);

    private static final int GZIP_BUFFER_SIZE = 64 * 1024;
    private static final String ZIP_EXTENSION = CompressionFormat.ZIP.fileExtension();

    private Compressor() {}

    /**
     * Returns a stream that compresses what is written to it, in {@code format}, into {@code output}.
     *
     * @param entryName the name of the single entry of a ZIP archive (see {@link #zipEntryName}); unused by the
     *        other formats
     */
    public static OutputStream wrap(CompressionFormat format, OutputStream output, String entryName)
            throws IOException {
        requireNonNull(format, "format is null");
        requireNonNull(output, "output is null");
        requireNonNull(entryName, "entryName is null");
        if (entryName.isEmpty()) {
            throw new IllegalArgumentException("entryName is empty");
        }
        OutputStream shielded = new CloseShieldOutputStream(output);
        return switch (format) {
            case UNCOMPRESSED -> shielded;
            case GZIP -> new GZIPOutputStream(shielded, GZIP_BUFFER_SIZE);
            case ZIP -> zip(shielded, entryName);
            case SNAPPY -> new SnappyFramedOutputStream(shielded);
            case HADOOP_SNAPPY -> new HadoopSnappyOutputStream(shielded);
        };
    }

    /** The ZIP entry name for an object: the key's file name without its directories and its {@code .zip}. */
    public static String zipEntryName(String objectKey) {
        requireNonNull(objectKey, "objectKey is null");
        String fileName = objectKey.substring(objectKey.lastIndexOf('/') + 1);
        return fileName.endsWith(ZIP_EXTENSION)
                ? fileName.substring(0, fileName.length() - ZIP_EXTENSION.length())
                : fileName;
    }

    private static OutputStream zip(OutputStream output, String entryName) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(output);
        zip.putNextEntry(new ZipEntry(entryName));
        return zip;
    }

    /** Passes writes and flushes through; close only flushes and stops further writes. */
    private static final class CloseShieldOutputStream extends OutputStream {
        private final OutputStream output;
        private boolean closed;

        CloseShieldOutputStream(OutputStream output) {
            this.output = output;
        }

        @Override
        public void write(int value) throws IOException {
            ensureOpen();
            output.write(value);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ensureOpen();
            output.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            ensureOpen();
            output.flush();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                output.flush();
            }
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("Stream closed");
            }
        }
    }

    /**
     * Hadoop's block snappy format ({@code org.apache.hadoop.io.compress.SnappyCodec}), as Firehose's HADOOP_SNAPPY.
     * Each block holds up to {@link #HADOOP_SNAPPY_BLOCK_SIZE} uncompressed bytes, compressed as one chunk:
     * <pre>
     * +---------------------------+---------------------------+-----------------------------+
     * | uncompressed length (int) | compressed length (int)   | raw snappy bytes            |  ... next block
     * +---------------------------+---------------------------+-----------------------------+
     *   4 bytes, big-endian         4 bytes, big-endian         compressed length bytes
     * </pre>
     * Hadoop's reader also accepts several chunks per block; this writer never produces them. An empty stream has no
     * blocks.
     */
    private static final class HadoopSnappyOutputStream extends OutputStream {
        private final OutputStream output;
        private final byte[] block = new byte[HADOOP_SNAPPY_BLOCK_SIZE];
        private final byte[] compressed = new byte[Snappy.maxCompressedLength(HADOOP_SNAPPY_BLOCK_SIZE)];
        private int blockLength;
        private boolean closed;

        HadoopSnappyOutputStream(OutputStream output) {
            this.output = output;
        }

        @Override
        public void write(int value) throws IOException {
            write(new byte[] {(byte) value}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            checkFromIndexSize(offset, length, bytes.length);
            ensureOpen();
            while (length > 0) {
                int copied = Math.min(length, block.length - blockLength);
                System.arraycopy(bytes, offset, block, blockLength, copied);
                blockLength += copied;
                offset += copied;
                length -= copied;
                if (blockLength == block.length) {
                    writeBlock();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            ensureOpen();
            output.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (blockLength > 0) {
                    writeBlock();
                }
            }
            finally {
                output.close();
            }
        }

        private void writeBlock() throws IOException {
            int compressedLength = Snappy.compress(block, 0, blockLength, compressed, 0);
            writeInt(blockLength);
            writeInt(compressedLength);
            output.write(compressed, 0, compressedLength);
            blockLength = 0;
        }

        private void writeInt(int value) throws IOException {
            output.write(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("Stream closed");
            }
        }
    }
}
