package dev.hydrant.benchmarks;

import dev.hydrant.generator.TelemetryGenerator;
import dev.hydrant.log.LogConfig;
import dev.hydrant.log.SegmentedLog;
import dev.hydrant.spi.AppendResult;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.RecordBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable appends to the embedded log, in records per second: each operation is a {@link SegmentedLog#append} of a
 * 500-record batch of F1 telemetry (about 500 KB), waited on until the appender has written and fsynced it.
 *
 * <p>{@link #appendOneThread} has one producer, so every append pays for its own fsync. {@link #appendFourThreads}
 * has four, and the appender's group commit lets the appends queued during one fsync share the next.
 *
 * <p>The log lives in a fresh directory under {@code java.io.tmpdir} (pass {@code -jvmArgs -Djava.io.tmpdir=...} to
 * measure another disk) and is deleted after the trial. A consumer {@code bench} commits the end of the log every
 * {@value #APPENDS_PER_COMMIT} appends, as delivery would, so that retention deletes old segments and the log never
 * reaches its cap on undelivered bytes. That commit (a state file write with fsync) is part of the measured time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(SegmentedLogAppendBenchmark.RECORDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class SegmentedLogAppendBenchmark {
    static final int RECORDS = 500;
    static final int APPENDS_PER_COMMIT = 64;
    private static final String CONSUMER = "bench";
    private static final int PARTITION = 0;

    private final AtomicLong appends = new AtomicLong();
    private Path directory;
    private SegmentedLog log;
    private RecordBatch batch;

    @Setup(Level.Trial)
    public void openLog() throws IOException {
        TelemetryGenerator generator = new TelemetryGenerator(42L);
        List<byte[]> records = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            records.add(generator.next());
        }
        batch = RecordBatch.of(records);
        directory = Files.createTempDirectory("hydrant-log-benchmark-");
        log = SegmentedLog.open("bench", directory, LogConfig.defaults(), EpochClock.SYSTEM);
        log.registerConsumer(CONSUMER, PARTITION);
    }

    @TearDown(Level.Trial)
    public void deleteLog() throws IOException {
        if (log != null) {
            log.close();
        }
        if (directory != null) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Benchmark
    @Threads(1)
    public AppendResult appendOneThread() {
        return append();
    }

    @Benchmark
    @Threads(4)
    public AppendResult appendFourThreads() {
        return append();
    }

    private AppendResult append() {
        AppendResult result = log.append(PARTITION, batch, System.currentTimeMillis()).join();
        if (!(result instanceof AppendResult.Appended)) {
            // A refused append returns at once; counting it would report a rate that was never written.
            throw new IllegalStateException("Append was not written: " + result);
        }
        if (appends.incrementAndGet() % APPENDS_PER_COMMIT == 0) {
            commitEverything();
        }
        return result;
    }

    /** Commits the end of the log so retention can delete the segments before it. */
    private synchronized void commitEverything() {
        log.commit(CONSUMER, PARTITION, log.endOffset(PARTITION));
    }
}
