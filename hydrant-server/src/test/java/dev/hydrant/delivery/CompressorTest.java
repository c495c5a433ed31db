package dev.hydrant.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hydrant.control.CompressionFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedInputStream;

class CompressorTest {
    private static final String ENTRY_NAME = "my-delivery-stream-1-2018-08-27-10-30-00-id";

    @ParameterizedTest
    @EnumSource(CompressionFormat.class)
    void roundTripsRecordsWrittenOneByOne(CompressionFormat format) throws IOException {
        List<byte[]> records = jsonRecords(20_000);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        try (OutputStream compressed = Compressor.wrap(format, output, ENTRY_NAME)) {
            for (byte[] record : records) {
                compressed.write(record);
            }
        }

        assertThat(decompress(format, output.toByteArray())).isEqualTo(concatenate(records));
    }

    @ParameterizedTest
    @EnumSource(CompressionFormat.class)
    void roundTripsSingleBytesAndEmptyObjects(CompressionFormat format) throws IOException {
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        Compressor.wrap(format, empty, ENTRY_NAME).close();
        ByteArrayOutputStream oneByte = new ByteArrayOutputStream();
        try (OutputStream compressed = Compressor.wrap(format, oneByte, ENTRY_NAME)) {
            compressed.write('x');
        }

        assertThat(decompress(format, empty.toByteArray())).isEmpty();
        assertThat(decompress(format, oneByte.toByteArray())).containsExactly('x');
    }

    @Test
    void uncompressedWritesRecordsAsTheyAre() throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (OutputStream compressed = Compressor.wrap(CompressionFormat.UNCOMPRESSED, output, ENTRY_NAME)) {
            compressed.write("{\"a\":1}".getBytes(UTF_8));
            compressed.write("{\"a\":2}".getBytes(UTF_8));
        }

