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
 * How far an output has been appended to its delivery stream: the last batch appended completely, and the log
 * position after this output's last record. Written (fsynced, atomically renamed) after every batch, and once when
 * the output first runs, so that a batch a crash interrupted can be looked up in the log from that position.
 *
 * <pre>
 *   0        4          12          16            24
 *   | magic  | sequence | partition | end offset  |   magic "HCM2", big-endian; sequence -1: no batch yet
 * </pre>
 *
 * Version 1 ("HCM1": magic, sequence, chunks of 500 records done) is still read; it has no position.
 */
final class CommitMarker {
    private static final int MAGIC = 0x48434d32;
    private static final int LEGACY_MAGIC = 0x48434d31;
    static final int LEGACY_CHUNK_RECORDS = 500;

    private final Path file;
    private long sequence = -1;
    private int partition;
    private long endOffset = -1;
    private int legacyChunks;

    CommitMarker(Path file) {
        this.file = requireNonNull(file, "file is null");
        try {
            if (Files.exists(file)) {
                ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
                int magic = buffer.remaining() >= 4 ? buffer.getInt() : 0;
                if (magic == MAGIC && buffer.remaining() == 20) {
                    sequence = buffer.getLong();
                    partition = buffer.getInt();
                    endOffset = buffer.getLong();
                }
                else if (magic == LEGACY_MAGIC && buffer.remaining() == 12) {
                    sequence = buffer.getLong();
                    legacyChunks = buffer.getInt();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exists() {
        return Files.exists(file);
    }

    /** The last batch appended completely (or, in a version 1 marker, partly: see {@link #legacyChunks}). */
    long sequence() {
        return sequence;
    }

    /** The first sequence number no batch has used yet. */
    long nextSequence() {
        return sequence + 1;
    }

    int partition() {
        return partition;
    }

    /** Where this output's next records start, at the earliest; -1 when unknown (a version 1 marker). */
    long endOffset() {
        return endOffset;
    }

    /** Chunks of 500 records of batch {@link #sequence()} that a version 1 marker says were appended; 0 otherwise. */
    int legacyChunks() {
        return legacyChunks;
    }

    void record(long batchSequence, int logPartition, long logEndOffset) {
        sequence = batchSequence;
        partition = logPartition;
        endOffset = logEndOffset;
        legacyChunks = 0;
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.allocate(24).putInt(MAGIC).putLong(batchSequence).putInt(logPartition).putLong(logEndOffset).flip());
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
