package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionInvoker;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.LogReader;
import dev.hydrant.spi.LogRecord;
import dev.hydrant.spi.RecordLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the assigned partitions of a delivery stream's log in turn. Each record becomes rows (or error rows) that
 * carry the record's arrival time as ROWTIME and as the event timestamp; watermarks are generated per partition, so
 * the combined watermark is the slowest partition's. Waits for the log's append notification when caught up.
 *
 * <p>With a preprocessing Lambda, each poll's batch of a partition is sent to the function asynchronously and the
 * partition is not read further until the answer is in; its rows are then emitted and its position advanced in one
 * {@link #pollNext} call. A checkpoint taken while an invocation is in flight holds the position before the batch, so
 * after a restore the batch is read and sent again (with the same record ids) and its rows are emitted exactly once.
 *
 * <p>Given stopping offsets (a bounded source), it reads no record at or past its partition's stopping offset, and
 * ends its input once the enumerator has said no more splits will come and every partition has reached its stop.
 */
final class LogSourceReader implements SourceReader<RowData, LogSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(LogSourceReader.class);
    private static final int MAX_RECORDS_PER_POLL = 500;
    private static final long MAX_BYTES_PER_POLL = 4L * 1024 * 1024;
    /**
     * Batches polled and handed to the parser thread ahead of the one being emitted. More than one lets the parser
     * keep going through the source thread's pauses (checkpoints, a descheduled moment) instead of idling.
     */
    private static final int BATCHES_AHEAD = 3;
    private static final long ERROR_LOG_INTERVAL_MILLIS = 60_000;
    /** The ERROR_NAME of a row whose values cannot be coerced to the input's columns. */
    private static final String TYPE_CONVERSION_ERROR = "Type_Conversion_Error";

    private final String contextKey;
    private final String deliveryStream;
    private final String consumerName;
    private final InputRecordParser parser;
    private final InAppStreamRows rows;
    private final int inAppStreams;
    private final InputPreprocessor preprocessor;
    private final Map<Integer, Long> stoppingOffsets;
    private final Map<Integer, PartitionReader> partitions = new LinkedHashMap<>();
    private final TreeMap<Long, Map<Integer, Long>> offsetsToCommit = new TreeMap<>();
    private final List<LogRecord> batch = new ArrayList<>();
    /** Parses the batches ahead of the one being emitted ({@link ParsedBatch}); started by {@link #open}. */
    private ExecutorService parserThread;
    private RecordLog log;
    private EpochClock clock;
    private FunctionInvoker functions;
    private volatile CompletableFuture<Void> available = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile boolean noMoreSplits;
    private long failedRows;
    private long failedRowsLogged;
    private long lastErrorLog;
    private String lastError;

    private static final class PartitionReader {
        final LogSplit split;
        final LogReader reader;
        /** The offset before which reading stops; {@link Long#MAX_VALUE} when unbounded. */
        final long stoppingOffset;
        SourceOutput<RowData> output;
        long position;
        /** The batch sent to the preprocessing Lambda and not yet emitted. */
        List<LogRecord> pending;
        /** The next batches, polled and being parsed (without a preprocessing Lambda); not emitted yet. */
        final ArrayDeque<ParsedBatch> ahead = new ArrayDeque<>();
        CompletableFuture<FunctionResult> invocation;

        PartitionReader(LogSplit split, LogReader reader, long stoppingOffset) {
            this.split = split;
            this.reader = reader;
            this.stoppingOffset = stoppingOffset;
            this.position = split.offset();
        }

        boolean finished() {
            return pending == null && ahead.isEmpty() && position >= stoppingOffset;
        }

        /** How many of the first {@code count} polled records lie before the stopping offset. */
        int beforeStop(List<LogRecord> polled, int count) {
            int kept = 0;
            while (kept < count && polled.get(kept).offset() < stoppingOffset) {
                kept++;
            }
            return kept;
        }
    }

    LogSourceReader(SourceReaderContext readerContext, String contextKey, String deliveryStream, String consumerName,
            InputRecordParser parser, int inAppStreams, InputPreprocessor preprocessor, Map<Integer, Long> stoppingOffsets) {
        requireNonNull(readerContext, "readerContext is null");
        this.contextKey = requireNonNull(contextKey, "contextKey is null");
        this.deliveryStream = requireNonNull(deliveryStream, "deliveryStream is null");
        this.consumerName = requireNonNull(consumerName, "consumerName is null");
        this.parser = requireNonNull(parser, "parser is null");
        this.rows = new InAppStreamRows(parser.columnNames(), parser.columnTypes());
        this.inAppStreams = inAppStreams;
        this.preprocessor = preprocessor;
        this.stoppingOffsets = stoppingOffsets;
    }

    @Override
    public void start() {
        open();
    }

    /** Flink adds restored splits before it calls {@link #start}, so either may come first. */
    private void open() {
        if (log != null) {
            return;
        }
        var context = ApplicationContexts.get(contextKey);
        log = context.log(deliveryStream);
        if (preprocessor == null) { // a preprocessed batch is parsed when the function answers, on this thread
            parserThread = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "hydrant-sql-parser " + deliveryStream);
                thread.setDaemon(true);
                return thread;
            });
        }
        clock = context.clock();
        functions = preprocessor == null ? null : context.functions();
        log.onAppend((partition, endOffset) -> {
            if (!closed) {
                available.complete(null);
            }
        });
    }

    @Override
    public void addSplits(List<LogSplit> splits) {
        open();
        for (LogSplit split : splits) {
            log.registerConsumer(consumerName, split.partition());
            long offset = Math.max(split.offset(), log.startOffset(split.partition()));
            if (offset != split.offset()) {
                LOG.warn("Delivery stream {} partition {}: offset {} no longer retained, continuing at {}",
                        deliveryStream, split.partition(), split.offset(), offset);
            }
            long stoppingOffset = stoppingOffsets == null ? Long.MAX_VALUE : stoppingOffsets.getOrDefault(split.partition(), offset);
            PartitionReader partition = new PartitionReader(new LogSplit(split.partition(), offset), log.reader(split.partition(), offset), stoppingOffset);
            partitions.put(split.partition(), partition);
        }
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public InputStatus pollNext(ReaderOutput<RowData> output) {
        boolean emitted = false;
        for (PartitionReader partition : partitions.values()) {
            if (partition.output == null) {
                partition.output = output.createOutputForSplit(partition.split.splitId());
            }
            if (partition.pending != null) {
                if (partition.invocation.isDone()) {
                    emitted |= emitPreprocessed(partition);
                }
                continue;
            }
            if (partition.finished()) {
                continue;
            }
            if (preprocessor == null) {
                emitted |= emitParsed(partition);
                continue;
            }
            batch.clear();
            int count = partition.reader.poll(batch, InputPreprocessor.MAX_BATCH_RECORDS, InputPreprocessor.MAX_BATCH_BYTES);
            count = partition.beforeStop(batch, count);
            if (count > 0) {
                partition.pending = List.copyOf(batch.subList(0, count));
                invoke(partition, 0);
            }
        }
        batch.clear();
        logFailures(false);
        if (emitted) {
            return InputStatus.MORE_AVAILABLE;
        }
        if (noMoreSplits && partitions.values().stream().allMatch(PartitionReader::finished)) {
            return InputStatus.END_OF_INPUT;
        }
        available = new CompletableFuture<>();
        if (hasUnread()) {
            available.complete(null);
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    private boolean hasUnread() {
        for (PartitionReader partition : partitions.values()) {
            if (!partition.ahead.isEmpty()) {
                return true;
            }
            if (partition.pending != null) {
                if (partition.invocation.isDone()) {
                    return true;
                }
            } else if (Math.min(log.endOffset(partition.split.partition()), partition.stoppingOffset) > partition.position) {
                return true;
            }
        }
        return false;
    }

    /** Sends a partition's pending batch to the function, after {@code delayMillis}; wakes the reader when answered. */
    private void invoke(PartitionReader partition, long delayMillis) {
        List<LogRecord> records = partition.pending;
        int partitionNumber = partition.split.partition();
        String invocationId = InputPreprocessor.invocationId(consumerName, partitionNumber, records.get(0).offset(), records.size());
        byte[] event = preprocessor.event(invocationId, partitionNumber, records);
        CompletableFuture<FunctionResult> invocation = delayMillis == 0
                ? invoke(event)
                : CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS))
                        .thenCompose(ignored -> invoke(event));
        partition.invocation = invocation.orTimeout(InputPreprocessor.INVOCATION_TIMEOUT.toMillis() + delayMillis, TimeUnit.MILLISECONDS);
        partition.invocation.whenComplete((result, error) -> {
            if (!closed) {
                available.complete(null);
            }
        });
    }

    private CompletableFuture<FunctionResult> invoke(byte[] event) {
        if (closed) {
            return CompletableFuture.failedFuture(new CancellationException("source closed"));
        }
        try {
            return functions.invoke(preprocessor.functionArn(), event);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Emits the rows of a partition's answered batch and moves past it; false when the invocation is retried. */
    private boolean emitPreprocessed(PartitionReader partition) {
        List<LogRecord> records = partition.pending;
        int partitionNumber = partition.split.partition();
        List<InputPreprocessor.Outcome> outcomes = null;
        String failure;
        try {
            outcomes = preprocessor.outcomes(partition.invocation.join(), partitionNumber, records);
            failure = null;
        } catch (InputPreprocessor.InvocationFailure e) {
            failure = e.getMessage();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HydrantException && ((HydrantException) cause).errorCode() == ErrorCode.TOO_MANY_REQUESTS) {
                LOG.debug("Delivery stream {}: preprocessing function {} throttled; retrying", deliveryStream, preprocessor.functionArn());
                invoke(partition, InputPreprocessor.THROTTLED_RETRY_DELAY.toMillis());
                return false;
            }
            failure = cause instanceof TimeoutException
                    ? "function " + preprocessor.functionArn() + " did not answer within " + InputPreprocessor.INVOCATION_TIMEOUT.toSeconds() + " s"
                    : "cannot invoke function " + preprocessor.functionArn() + ": " + cause.getMessage();
        }
        for (int i = 0; i < records.size(); i++) {
            LogRecord record = records.get(i);
            if (failure != null) {
                emitError(record, record.data(), InputPreprocessor.INVOCATION_FAILED, failure, partition.output);
            } else {
                InputPreprocessor.Outcome outcome = outcomes.get(i);
                switch (outcome.result()) {
                    case OK:
                        emit(record, outcome.data(), partition.output);
                        break;
                    case DROPPED:
                        break;
                    case PROCESSING_FAILED:
                        emitError(record, record.data(), InputPreprocessor.PROCESSING_FAILED,
                                "function " + preprocessor.functionArn() + " returned ProcessingFailed", partition.output);
                        break;
                }
            }
            partition.position = record.offset() + 1;
        }
        partition.pending = null;
        partition.invocation = null;
        return true;
    }

    /**
     * Emits the partition's oldest parsed batch, if any, after topping up the batches being parsed ahead on the parser
     * thread; false when there was nothing to emit. The position moves past a batch only once its rows are emitted.
     */
    private boolean emitParsed(PartitionReader partition) {
        ParsedBatch current = partition.ahead.poll();
        while (partition.ahead.size() < BATCHES_AHEAD) {
            ParsedBatch polled = pollAhead(partition);
            if (polled == null) {
                break;
            }
            partition.ahead.add(polled);
        }
        if (current == null) {
            current = partition.ahead.poll();
        }
        if (current == null) {
            return false;
        }
        Object[] outcomes = current.outcomes();
        List<LogRecord> records = current.records();
        for (int i = 0; i < outcomes.length; i++) {
            LogRecord record = records.get(i);
            emitOutcome(record, outcomes[i], partition.output);
            partition.position = record.offset() + 1;
        }
        return true;
    }

    private ParsedBatch pollAhead(PartitionReader partition) {
        if (partition.pending == null && partition.position >= partition.stoppingOffset) {
            return null;
        }
        batch.clear();
        int count = partition.beforeStop(batch, partition.reader.poll(batch, MAX_RECORDS_PER_POLL, MAX_BYTES_PER_POLL));
        ParsedBatch polled = count == 0 ? null : ParsedBatch.start(batch.subList(0, count), parser, rows, parserThread);
        batch.clear();
        return polled;
    }

    private void emitOutcome(LogRecord record, Object outcome, SourceOutput<RowData> output) {
        if (outcome instanceof List<?> several) {
            for (Object one : several) {
                emitOutcome(record, one, output);
            }
        } else if (outcome instanceof GenericRowData row) {
            emitRow(record, row, output);
        } else if (outcome instanceof ParsedBatch.Failure failure) {
            emitError(record, record.data(), TYPE_CONVERSION_ERROR, failure.message(), output);
        } else if (outcome instanceof RuntimeException e) {
            throw e;
        }
    }

    /** Emits a data row (ROWTIME, its last field, is set here) to in-application stream {@code offset mod n}. */
    private void emitRow(LogRecord record, GenericRowData row, SourceOutput<RowData> output) {
        int stream = (int) Math.floorMod(record.offset(), (long) inAppStreams);
        row.setField(row.getArity() - 1, TimestampData.fromEpochMillis(record.arrivalTimestamp()));
        output.collect(InAppStreamRows.envelope(stream, row), record.arrivalTimestamp());
    }

    private void emit(LogRecord record, byte[] data, SourceOutput<RowData> output) {
        parser.parse(data, new InputRecordParser.RowSink() {
            @Override
            public void row(Object[] values) {
                emitRow(record, rows.internalRow(values), output);
            }

            @Override
            public void error(String message) {
                emitError(record, data, TYPE_CONVERSION_ERROR, message, output);
            }
        });
    }

    /** An error_stream row for a record; {@code data} is what was mapped (the Lambda's output when preprocessed). */
    private void emitError(LogRecord record, byte[] data, String errorName, String message, SourceOutput<RowData> output) {
        failedRows++;
        lastError = errorName + ": " + message;
        output.collect(InAppStreamRows.envelope(InAppStreamRows.ERROR,
                InAppStreamRows.errorRow(clock.millis(), errorName, message, record.arrivalTimestamp(), InputCoercion.hex(data))),
                record.arrivalTimestamp());
        LOG.trace("Delivery stream {} offset {}: {}: {}", deliveryStream, record.offset(), message, InputCoercion.utf8(data));
    }

    private void logFailures(boolean force) {
        if (failedRows == failedRowsLogged || clock == null) {
            return;
        }
        long now = clock.millis();
        if (force || now - lastErrorLog >= ERROR_LOG_INTERVAL_MILLIS) {
            LOG.warn("Delivery stream {}: {} rows failed input mapping or preprocessing ({} in total); last: {}",
                    deliveryStream, failedRows - failedRowsLogged, failedRows, lastError);
            failedRowsLogged = failedRows;
            lastErrorLog = now;
        }
    }

    @Override
    public List<LogSplit> snapshotState(long checkpointId) {
        List<LogSplit> splits = new ArrayList<>();
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        for (PartitionReader partition : partitions.values()) {
            splits.add(new LogSplit(partition.split.partition(), partition.position));
            offsets.put(partition.split.partition(), partition.position);
        }
        offsetsToCommit.put(checkpointId, offsets);
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map<Integer, Long> latest = null;
        while (!offsetsToCommit.isEmpty() && offsetsToCommit.firstKey() <= checkpointId) {
            latest = offsetsToCommit.pollFirstEntry().getValue();
        }
        if (latest != null) {
            latest.forEach((partition, offset) -> log.commit(consumerName, partition, offset));
        }
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void close() {
        closed = true;
        logFailures(true);
        if (parserThread != null) {
            parserThread.shutdownNow();
        }
        for (PartitionReader partition : partitions.values()) {
            partition.reader.close();
        }
        partitions.clear();
    }
}