        assertThat(output.toString(UTF_8)).isEqualTo("{\"a\":1}{\"a\":2}");
    }

    @Test
    void zipHoldsOneEntryWithTheGivenName() throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (OutputStream compressed = Compressor.wrap(CompressionFormat.ZIP, output, ENTRY_NAME)) {
            compressed.write("record".getBytes(UTF_8));
        }

        List<String> entryNames = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(output.toByteArray()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entryNames.add(entry.getName());
            }
        }
        assertThat(entryNames).containsExactly(ENTRY_NAME);
    }

    @Test
    void zipEntryNameIsFileNameOfKeyWithoutZipExtension() {
        assertThat(Compressor.zipEntryName("logs/2018/08/27/10/" + ENTRY_NAME + ".zip")).isEqualTo(ENTRY_NAME);
        assertThat(Compressor.zipEntryName(ENTRY_NAME + ".zip")).isEqualTo(ENTRY_NAME);
        assertThat(Compressor.zipEntryName("logs/" + ENTRY_NAME + ".json")).isEqualTo(ENTRY_NAME + ".json");
    }

    @Test
    void hadoopSnappySplitsIncompressibleDataIntoChunksThatFitHadoopsReadBuffer() throws IOException {
        byte[] data = new byte[1024 * 1024];
        new Random(42).nextBytes(data);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        try (OutputStream compressed = Compressor.wrap(CompressionFormat.HADOOP_SNAPPY, output, ENTRY_NAME)) {
            compressed.write(data);
        }

        List<HadoopSnappyBlock> blocks = readHadoopSnappyBlocks(output.toByteArray());
        assertThat(blocks).hasSize(5);
        assertThat(blocks).allSatisfy(block -> {
            assertThat(block.uncompressedLength()).isLessThanOrEqualTo(Compressor.HADOOP_SNAPPY_BLOCK_SIZE);
            assertThat(block.compressedLengths()).allSatisfy(length ->
                    assertThat(length).isLessThanOrEqualTo(Compressor.HADOOP_SNAPPY_BUFFER_SIZE));
        });
        assertThat(concatenate(blocks.stream().map(HadoopSnappyBlock::data).toList())).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(CompressionFormat.class)
    void closeFinishesTheObjectButLeavesTheUnderlyingStreamOpen(CompressionFormat format) throws IOException {
        TrackingOutputStream output = new TrackingOutputStream();
        OutputStream compressed = Compressor.wrap(format, output, ENTRY_NAME);
        compressed.write("record".getBytes(UTF_8));

        compressed.close();

        assertThat(output.closed).isFalse();
        assertThat(output.flushed).isTrue();
        assertThat(decompress(format, output.toByteArray())).isEqualTo("record".getBytes(UTF_8));
    }

    @ParameterizedTest
    @EnumSource(CompressionFormat.class)
    void closingTwiceWritesNothingMore(CompressionFormat format) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        OutputStream compressed = Compressor.wrap(format, output, ENTRY_NAME);
        compressed.write("record".getBytes(UTF_8));
        compressed.close();
        int size = output.size();

        compressed.close();

        assertThat(output.size()).isEqualTo(size);
    }

    @ParameterizedTest
    @EnumSource(CompressionFormat.class)
    void rejectsWritesAfterClose(CompressionFormat format) throws IOException {
        OutputStream compressed = Compressor.wrap(format, new ByteArrayOutputStream(), ENTRY_NAME);
        compressed.close();

        assertThatThrownBy(() -> compressed.write("late".getBytes(UTF_8))).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsEmptyEntryName() {
        assertThatThrownBy(() -> Compressor.wrap(CompressionFormat.ZIP, new ByteArrayOutputStream(), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("entryName is empty");
    }

    private static byte[] decompress(CompressionFormat format, byte[] compressed) throws IOException {
        InputStream input = new ByteArrayInputStream(compressed);
        return switch (format) {
            case UNCOMPRESSED -> compressed;
            case GZIP -> readAll(new GZIPInputStream(input));
            case ZIP -> unzipSingleEntry(input);
            case SNAPPY -> readAll(new SnappyFramedInputStream(input));
            case HADOOP_SNAPPY -> concatenate(readHadoopSnappyBlocks(compressed).stream()
                    .map(HadoopSnappyBlock::data)
                    .toList());
        };
    }

    private static byte[] readAll(InputStream input) throws IOException {
        try (input) {
            return input.readAllBytes();
        }
    }

    private static byte[] unzipSingleEntry(InputStream input) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(input)) {
            assertThat(zip.getNextEntry()).isNotNull();
            byte[] data = zip.readAllBytes();
            assertThat(zip.getNextEntry()).isNull();
            return data;
        }
    }

    /** Reads Hadoop's block format: per block an uncompressed length, then (compressed length, snappy bytes)*. */
    private static List<HadoopSnappyBlock> readHadoopSnappyBlocks(byte[] compressed) throws IOException {
        List<HadoopSnappyBlock> blocks = new ArrayList<>();
        try (DataInputStream input = new DataInputStream(new ByteArrayInputStream(compressed))) {
            while (true) {
                int uncompressedLength;
                try {
                    uncompressedLength = input.readInt();
                }
                catch (EOFException e) {
                    return blocks;
                }
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                List<Integer> compressedLengths = new ArrayList<>();
                while (data.size() < uncompressedLength) {
                    int compressedLength = input.readInt();
                    compressedLengths.add(compressedLength);
                    data.write(Snappy.uncompress(input.readNBytes(compressedLength)));
                }
                assertThat(data.size()).isEqualTo(uncompressedLength);
                blocks.add(new HadoopSnappyBlock(uncompressedLength, compressedLengths, data.toByteArray()));
            }
        }
    }

    private record HadoopSnappyBlock(int uncompressedLength, List<Integer> compressedLengths, byte[] data) {}

    private static List<byte[]> jsonRecords(int count) {
        List<byte[]> records = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            records.add(("{\"ticker_symbol\":\"T" + (index % 97) + "\",\"sequence\":" + index + "}\n").getBytes(UTF_8));
        }
        return records;
    }

    private static byte[] concatenate(List<byte[]> parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        parts.forEach(all::writeBytes);
        return all.toByteArray();
    }

    /** Remembers whether it was flushed and closed. */
    private static final class TrackingOutputStream extends ByteArrayOutputStream {
        private boolean flushed;
        private boolean closed;

        @Override
        public void flush() {
            flushed = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
