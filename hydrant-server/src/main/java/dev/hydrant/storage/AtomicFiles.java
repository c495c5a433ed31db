package dev.hydrant.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file replacement: write a temp file in the same directory, fsync it, rename it over the target,
 * then fsync the directory so that the rename itself survives a crash. Readers see the old or the new file,
 * never a torn one.
 */
public final class AtomicFiles {
    private static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {}

    public static void write(Path target, byte[] content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = directory.resolve("." + target.getFileName() + "." + Thread.currentThread().getId() + TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        moveDurably(temp, target);
    }

    /** Renames {@code source} over {@code target} atomically and fsyncs the target's directory. */
    public static void moveDurably(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Makes creations, renames and deletions inside {@code directory} durable. */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** True for the temp files this class leaves behind when a crash interrupts a write. */
    public static boolean isTempFile(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }
}
