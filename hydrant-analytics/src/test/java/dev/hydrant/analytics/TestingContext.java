package dev.hydrant.analytics;

import dev.hydrant.spi.AppendResult;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.FunctionInvoker;
import dev.hydrant.spi.RecordLog;
import dev.hydrant.spi.SqlApplicationEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run context over {@link TestingRecordLog}s, a {@link TestingObjectStore} and, when a test sets one, a function
 * invoker; put appends to partition 0 of the target log at clock time.
 */
final class TestingContext implements SqlApplicationEngine.Context {
    private final Map<String, TestingRecordLog> logs = new ConcurrentHashMap<>();
    private final Path stateDirectory;
    private final EpochClock clock;
    private final TestingObjectStore store = new TestingObjectStore();
    private volatile FunctionInvoker functions;

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

    void functions(FunctionInvoker functions) {
        this.functions = functions;
    }

    @Override
    public TestingObjectStore store() {
        return store;
    }

    @Override
    public FunctionInvoker functions() {
        if (functions == null) {
            throw new UnsupportedOperationException("no functions in this test");
        }
        return functions;
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
