package dev.hydrant.delivery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.control.DataFormatConversion;
import dev.hydrant.control.DeliveryStream;
import dev.hydrant.control.DynamicPartitioningConfig;
import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.metrics.StreamMetrics;
import dev.hydrant.processor.ProcessingChain;
import dev.hydrant.processor.ProcessingChain.FailedRecord;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.ErrorType;
import dev.hydrant.spi.FormatRecord;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.LogReader;
import dev.hydrant.spi.LogRecord;
import dev.hydrant.spi.ObjectStore;
import dev.hydrant.spi.ProcessingResult.ProcessingFailed;
import dev.hydrant.spi.ProcessorRecord;
import dev.hydrant.spi.RecordFormatWriter;
import dev.hydrant.spi.RecordFormatWriterFactory;
import dev.hydrant.spi.RecordLog;
import dev.hydrant.storage.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The data plane of one delivery stream: reads the stream's log, runs the records through the stream's processors,
 * buffers them by BufferingHints, and writes each buffer as objects into the destination bucket. The log cursor is
 * committed only after every object of a buffer is durable (Kafka Connect's rule), and each object's key is derived
 * from its log offsets, so redelivery after a crash rewrites the same keys: exactly-once objects.
 *
 * <p>With processors, records go through three stages: read from the log into a processing batch (sized by the
 * Lambda processor's BufferSizeInMBs and BufferIntervalInSeconds, but never held longer than the delivery interval),
 * in flight (up to {@link #MAX_BATCHES_IN_FLIGHT} batches at once, completed in log order), and buffered for
 * delivery. A buffer covers a contiguous range of log offsets; its flush writes the delivered records (one object per
 * dynamic partition), the {@code processing-failed} error documents, and with S3BackupMode the untransformed source
 * records, then commits the range.
 *
 * <p>With DataFormatConversionConfiguration enabled, each object's records are converted to one Parquet or ORC
 * object by a {@link RecordFormatWriter} (created on the task's thread when it starts, so a missing
 * {@code hydrant-format} stops the task visibly). Records that do not convert go to one
 * {@code format-conversion-failed} error object per buffer; an object none of whose records converts is not written.
 */
public final class DeliveryTask implements AutoCloseable {
    public static final String CONSUMER = "delivery";
    public static final String PROCESSING_FAILED = "processing-failed";
    public static final String FORMAT_CONVERSION_FAILED = "format-conversion-failed";
    public static final String PARTITION_KEY_MISSING = "DynamicPartitioning.PartitionKeyMissing";
    public static final String PARTITION_COUNT_EXCEEDED = "DynamicPartitioning.PartitionCountExceeded";
    static final int MAX_BATCHES_IN_FLIGHT = 5;
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryTask.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long INITIAL_BACKOFF_MILLIS = 1000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final int PARTITION = 0;
    /** Records read from the log at a time when an object is written from it. */
    private static final int REREAD_RECORDS = 4096;
    private static final long REREAD_BYTES = 4L * 1024 * 1024;

    private final DeliveryStream stream;
    private final RecordLog log;
    private final ObjectStore store;
    private final Path intentFile;
    private final EpochClock clock;
    private final StreamMetrics metrics;
    private final ErrorEventLog errorEventLog;
    private final ObjectKeyFormat keyFormat;
    private final ObjectKeyFormat backupKeyFormat;
    private final ProcessingChain processing;
    private final ProcessingBatching batching;
    private final Thread thread;
    /** Set on the task's thread before the first delivery when the stream converts formats; null otherwise. */
    private RecordFormatWriter formatWriter;
    private final List<LogRecord> unprocessed = new ArrayList<>();
    private long unprocessedBytes;
    private final ArrayDeque<InFlightBatch> inFlight = new ArrayDeque<>();
    /**
     * Whether buffers keep only offsets and sizes, and objects are written by reading their records from the log again:
     * the plain path (no processors, no format conversion, no backup). A buffer of up to 128 MiB then holds no records
     * on the heap, where the garbage collector would copy them around until the flush.
     */
    private final boolean rereadsLog;
    private Buffer buffer;
    private volatile boolean running = true;
    private volatile boolean drainOnStop = true;
    private volatile Throwable failure;
    private long errors;

    /**
     * @param processing the stream's processors; empty when processing is disabled
     * @param batching how the records are batched for the processors
     * @param errorEventLog where delivery errors are reported when CloudWatchLoggingOptions are enabled, or null
     */
    public DeliveryTask(
            DeliveryStream stream,
            RecordLog log,
            ObjectStore store,
            Path stateDirectory,
            EpochClock clock,
            StreamMetrics metrics,
            ErrorEventLog errorEventLog,
            ProcessingChain processing,
            ProcessingBatching batching) {
        this.stream = requireNonNull(stream, "stream is null");
        this.log = requireNonNull(log, "log is null");
        this.store = requireNonNull(store, "store is null");
        this.intentFile = requireNonNull(stateDirectory, "stateDirectory is null").resolve("pending-object.json");
        this.clock = requireNonNull(clock, "clock is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.errorEventLog = errorEventLog;
        this.processing = requireNonNull(processing, "processing is null");
        this.batching = requireNonNull(batching, "batching is null");
        this.keyFormat = new ObjectKeyFormat(stream.name(), stream.destination());
        this.backupKeyFormat = stream.destination().backupEnabled() ? new ObjectKeyFormat(stream.name(), stream.destination().backup()) : null;
        this.thread = new Thread(this::run, "delivery-" + stream.name());
        this.thread.setDaemon(true);
        this.rereadsLog = processing.isEmpty() && !stream.destination().dataFormatConversion().enabled() && backupKeyFormat == null;
        this.buffer = new Buffer(!rereadsLog);
    }

    /** A task without processors. */
    public DeliveryTask(DeliveryStream stream, RecordLog log, ObjectStore store, Path stateDirectory, EpochClock clock, StreamMetrics metrics, ErrorEventLog errorEventLog) {
        this(stream, log, store, stateDirectory, clock, metrics, errorEventLog, new ProcessingChain(List.of()), ProcessingBatching.IMMEDIATE);
    }

    public void start() {
        thread.start();
    }

    /** Wakes the task because new records are durable in the log, or a processing batch completed. */
    public void wake() {
        LockSupport.unpark(thread);
    }

    public DeliveryStream stream() {
        return stream;
    }

    public StreamMetrics metrics() {
        return metrics;
    }

    /** The error that stopped the task, or null while it runs or after a clean stop. */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        MDC.put("stream", stream.name());
        MDC.put("task", "delivery");
        try {
            formatWriter = createFormatWriter();
            long committed = log.registerConsumer(CONSUMER, PARTITION);
            try (LogReader reader = log.reader(PARTITION, committed)) {
                redeliverPendingObject(reader, committed);
                loop(reader);
            }
        }
        catch (Throwable e) {
            failure = e;
            LOG.error("Delivery task of {} stopped: {}", stream.name(), e.toString(), e);
        }
    }

    private RecordFormatWriter createFormatWriter() {
        DataFormatConversion conversion = stream.destination().dataFormatConversion();
        if (!conversion.enabled()) {
            return null;
        }
        try {
            return RecordFormatWriterFactory.load().create(conversion.toFormatConversionConfig());
        }
        catch (HydrantException e) {
            throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Delivery stream " + stream.name()
                    + " cannot convert record formats: " + e.getMessage(), e);
        }
    }

    private void redeliverPendingObject(LogReader reader, long committed) throws IOException {
        if (!Files.exists(intentFile)) {
            return;
        }
        PendingObject pending = MAPPER.readValue(intentFile.toFile(), PendingObject.class);
        if (pending.startOffset() != committed || pending.endOffset() <= committed) {
            return;
        }
        List<LogRecord> records = new ArrayList<>();
        while (reader.position() < pending.endOffset()) {
            if (reader.poll(records, (int) Math.min(Integer.MAX_VALUE, pending.endOffset() - reader.position()), Long.MAX_VALUE) == 0) {
                throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Log ends before the pending object's end offset " + pending.endOffset());
            }
        }
        LOG.info("Redelivering objects for offsets {}..{} after restart", pending.startOffset(), pending.endOffset());
        Buffer redelivery = new Buffer(!rereadsLog);
        if (processing.isEmpty()) {
            redelivery.addUnprocessed(records);
        }
        else {
            InFlightBatch batch = submit(records);
            redelivery.addProcessed(batch, await(batch.result()), clock.millis(), stream.destination().backupEnabled());
        }
        deliverWithRetries(redelivery, pending.versionId());
    }

    private void loop(LogReader reader) throws IOException {
        S3DestinationConfig destination = stream.destination();
        long sizeLimit = destination.bufferingHints().sizeInBytes();
        long intervalMillis = destination.bufferingHints().intervalInMillis();
        boolean processed = !processing.isEmpty();
        long submitIntervalMillis = Math.min(intervalMillis, batching.intervalMillis());
        while (true) {
            boolean stopping = !running;
            if (stopping && !drainOnStop) {
                return;
            }
            int polled = 0;
            if (!processed) {
                long room = sizeLimit - buffer.bytes;
                if (room > 0 && rereadsLog) {
                    Buffer current = buffer;
                    polled = reader.read(100_000, room, (offset, arrivalTimestamp, data, from, length) -> current.add(offset, arrivalTimestamp, length));
                }
                else if (room > 0) {
                    int before = buffer.sources.size();
                    polled = reader.poll(buffer.sources, 100_000, room);
                    buffer.afterPoll(before);
                }
            }
            else {
                long room = batching.sizeBytes() - unprocessedBytes;
                if (room > 0 && inFlight.size() < MAX_BATCHES_IN_FLIGHT && buffer.bytes < sizeLimit) {
                    int before = unprocessed.size();
                    polled = reader.poll(unprocessed, 100_000, room);
                    for (int index = before; index < unprocessed.size(); index++) {
                        unprocessedBytes += unprocessed.get(index).data().length;
                    }
                }
                if (!unprocessed.isEmpty() && inFlight.size() < MAX_BATCHES_IN_FLIGHT
                        && (unprocessedBytes >= batching.sizeBytes()
                        || clock.millis() - unprocessed.get(0).arrivalTimestamp() >= submitIntervalMillis
                        || stopping)) {
                    inFlight.add(submit(unprocessed));
                    unprocessed.clear();
                    unprocessedBytes = 0;
                }
                while (!inFlight.isEmpty() && inFlight.peek().result().isDone()) {
                    InFlightBatch batch = inFlight.poll();
                    buffer.addProcessed(batch, await(batch.result()), clock.millis(), destination.backupEnabled());
                }
            }
            long oldest = processed ? oldestUndelivered() : buffer.oldestArrival;
            metrics.oldestUndelivered(oldest == Long.MAX_VALUE ? -1 : oldest);
            boolean full = buffer.bytes >= sizeLimit;
            boolean due = !buffer.isEmpty() && clock.millis() - buffer.oldestArrival >= intervalMillis;
            if (!buffer.isEmpty() && (full || due || stopping)) {
                if (!deliverWithRetries(buffer, stream.versionId())) {
                    return;
                }
                buffer = new Buffer(!rereadsLog);
                continue;
            }
            if (stopping && polled == 0 && buffer.isEmpty() && unprocessed.isEmpty() && inFlight.isEmpty()) {
                return;
            }
            if (polled > 0) {
                continue;
            }
            long now = clock.millis();
            long wakeAt = Long.MAX_VALUE;
            if (!buffer.isEmpty()) {
                wakeAt = buffer.oldestArrival + intervalMillis;
            }
            if (!unprocessed.isEmpty() && inFlight.size() < MAX_BATCHES_IN_FLIGHT) {
                wakeAt = Math.min(wakeAt, unprocessed.get(0).arrivalTimestamp() + submitIntervalMillis);
            }
            long parkMillis = wakeAt == Long.MAX_VALUE ? Long.MAX_VALUE : wakeAt - now;
            LockSupport.parkNanos(Math.max(1, Math.min(MAX_IDLE_PARK_NANOS, TimeUnit.MILLISECONDS.toNanos(parkMillis))));
        }
    }

    private long oldestUndelivered() {
        long oldest = buffer.oldestArrival;
        InFlightBatch first = inFlight.peek();
        if (first != null && !first.sources().isEmpty()) {
            oldest = Math.min(oldest, first.sources().get(0).arrivalTimestamp());
        }
        if (!unprocessed.isEmpty()) {
            oldest = Math.min(oldest, unprocessed.get(0).arrivalTimestamp());
        }
        return oldest;
    }

    private InFlightBatch submit(List<LogRecord> sources) {
        List<LogRecord> batchSources = List.copyOf(sources);
        List<ProcessorRecord> records = new ArrayList<>(batchSources.size());
        for (LogRecord source : batchSources) {
            records.add(ProcessorRecord.of(source.data(), source.arrivalTimestamp()));
        }
        CompletableFuture<ProcessingChain.Result> result;
        try {
            result = processing.process(records);
        }
        catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((ignored, error) -> wake());
        return new InFlightBatch(batchSources, result);
    }

    private static ProcessingChain.Result await(CompletableFuture<ProcessingChain.Result> result) {
        try {
            return result.join();
        }
        catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HydrantException hydrantException) {
                throw hydrantException;
            }
            throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Processing failed: " + cause, cause);
        }
    }

    /** Delivers one buffer, retrying external failures with backoff; false if the task stopped before success. */
    private boolean deliverWithRetries(Buffer flush, long versionId) throws IOException {
        long backoff = INITIAL_BACKOFF_MILLIS;
        while (true) {
            try {
                deliver(flush, versionId);
                return true;
            }
            catch (IOException | HydrantException e) {
                if (e instanceof HydrantException hydrantException && hydrantException.errorCode().type() == ErrorType.INTERNAL_ERROR) {
                    throw hydrantException;
                }
                errors++;
                metrics.deliveryFailed();
                String message = "Delivery to bucket " + stream.destination().bucketName() + " failed: " + e.getMessage();
                if (errors == 1 || errors % 100 == 0) {
                    LOG.warn("{} (attempt {}, retrying in {} ms)", message, errors, backoff);
                }
                if (errorEventLog != null) {
                    errorEventLog.error(stream.arn(), stream.destination().bucketArn(), versionId, "S3.DeliveryFailed", message);
                }
            }
            if (!running) {
                // The records stay in the log and are delivered after the next start.
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    private void deliver(Buffer flush, long versionId) throws IOException {
        long startOffset = flush.startOffset;
        long endOffset = flush.endOffset;
        AtomicFiles.write(intentFile, MAPPER.writeValueAsBytes(new PendingObject(startOffset, endOffset, versionId)));
        S3DestinationConfig destination = stream.destination();
        String bucket = destination.bucketName();
        if (!store.bucketExists(bucket)) {
            store.createBucket(bucket);
        }
        int records;
        long bytes;
        if (processing.isEmpty()) {
            records = flush.count;
            bytes = flush.bytes;
            if (records > 0) {
                String key = keyFormat.objectKey(versionId, flush.oldestArrival, objectId(versionId, startOffset, endOffset));
                if (rereadsLog) {
                    // a stopping server flushes its buffers as fast as it can
                    WritePacer pacer = running ? WritePacer.forObject(flush.bytes, flush.oldestArrival, flush.newestArrival, clock.millis())
                            : WritePacer.NONE;
                    writeFromLog(bucket, key, destination, startOffset, endOffset, pacer);
                }
                else if (formatWriter == null) {
                    writeSources(bucket, key, destination, flush.sources);
                }
                else {
                    List<ConversionInput> inputs = new ArrayList<>(flush.sources.size());
                    for (LogRecord source : flush.sources) {
                        inputs.add(new ConversionInput(source.data(), source.arrivalTimestamp(), Long.toString(source.offset()), 0));
                    }
                    List<FormatConversionFailedDocuments.FailedConversion> conversionFailures = new ArrayList<>();
                    writeConverted(bucket, key, inputs, conversionFailures);
                    records -= conversionFailures.size();
                    bytes -= finishConversion(bucket, versionId, startOffset, endOffset, records, bytes, conversionFailures);
                }
            }
        }
        else {
            records = 0;
            bytes = 0;
            List<FailedEntry> failed = new ArrayList<>(flush.failed);
            List<FormatConversionFailedDocuments.FailedConversion> conversionFailures = new ArrayList<>();
            Map<ProcessorRecord, Integer> positions = formatWriter == null ? Map.of() : positionsOf(flush.delivered);
            for (Partition partition : partitions(flush, failed)) {
                String uniqueId = partition.values() == null
                        ? objectId(versionId, startOffset, endOffset)
                        : objectId(versionId, startOffset, endOffset, "partition:" + String.join("\u0000", partition.values()));
                ProcessorRecord first = partition.records().get(0);
                String key = keyFormat.objectKey(versionId, partition.oldestArrival(), uniqueId, first.keysFromQuery(), first.keysFromLambda());
                if (formatWriter == null) {
                    writeRecords(bucket, key, destination, partition.records());
                }
                else {
                    List<ConversionInput> inputs = new ArrayList<>(partition.records().size());
                    for (ProcessorRecord record : partition.records()) {
                        inputs.add(new ConversionInput(record.data(), record.arrivalTimestamp(), Long.toString(startOffset), positions.get(record)));
                    }
                    writeConverted(bucket, key, inputs, conversionFailures);
                }
                records += partition.records().size();
                for (ProcessorRecord record : partition.records()) {
                    bytes += record.data().length;
                }
            }
            if (formatWriter != null) {
                records -= conversionFailures.size();
                bytes -= finishConversion(bucket, versionId, startOffset, endOffset, records, bytes, conversionFailures);
            }
            if (!failed.isEmpty()) {
                writeFailed(bucket, versionId, startOffset, endOffset, failed);
                metrics.processingFailed(failed.size());
            }
        }
        if (backupKeyFormat != null && !flush.sources.isEmpty()) {
            S3DestinationConfig backup = destination.backup();
            if (!store.bucketExists(backup.bucketName())) {
                store.createBucket(backup.bucketName());
            }
            String key = backupKeyFormat.objectKey(versionId, flush.oldestArrival, objectId(versionId, startOffset, endOffset, "backup"));
            writeSources(backup.bucketName(), key, backup, flush.sources);
        }
        log.commit(CONSUMER, PARTITION, endOffset);
        metrics.delivered(records, bytes);
        errors = 0;
        LOG.debug("Delivered {} records ({} bytes, offsets {}..{}) to {}", records, bytes, startOffset, endOffset, bucket);
    }

    /**
     * Groups the delivered records into dynamic partitions (one partition when dynamic partitioning is off). Records
     * that lack a key the Prefix uses, or whose partition is beyond the active-partition limit, move to
     * {@code failed}.
     */
    private List<Partition> partitions(Buffer flush, List<FailedEntry> failed) {
        if (flush.delivered.isEmpty()) {
            return List.of();
        }
        if (!stream.destination().dynamicPartitioning().enabled()) {
            long oldest = Long.MAX_VALUE;
            for (ProcessorRecord record : flush.delivered) {
                oldest = Math.min(oldest, record.arrivalTimestamp());
            }
            return List.of(new Partition(null, flush.delivered, oldest));
        }
        Map<List<String>, List<ProcessorRecord>> groups = new LinkedHashMap<>();
        long now = clock.millis();
        for (ProcessorRecord record : flush.delivered) {
            List<String> values = keyFormat.partitionOf(record.keysFromQuery(), record.keysFromLambda());
            if (values == null) {
                failed.add(new FailedEntry(new FailedRecord(record, new ProcessingFailed(PARTITION_KEY_MISSING,
                        "The record lacks a partition key that the Prefix uses", 1, null)), now));
                continue;
            }
            List<ProcessorRecord> group = groups.get(values);
            if (group == null) {
                if (groups.size() >= DynamicPartitioningConfig.MAX_ACTIVE_PARTITIONS) {
                    failed.add(new FailedEntry(new FailedRecord(record, new ProcessingFailed(PARTITION_COUNT_EXCEEDED,
                            "More than " + DynamicPartitioningConfig.MAX_ACTIVE_PARTITIONS + " active partitions", 1, null)), now));
                    continue;
                }
                group = new ArrayList<>();
                groups.put(values, group);
            }
            group.add(record);
        }
        List<Partition> partitions = new ArrayList<>(groups.size());
        groups.forEach((values, group) -> {
            long oldest = Long.MAX_VALUE;
            for (ProcessorRecord record : group) {
                oldest = Math.min(oldest, record.arrivalTimestamp());
            }
            partitions.add(new Partition(values, group, oldest));
        });
        return partitions;
    }

    private void writeSources(String bucket, String key, S3DestinationConfig destination, List<LogRecord> sources) throws IOException {
        String entryName = Compressor.zipEntryName(key);
        store.putObject(bucket, key, out -> {
            try (OutputStream compressed = Compressor.wrap(destination.compressionFormat(), out, entryName)) {
                for (LogRecord record : sources) {
                    compressed.write(record.data());
                }
            }
        });
    }

    /** Writes the records at offsets {@code [startOffset, endOffset)}, read from the log again, at {@code pacer}'s pace. */
    private void writeFromLog(String bucket, String key, S3DestinationConfig destination, long startOffset, long endOffset,
            WritePacer pacer) throws IOException {
        String entryName = Compressor.zipEntryName(key);
        store.putObject(bucket, key, out -> {
            try (LogReader reader = log.reader(PARTITION, startOffset);
                    OutputStream compressed = Compressor.wrap(destination.compressionFormat(), out, entryName)) {
                LogReader.RecordVisitor write = (offset, arrivalTimestamp, data, from, length) -> {
                    compressed.write(data, from, length);
                    pacer.wrote(length);
                };
                while (reader.position() < endOffset) {
                    int wanted = (int) Math.min(REREAD_RECORDS, endOffset - reader.position());
                    if (reader.read(wanted, REREAD_BYTES, write) == 0) {
                        throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Log of " + stream.name() + " ends at "
                                + reader.position() + ", before the buffered records' end offset " + endOffset);
                    }
                }
            }
        });
    }

    private void writeRecords(String bucket, String key, S3DestinationConfig destination, List<ProcessorRecord> records) throws IOException {
        String entryName = Compressor.zipEntryName(key);
        store.putObject(bucket, key, out -> {
            try (OutputStream compressed = Compressor.wrap(destination.compressionFormat(), out, entryName)) {
                for (ProcessorRecord record : records) {
                    compressed.write(record.data());
                }
            }
        });
    }

    private void writeFailed(String bucket, long versionId, long startOffset, long endOffset, List<FailedEntry> failed) throws IOException {
        long oldest = Long.MAX_VALUE;
        for (FailedEntry entry : failed) {
            oldest = Math.min(oldest, entry.failed().record().arrivalTimestamp());
        }
        String key = keyFormat.errorObjectKey(PROCESSING_FAILED, versionId, oldest, objectId(versionId, startOffset, endOffset, PROCESSING_FAILED));
        String entryName = Compressor.zipEntryName(key);
        store.putObject(bucket, key, out -> {
            try (OutputStream compressed = Compressor.wrap(stream.destination().compressionFormat(), out, entryName)) {
                for (FailedEntry entry : failed) {
                    FailedRecordDocuments.write(entry.failed(), entry.attemptEndingTimestamp(), compressed);
                }
            }
        });
        if (errorEventLog != null) {
            FailedEntry first = failed.get(0);
            errorEventLog.error(stream.arn(), stream.destination().bucketArn(), versionId, first.failed().failure().errorCode(),
                    failed.size() + " records failed processing: " + first.failed().failure().errorMessage());
        }
    }

    /**
     * Converts the records of one object and writes it, unless no record converted; adds the records that failed to
     * {@code failures}.
     */
    private void writeConverted(String bucket, String key, List<ConversionInput> inputs,
            List<FormatConversionFailedDocuments.FailedConversion> failures) throws IOException {
        List<FormatRecord> formatRecords = new ArrayList<>(inputs.size());
        for (ConversionInput input : inputs) {
            formatRecords.add(new FormatRecord(input.data(), input.arrivalTimestamp()));
        }
        RecordFormatWriter.ConvertedRecords converted = formatWriter.convert(formatRecords);
        long now = clock.millis();
        for (RecordFormatWriter.ConversionFailure failure : converted.failures()) {
            ConversionInput input = inputs.get(failure.index());
            failures.add(new FormatConversionFailedDocuments.FailedConversion(input.data(), input.arrivalTimestamp(),
                    input.sequenceNumber(), input.subSequenceNumber(), failure.errorCode(), failure.errorMessage(), now));
        }
        if (converted.rowCount() > 0) {
            store.putObject(bucket, key, converted::writeTo);
        }
    }

    /**
     * Writes the buffer's {@code format-conversion-failed} object, when any record failed, and counts the conversion
     * metrics; returns the bytes of the failed records.
     */
    private long finishConversion(String bucket, long versionId, long startOffset, long endOffset, int convertedRecords, long allBytes,
            List<FormatConversionFailedDocuments.FailedConversion> failures) throws IOException {
        long failedBytes = 0;
        long oldest = Long.MAX_VALUE;
        for (FormatConversionFailedDocuments.FailedConversion failure : failures) {
            failedBytes += failure.rawData().length;
            oldest = Math.min(oldest, failure.arrivalTimestamp());
        }
        if (!failures.isEmpty()) {
            S3DestinationConfig destination = stream.destination();
            FormatConversionFailedDocuments.DataCatalogTable table = FormatConversionFailedDocuments.DataCatalogTable.of(
                    destination.dataFormatConversion().schemaConfiguration(), stream.arn());
            String key = keyFormat.errorObjectKey(FORMAT_CONVERSION_FAILED, versionId, oldest,
                    objectId(versionId, startOffset, endOffset, FORMAT_CONVERSION_FAILED));
            String entryName = Compressor.zipEntryName(key);
            store.putObject(bucket, key, out -> {
                try (OutputStream compressed = Compressor.wrap(destination.compressionFormat(), out, entryName)) {
                    for (FormatConversionFailedDocuments.FailedConversion failure : failures) {
                        FormatConversionFailedDocuments.write(failure, table, compressed);
                    }
                }
            });
            if (errorEventLog != null) {
                FormatConversionFailedDocuments.FailedConversion first = failures.get(0);
                errorEventLog.error(stream.arn(), destination.bucketArn(), versionId, first.errorCode(),
                        failures.size() + " records failed data format conversion: " + first.errorMessage());
            }
        }
        metrics.conversionSucceeded(convertedRecords, allBytes - failedBytes);
        metrics.conversionFailed(failures.size(), failedBytes);
        return failedBytes;
    }

    /** Each delivered record's position in the buffer, by identity: its subSequenceNumber if conversion fails. */
    private static Map<ProcessorRecord, Integer> positionsOf(List<ProcessorRecord> delivered) {
        Map<ProcessorRecord, Integer> positions = new IdentityHashMap<>();
        for (int index = 0; index < delivered.size(); index++) {
            positions.put(delivered.get(index), index);
        }
        return positions;
    }

    /** A UUID-shaped id derived from the stream, its version and the object's log offsets. */
    String objectId(long versionId, long startOffset, long endOffset) {
        String identity = stream.arn() + "/" + stream.createTimestamp() + "/" + versionId + "/" + PARTITION + "/" + startOffset + "-" + endOffset;
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The id of another object of the same buffer: a dynamic partition, the error output, the backup. */
    String objectId(long versionId, long startOffset, long endOffset, String part) {
        String identity = stream.arn() + "/" + stream.createTimestamp() + "/" + versionId + "/" + PARTITION + "/" + startOffset + "-" + endOffset + "/" + part;
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Stops the task. With {@code drain}, everything durable in the log is delivered first (clean shutdown, update
     * of the destination); without it the buffer is dropped from memory, and stays in the log.
     */
    public void stop(boolean drain) {
        drainOnStop = drain;
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(true);
    }

    private record InFlightBatch(List<LogRecord> sources, CompletableFuture<ProcessingChain.Result> result) {}

    private record FailedEntry(FailedRecord failed, long attemptEndingTimestamp) {}

    private record ConversionInput(byte[] data, long arrivalTimestamp, String sequenceNumber, int subSequenceNumber) {}

    private record Partition(List<String> values, List<ProcessorRecord> records, long oldestArrival) {}

    /**
     * What one flush writes: a contiguous range of log offsets, and the records it became. Without processors the
     * source records are written as they are; with processors, the delivered and failed records (and the sources
     * only when S3 backup needs them).
     */
    private static final class Buffer {
        /** Whether {@link #sources} keeps the polled records; otherwise only their offsets, count and size are kept. */
        final boolean keepSources;
        long startOffset = -1;
        long endOffset = -1;
        long oldestArrival = Long.MAX_VALUE;
        long newestArrival = Long.MIN_VALUE;
        long bytes;
        int count;
        final List<LogRecord> sources = new ArrayList<>();
        final List<ProcessorRecord> delivered = new ArrayList<>();
        final List<FailedEntry> failed = new ArrayList<>();

        Buffer(boolean keepSources) {
            this.keepSources = keepSources;
        }

        boolean isEmpty() {
            return startOffset < 0;
        }

        /** Accounts for the source records that a poll appended from index {@code from}. */
        void afterPoll(int from) {
            for (int index = from; index < sources.size(); index++) {
                LogRecord record = sources.get(index);
                add(record.offset(), record.arrivalTimestamp(), record.data().length);
            }
            if (!keepSources) {
                sources.clear();
            }
        }

        /** Accounts for one record. */
        void add(long offset, long arrivalTimestamp, int length) {
            if (startOffset < 0) {
                startOffset = offset;
            }
            endOffset = offset + 1;
            oldestArrival = Math.min(oldestArrival, arrivalTimestamp);
            newestArrival = Math.max(newestArrival, arrivalTimestamp);
            bytes += length;
            count++;
        }

        void addUnprocessed(List<LogRecord> records) {
            int from = sources.size();
            sources.addAll(records);
            afterPoll(from);
        }

        void addProcessed(InFlightBatch batch, ProcessingChain.Result result, long now, boolean keepSources) {
            List<LogRecord> batchSources = batch.sources();
            if (batchSources.isEmpty()) {
                return;
            }
            if (startOffset < 0) {
                startOffset = batchSources.get(0).offset();
            }
            endOffset = batchSources.get(batchSources.size() - 1).offset() + 1;
            oldestArrival = Math.min(oldestArrival, batchSources.get(0).arrivalTimestamp());
            if (keepSources) {
                sources.addAll(batchSources);
            }
            for (ProcessorRecord record : result.delivered()) {
                delivered.add(record);
                bytes += record.data().length;
            }
            for (FailedRecord record : result.failed()) {
                failed.add(new FailedEntry(record, now));
            }
        }
    }
}
