package dev.hydrant.analytics;

import dev.hydrant.spi.AppendResult;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.FunctionInvoker;
import dev.hydrant.spi.ObjectStore;
import dev.hydrant.spi.RecordLog;
import dev.hydrant.spi.SqlApplicationEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** A run context over {@link TestingRecordLog}s; put appends to partition 0 of the target log at clock time. */
final class TestingContext implements SqlApplicationEngine.Context {
    private final Map<String, TestingRecordLog> logs = new ConcurrentHashMap<>();
    private final Path stateDirectory;
    private final EpochClock clock;

    TestingContext(Path stateDirectory, EpochClock clock) {
        this.stateDirectory = stateDirectory;
        this.clock = clock;
    }

    TestingRecordLog createLog(String deliveryStream, int partitions) {
        TestingRecordLog log = new TestingRecordLog(deliveryStream, partitions);
        logs.put(deliveryStream, log);
        return log;
    }

    @Override
    public TestingRecordLog log(String deliveryStream) {
        TestingRecordLog log = logs.get(deliveryStream);
        if (log == null) {
            throw new IllegalArgumentException("no delivery stream " + deliveryStream);
        }
        return log;
    }

    @Override
    public CompletableFuture<AppendResult> put(String deliveryStream, List<byte[]> records) {
        return log(deliveryStream).append(0, records, clock.millis());
    }

    @Override
    public ObjectStore store() {
        throw new UnsupportedOperationException("no object store in these tests");
    }

    @Override
    public FunctionInvoker functions() {
        throw new UnsupportedOperationException("no functions in these tests");
    }

    @Override
    public Path stateDirectory() {
        return stateDirectory;
    }

    @Override
    public EpochClock clock() {
        return clock;
    }
}
