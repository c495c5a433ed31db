package dev.hydrant.destination.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalObjectStoreTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, MIB - 1, MIB, MIB + 1, 3 * MIB + 123})
    void objectsReadBackByteForByteWhateverTheirLength(int length) throws IOException {
        LocalObjectStore store = new LocalObjectStore(directory);
        roundTrip(store, length);
        try (Stream<Path> staged = Files.list(directory.resolve(".staging"))) {
            assertThat(staged).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4097, MIB + 1})
    void pageCacheWrites(int length) throws IOException {
        LocalObjectStore store = new LocalObjectStore(directory, false);
        assertThat(store.directWrites()).isFalse();
        roundTrip(store, length);
    }

    @org.junit.jupiter.api.Test
    void directWritesOnTheTestFileSystem() throws IOException {
        // ext4 here and in CI; a file system without O_DIRECT would fall back to page-cache writes
        assumeThat(Files.getFileStore(directory).type()).isIn("ext4", "xfs", "btrfs", "tmpfs");
        assertThat(new LocalObjectStore(directory).directWrites()).isTrue();
    }

    private static void roundTrip(LocalObjectStore store, int length) throws IOException {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        store.createBucket("bucket");
        store.putObject("bucket", "2026/11/26/object-" + length, out -> {
            // a mix of single bytes and odd-sized chunks, like the compressors write
            int position = 0;
            int chunk = 1;
            while (position < length) {
                if (chunk % 7 == 0) {
                    out.write(bytes[position++]);
                }
                else {
                    int n = Math.min(chunk * 997, length - position);
                    out.write(bytes, position, n);
                    position += n;
                }
                chunk++;
            }
        });
        Path file = store.objectPath("bucket", "2026/11/26/object-" + length);
        assertThat(Files.size(file)).isEqualTo(length);
        try (InputStream in = store.getObject("bucket", "2026/11/26/object-" + length)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }
}
