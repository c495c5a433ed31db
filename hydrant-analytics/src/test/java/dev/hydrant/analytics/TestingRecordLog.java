package dev.hydrant.analytics;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.AppendResult;
import dev.hydrant.spi.LogReader;
import dev.hydrant.spi.LogRecord;
import dev.hydrant.spi.RecordBatch;
import dev.hydrant.spi.RecordLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory {@link RecordLog}: no retention, no durability; can refuse appends to simulate backpressure. */
final class TestingRecordLog implements RecordLog {
    private final String name;
    private final List<List<LogRecord>> partitions = new ArrayList<>();
    private final Map<String, Long> committed = new ConcurrentHashMap<>();
    private final List<AppendListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger backpressureNext = new AtomicInteger();

    TestingRecordLog(String name, int partitionCount) {
        this.name = requireNonNull(name, "name is null");
        for (int i = 0; i < partitionCount; i++) {
            partitions.add(new ArrayList<>());
        }
    }

    /** The next {@code count} appends answer Backpressured. */
    void backpressureNext(int count) {
        backpressureNext.set(count);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int partitionCount() {
        return partitions.size();
    }

    @Override
    public CompletableFuture<AppendResult> append(int partition, RecordBatch records, long arrivalTimestamp) {
        if (backpressureNext.getAndUpdate(count -> Math.max(0, count - 1)) > 0) {
            return CompletableFuture.completedFuture(new AppendResult.Backpressured("testing"));
        }
        long first;
        long end;
        synchronized (this) {
            List<LogRecord> log = partitions.get(partition);
            first = log.size();
            for (int i = 0; i < records.count(); i++) {
                log.add(new LogRecord(log.size(), arrivalTimestamp, records.record(i)));
            }
            end = log.size();
        }
        listeners.forEach(listener -> listener.appended(partition, end));
        return CompletableFuture.completedFuture(new AppendResult.Appended(partition, first, records.count()));
    }

    /** All records of all partitions, partition by partition. */
    synchronized List<byte[]> records() {
        List<byte[]> all = new ArrayList<>();
        partitions.forEach(partition -> partition.forEach(record -> all.add(record.data())));
        return all;
    }

    @Override
    public synchronized long endOffset(int partition) {
        return partitions.get(partition).size();
    }

    @Override
    public long startOffset(int partition) {
        return 0;
    }

    @Override
    public LogReader reader(int partition, long fromOffset) {
        return new LogReader() {
            private long position = fromOffset;

            @Override
            public long position() {
                return position;
            }

            @Override
            public void seek(long offset) {
                position = offset;
            }

            @Override
            public int poll(List<LogRecord> into, int maxRecords, long maxBytes) {
                synchronized (TestingRecordLog.this) {
                    List<LogRecord> log = partitions.get(partition);
                    int added = 0;
                    while (position < log.size() && added < maxRecords) {
                        into.add(log.get((int) position++));
                        added++;
                    }
                    return added;
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public long registerConsumer(String consumer, int partition) {
        return committed.computeIfAbsent(consumer + "#" + partition, key -> 0L);
    }

    @Override
    public void commit(String consumer, int partition, long offset) {
        committed.put(consumer + "#" + partition, offset);
    }

    Long committedOffset(String consumer, int partition) {
        return committed.get(consumer + "#" + partition);
    }

    @Override
    public void unregisterConsumer(String consumer) {
        committed.keySet().removeIf(key -> key.startsWith(consumer + "#"));
    }

    @Override
    public void onAppend(AppendListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {}
}
