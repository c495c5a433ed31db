package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * How far an output has been appended to its delivery stream: the last batch sequence and how many of its chunks.
 * Written (fsynced, atomically renamed) after every chunk the log has acknowledged.
 *
 * <pre>
 *   0        4         12        16
 *   | magic  | sequence | chunks  |   magic "HCM1", big-endian
 * </pre>
 */
final class CommitMarker {
    private static final int MAGIC = 0x48434d31;

    private final Path file;
    private long sequence = -1;
    private int chunks;

    CommitMarker(Path file) {
        this.file = requireNonNull(file, "file is null");
        try {
            if (Files.exists(file)) {
                ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
                if (buffer.remaining() == 16 && buffer.getInt() == MAGIC) {
                    sequence = buffer.getLong();
                    chunks = buffer.getInt();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Chunks of batch {@code batchSequence} already appended: all of them for older batches. */
    int chunksDone(long batchSequence) {
        if (batchSequence < sequence) {
            return Integer.MAX_VALUE;
        }
        return batchSequence == sequence ? chunks : 0;
    }

    /** The first sequence number no batch has used yet. */
    long nextSequence() {
        return sequence + 1;
    }

    void record(long batchSequence, int chunksDone) {
        sequence = batchSequence;
        chunks = chunksDone;
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.allocate(16).putInt(MAGIC).putLong(batchSequence).putInt(chunksDone).flip());
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
