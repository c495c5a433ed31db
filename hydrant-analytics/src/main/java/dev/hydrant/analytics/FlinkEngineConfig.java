package dev.hydrant.analytics;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the embedded Flink MiniCluster.
 *
 * @param workDirectory Flink's temporary files (blobs, spill files); each engine uses a subdirectory named after its
 *     process id, and subdirectories of processes no longer alive are purged when the engine starts
 * @param taskSlots concurrent applications the cluster can run (one slot each, parallelism 1)
 * @param checkpointInterval how often applications checkpoint; output rows are appended when a checkpoint completes,
 *     so this is also the output latency
 * @param managedMemoryMebibytes Flink managed memory, shared by the slots (window aggregation buffers, sorting); taken
 *     only when an operator asks for it. The default gives each of the 8 slots 32 MiB: with 2 MiB per slot a window
 *     aggregation cannot open its buffers ("minBucketMemorySize is not valid")
 * @param networkMemoryMebibytes Flink network buffers
 */
public record FlinkEngineConfig(Path workDirectory, int taskSlots, Duration checkpointInterval, int managedMemoryMebibytes, int networkMemoryMebibytes) {
    public FlinkEngineConfig {
        requireNonNull(workDirectory, "workDirectory is null");
        requireNonNull(checkpointInterval, "checkpointInterval is null");
        if (taskSlots < 1) {
            throw new IllegalArgumentException("taskSlots must be positive: " + taskSlots);
        }
        if (checkpointInterval.toMillis() < 10) {
            throw new IllegalArgumentException("checkpointInterval must be at least 10 ms: " + checkpointInterval);
        }
    }

    public static FlinkEngineConfig defaults() {
        return new FlinkEngineConfig(Path.of(System.getProperty("java.io.tmpdir"), "hydrant-flink-" + System.getProperty("user.name")),
                8, Duration.ofSeconds(1), 256, 32);
    }

    public FlinkEngineConfig withCheckpointInterval(Duration interval) {
        return new FlinkEngineConfig(workDirectory, taskSlots, interval, managedMemoryMebibytes, networkMemoryMebibytes);
    }
}
