package dev.hydrant.application;

import static java.util.Objects.requireNonNull;

import dev.hydrant.control.DeliveryStreamManager;
import dev.hydrant.spi.AppendResult;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.FunctionInvoker;
import dev.hydrant.spi.ObjectStore;
import dev.hydrant.spi.RecordBatch;
import dev.hydrant.spi.RecordLog;
import dev.hydrant.spi.SqlApplicationEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a running application may use of the server: the delivery streams' logs to read, the same durable append as
 * PutRecordBatch to write, the local buckets, the functions, and {@code <data-dir>/applications/<name>/} for its state.
 * Rows an application writes count as the target stream's {@code IncomingRecords} and {@code IncomingBytes}, as
 * they do on AWS when Kinesis Analytics writes to a Firehose delivery stream.
 */
record ApplicationContext(DeliveryStreamManager deliveryStreams, ObjectStore store, FunctionInvoker functions, Path stateDirectory, EpochClock clock)
        implements SqlApplicationEngine.Context {
    ApplicationContext {
        requireNonNull(deliveryStreams, "deliveryStreams is null");
        requireNonNull(store, "store is null");
        requireNonNull(functions, "functions is null");
        requireNonNull(stateDirectory, "stateDirectory is null");
        requireNonNull(clock, "clock is null");
    }

    @Override
    public RecordLog log(String deliveryStream) {
        return deliveryStreams.log(deliveryStream);
    }

    @Override
    public CompletableFuture<AppendResult> put(String deliveryStream, List<byte[]> records) {
        RecordBatch batch = RecordBatch.of(records);
        deliveryStreams.metrics(deliveryStream).incoming(batch.count(), batch.dataBytes());
        return deliveryStreams.put(deliveryStream, batch);
    }
}
