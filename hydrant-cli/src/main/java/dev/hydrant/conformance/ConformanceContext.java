package dev.hydrant.conformance;

import static java.util.Objects.requireNonNull;

import dev.hydrant.destination.local.LocalObjectStore;
import dev.hydrant.log.LogConfig;
import dev.hydrant.log.SegmentedLog;
import dev.hydrant.spi.AppendResult;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.FunctionInvoker;
import dev.hydrant.spi.RecordBatch;
import dev.hydrant.spi.RecordLog;
import dev.hydrant.spi.SqlApplicationEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What a case's run may use: the server's own segmented logs (one per delivery stream, one partition each, in
 * {@code <directory>/streams/<name>}) and local buckets ({@code <directory>/buckets}), with the same append as the
 * server's PutRecordBatch. The clock stands still at {@code now}, so that error_stream's ERROR_TIME is reproducible.
 * Input preprocessing functions are not available.
 */
final class ConformanceContext implements SqlApplicationEngine.Context, AutoCloseable {
    /** Small segments: a case holds a handful of records. */
    private static final LogConfig LOG_CONFIG = new LogConfig(1024 * 1024, LogConfig.DEFAULT_MAX_RETAINED_BYTES, Long.MAX_VALUE, 1);

    private final Path directory;
    private final EpochClock clock;
    private final LocalObjectStore store;
    private final Map<String, SegmentedLog> logs = new LinkedHashMap<>();

    ConformanceContext(Path directory, long now) throws IOException {
        this.directory = requireNonNull(directory, "directory is null");
        this.clock = () -> now;
        this.store = new LocalObjectStore(directory.resolve("buckets"));
        Files.createDirectories(stateDirectory());
    }

    /** Creates the log of a delivery stream. */
    synchronized SegmentedLog createLog(String deliveryStream) throws IOException {
        if (logs.containsKey(deliveryStream)) {
            throw new IllegalArgumentException("delivery stream " + deliveryStream + " exists");
        }
        SegmentedLog log = SegmentedLog.open(deliveryStream, directory.resolve("streams").resolve(deliveryStream), LOG_CONFIG, clock);
        logs.put(deliveryStream, log);
        return log;
    }

    @Override
    public synchronized RecordLog log(String deliveryStream) {
        SegmentedLog log = logs.get(deliveryStream);
        if (log == null) {
            throw new IllegalArgumentException("no delivery stream " + deliveryStream);
        }
        return log;
    }

    @Override
    public CompletableFuture<AppendResult> put(String deliveryStream, List<byte[]> records) {
        return log(deliveryStream).append(0, RecordBatch.of(records), clock.millis());
    }

    @Override
    public LocalObjectStore store() {
        return store;
    }

    @Override
    public FunctionInvoker functions() {
        throw new UnsupportedOperationException("conformance cases have no input preprocessing functions");
    }

    @Override
    public Path stateDirectory() {
        return directory.resolve("state");
    }

    @Override
    public EpochClock clock() {
        return clock;
    }

    @Override
    public synchronized void close() {
        List<SegmentedLog> open = new ArrayList<>(logs.values());
        logs.clear();
        for (SegmentedLog log : open) {
            log.close();
        }
    }
}
