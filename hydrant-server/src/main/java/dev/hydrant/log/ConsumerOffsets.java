package dev.hydrant.log;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.storage.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Committed offsets of a log's consumers, kept in {@code consumers.json} next to the partitions and replaced
 * atomically on every commit: {@code {"delivery": [1200], "app:example": [1100]}} (one offset per partition).
 */
final class ConsumerOffsets {
    static final String FILE_NAME = "consumers.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final Map<String, long[]> offsets;

    private ConsumerOffsets(Path file, Map<String, long[]> offsets) {
        this.file = requireNonNull(file, "file is null");
        this.offsets = offsets;
    }

    static ConsumerOffsets load(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        Map<String, long[]> offsets = new TreeMap<>();
        if (Files.exists(file)) {
            offsets.putAll(MAPPER.readValue(file.toFile(), new TypeReference<HashMap<String, long[]>>() {}));
        }
        return new ConsumerOffsets(file, offsets);
    }

    synchronized long[] get(String consumer) {
        long[] committed = offsets.get(consumer);
        return committed == null ? null : committed.clone();
    }

    synchronized void put(String consumer, long[] committed) {
        offsets.put(consumer, committed.clone());
        save();
    }

    synchronized void remove(String consumer) {
        if (offsets.remove(consumer) != null) {
            save();
        }
    }

    /** The lowest offset committed by any consumer for the partition, or -1 when there are no consumers. */
    synchronized long minimum(int partition) {
        return offsets.values().stream().mapToLong(committed -> committed[partition]).min().orElse(-1);
    }

    synchronized boolean isEmpty() {
        return offsets.isEmpty();
    }

    private void save() {
        try {
            AtomicFiles.write(file, MAPPER.writeValueAsBytes(offsets));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to save consumer offsets to " + file, e);
        }
    }
}
