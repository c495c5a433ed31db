package dev.hydrant.spi;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A durable, partitioned, append-only log of records, the buffer between ingestion and delivery.
 * The embedded implementation keeps segment files on local disk; a Kafka topic can take its place.
 *
 * <p>Consumers (delivery tasks, analytics applications) commit the offset they have durably processed;
 * data is retained until every registered consumer has committed past it.
 */
public interface RecordLog extends AutoCloseable {
    String name();

    int partitionCount();

    /**
     * Appends records, all with the same arrival timestamp, to one partition. The future completes once
     * the records are durable (fsynced), or with {@link AppendResult.Backpressured} when a cap is reached.
     */
    CompletableFuture<AppendResult> append(int partition, RecordBatch records, long arrivalTimestamp);

    /** Convenience form of {@link #append(int, RecordBatch, long)}. */
    default CompletableFuture<AppendResult> append(int partition, List<byte[]> records, long arrivalTimestamp) {
        return append(partition, RecordBatch.of(records), arrivalTimestamp);
    }

    /** Offset one past the last durable record of the partition. */
    long endOffset(int partition);

    /** Offset of the oldest record still retained. */
    long startOffset(int partition);

    LogReader reader(int partition, long fromOffset);

    /** Registers a consumer that holds back retention; returns its committed offset (start offset if new). */
    long registerConsumer(String consumer, int partition);

    /** Records that {@code consumer} has durably processed everything before {@code offset}. */
    void commit(String consumer, int partition, long offset);

    /** Removes a consumer so that it no longer holds back retention. */
    void unregisterConsumer(String consumer);

    /** Called with the partition whenever new durable records are available; used to wake readers. */
    void onAppend(AppendListener listener);

    @FunctionalInterface
    interface AppendListener {
        void appended(int partition, long endOffset);
    }

    @Override
    void close();
}
