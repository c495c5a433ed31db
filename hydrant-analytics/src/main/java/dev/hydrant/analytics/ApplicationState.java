package dev.hydrant.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The layout of an application's state directory:
 * <pre>
 *   checkpoints/&lt;job id&gt;/chk-N/_metadata   retained checkpoints (the newest survives cancel and crash)
 *   savepoints/savepoint-.../_metadata         written by stop()
 *   last-stopped-point                         the path of the savepoint of the last stop()
 *   outputs/&lt;output id&gt;.committed           how far each output has been appended
 * </pre>
 * LAST_STOPPED_POINT restores the newest of the last stop's savepoint and the newest retained checkpoint.
 */
final class ApplicationState {
    private static final String POINTER = "last-stopped-point";

    private ApplicationState() {}

    static Path checkpoints(Path stateDirectory) {
        return stateDirectory.resolve("checkpoints");
    }

    static Path savepoints(Path stateDirectory) {
        return stateDirectory.resolve("savepoints");
    }

    static void recordStoppedPoint(Path stateDirectory, String savepointPath) {
        try {
            Files.createDirectories(stateDirectory);
            Path temporary = stateDirectory.resolve(POINTER + ".tmp");
            Files.writeString(temporary, savepointPath, StandardCharsets.UTF_8);
            Files.move(temporary, stateDirectory.resolve(POINTER), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The savepoint or checkpoint directory LAST_STOPPED_POINT resumes from, if any. */
    static Optional<Path> lastStoppedPoint(Path stateDirectory) {
        Optional<Path> savepoint = Optional.empty();
        Path pointer = stateDirectory.resolve(POINTER);
        try {
            if (Files.exists(pointer)) {
                String text = Files.readString(pointer, StandardCharsets.UTF_8).trim();
                Path path = text.contains(":") ? Path.of(URI.create(text)) : Path.of(text);
                if (Files.exists(path.resolve("_metadata"))) {
                    savepoint = Optional.of(path);
                }
            }
            Optional<Path> checkpoint = newestCheckpoint(checkpoints(stateDirectory));
            if (savepoint.isEmpty()) {
                return checkpoint;
            }
            if (checkpoint.isEmpty()) {
                return savepoint;
            }
            return modified(checkpoint.get().resolve("_metadata")) > modified(savepoint.get().resolve("_metadata")) ? checkpoint : savepoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flink deletes subsumed checkpoints asynchronously, so a directory may vanish while it is walked: walk again. */
    private static Optional<Path> newestCheckpoint(Path checkpoints) throws IOException {
        for (int attempt = 1; ; attempt++) {
            if (!Files.isDirectory(checkpoints)) {
                return Optional.empty();
            }
            try (Stream<Path> files = Files.find(checkpoints, 3, (path, attributes) -> path.getFileName().toString().equals("_metadata")
                    && path.getParent().getFileName().toString().startsWith("chk-"))) {
                return files.filter(path -> modified(path) >= 0)
                        .max(Comparator.comparing(ApplicationState::modified)).map(Path::getParent);
            } catch (UncheckedIOException | NoSuchFileException e) {
                Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
                if (!(cause instanceof NoSuchFileException) || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** The file's modification time, or -1 when it no longer exists. */
    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
