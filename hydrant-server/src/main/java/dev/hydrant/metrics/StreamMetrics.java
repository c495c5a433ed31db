package dev.hydrant.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The meters of one delivery stream, under Firehose's CloudWatch metric names (dots become underscores in the
 * Prometheus exposition) with the {@code DeliveryStreamName} label, as CloudWatch's dimension is called.
 */
public final class StreamMetrics implements AutoCloseable {
    public static final String STREAM_TAG = "DeliveryStreamName";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter incomingBytes;
    private final Counter incomingRecords;
    private final Counter incomingPutRequests;
    private final Counter throttledRecords;
    private final Timer putRecordLatency;
    private final Timer putRecordBatchLatency;
    private final Counter deliveryRecords;
    private final Counter deliveryBytes;
    private final Counter deliveryObjects;
    private final Counter failedProcessingRecords;
    private final Counter succeedConversionRecords;
    private final Counter succeedConversionBytes;
    private final Counter failedConversionRecords;
    private final Counter failedConversionBytes;
    private final AtomicLong deliverySuccess = new AtomicLong(1);
    private final AtomicLong oldestUndeliveredArrival = new AtomicLong(-1);

    public StreamMetrics(MeterRegistry registry, String streamName, Supplier<Long> clockMillis) {
        this.registry = requireNonNull(registry, "registry is null");
        Tags tags = Tags.of(STREAM_TAG, streamName);
        incomingBytes = register(Counter.builder("IncomingBytes").tags(tags).register(registry));
        incomingRecords = register(Counter.builder("IncomingRecords").tags(tags).register(registry));
        incomingPutRequests = register(Counter.builder("IncomingPutRequests").tags(tags).register(registry));
        throttledRecords = register(Counter.builder("ThrottledRecords").tags(tags).register(registry));
        putRecordLatency = register(Timer.builder("PutRecord.Latency").tags(tags).publishPercentiles(0.5, 0.99).register(registry));
        putRecordBatchLatency = register(Timer.builder("PutRecordBatch.Latency").tags(tags).publishPercentiles(0.5, 0.99).register(registry));
        deliveryRecords = register(Counter.builder("DeliveryToS3.Records").tags(tags).register(registry));
        deliveryBytes = register(Counter.builder("DeliveryToS3.Bytes").tags(tags).register(registry));
        deliveryObjects = register(Counter.builder("DeliveryToS3.ObjectCount").tags(tags).register(registry));
        failedProcessingRecords = register(Counter.builder("FailedProcessing.Records").tags(tags).register(registry));
        succeedConversionRecords = register(Counter.builder("SucceedConversion.Records").tags(tags).register(registry));
        succeedConversionBytes = register(Counter.builder("SucceedConversion.Bytes").tags(tags).register(registry));
        failedConversionRecords = register(Counter.builder("FailedConversion.Records").tags(tags).register(registry));
        failedConversionBytes = register(Counter.builder("FailedConversion.Bytes").tags(tags).register(registry));
        register(Gauge.builder("DeliveryToS3.Success", deliverySuccess, AtomicLong::get).tags(tags).register(registry));
        register(Gauge.builder("DeliveryToS3.DataFreshness", oldestUndeliveredArrival, oldest -> {
                    long arrival = oldest.get();
                    return arrival < 0 ? 0 : Math.max(0, (clockMillis.get() - arrival) / 1000.0);
                })
                .tags(tags).register(registry));
    }

    private <M extends Meter> M register(M meter) {
        meters.add(meter);
        return meter;
    }

    public void incoming(int records, long bytes) {
        incomingPutRequests.increment();
        incomingRecords.increment(records);
        incomingBytes.increment(bytes);
    }

    public void throttled(int records) {
        throttledRecords.increment(records);
    }

    public Timer putRecordLatency() {
        return putRecordLatency;
    }

    public Timer putRecordBatchLatency() {
        return putRecordBatchLatency;
    }

    public void delivered(int records, long bytes) {
        deliveryRecords.increment(records);
        deliveryBytes.increment(bytes);
        deliveryObjects.increment();
        deliverySuccess.set(1);
    }

    /** Records written to the processing-failed error output. */
    public void processingFailed(int records) {
        failedProcessingRecords.increment(records);
    }

    /** Records (and their JSON bytes) that data format conversion turned into rows of a Parquet or ORC object. */
    public void conversionSucceeded(int records, long bytes) {
        succeedConversionRecords.increment(records);
        succeedConversionBytes.increment(bytes);
    }

    /** Records (and their bytes) written to the format-conversion-failed error output. */
    public void conversionFailed(int records, long bytes) {
        failedConversionRecords.increment(records);
        failedConversionBytes.increment(bytes);
    }

    public void deliveryFailed() {
        deliverySuccess.set(0);
    }

    /** Arrival time of the oldest record not yet delivered, or -1 when everything is delivered. */
    public void oldestUndelivered(long arrivalMillis) {
        oldestUndeliveredArrival.set(arrivalMillis);
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
