package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.LogReader;
import dev.hydrant.spi.LogRecord;
import dev.hydrant.spi.RecordLog;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the assigned partitions of a delivery stream's log in turn. Each record becomes rows (or error rows) that
 * carry the record's arrival time as ROWTIME and as the event timestamp; watermarks are generated per partition, so
 * the combined watermark is the slowest partition's. Waits for the log's append notification when caught up.
 */
final class LogSourceReader implements SourceReader<Row, LogSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(LogSourceReader.class);
    private static final int MAX_RECORDS_PER_POLL = 500;
    private static final long MAX_BYTES_PER_POLL = 4L * 1024 * 1024;
    private static final long ERROR_LOG_INTERVAL_MILLIS = 60_000;

    private final String contextKey;
    private final String deliveryStream;
    private final String consumerName;
    private final InputRecordParser parser;
    private final int inAppStreams;
    private final Map<Integer, PartitionReader> partitions = new LinkedHashMap<>();
    private final TreeMap<Long, Map<Integer, Long>> offsetsToCommit = new TreeMap<>();
    private final List<LogRecord> batch = new ArrayList<>();
    private RecordLog log;
    private EpochClock clock;
    private volatile CompletableFuture<Void> available = new CompletableFuture<>();
    private volatile boolean closed;
    private long failedRows;
    private long failedRowsLogged;
    private long lastErrorLog;
    private String lastError;

    private static final class PartitionReader {
        final LogSplit split;
        final LogReader reader;
        SourceOutput<Row> output;
        long position;

        PartitionReader(LogSplit split, LogReader reader) {
            this.split = split;
            this.reader = reader;
            this.position = split.offset();
        }
    }

    LogSourceReader(SourceReaderContext readerContext, String contextKey, String deliveryStream, String consumerName,
            InputRecordParser parser, int inAppStreams) {
        requireNonNull(readerContext, "readerContext is null");
        this.contextKey = requireNonNull(contextKey, "contextKey is null");
        this.deliveryStream = requireNonNull(deliveryStream, "deliveryStream is null");
        this.consumerName = requireNonNull(consumerName, "consumerName is null");
        this.parser = requireNonNull(parser, "parser is null");
        this.inAppStreams = inAppStreams;
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
        clock = context.clock();
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
            PartitionReader partition = new PartitionReader(new LogSplit(split.partition(), offset), log.reader(split.partition(), offset));
            partitions.put(split.partition(), partition);
        }
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public InputStatus pollNext(ReaderOutput<Row> output) {
        boolean emitted = false;
        for (PartitionReader partition : partitions.values()) {
            if (partition.output == null) {
                partition.output = output.createOutputForSplit(partition.split.splitId());
            }
            batch.clear();
            int count = partition.reader.poll(batch, MAX_RECORDS_PER_POLL, MAX_BYTES_PER_POLL);
            for (int i = 0; i < count; i++) {
                emit(batch.get(i), partition.output);
                partition.position = batch.get(i).offset() + 1;
            }
            emitted |= count > 0;
        }
        batch.clear();
        logFailures(false);
        if (emitted) {
            return InputStatus.MORE_AVAILABLE;
        }
        available = new CompletableFuture<>();
        if (hasUnread()) {
            available.complete(null);
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    private boolean hasUnread() {
        for (PartitionReader partition : partitions.values()) {
            if (log.endOffset(partition.split.partition()) > partition.position) {
                return true;
            }
        }
        return false;
    }

    private void emit(LogRecord record, SourceOutput<Row> output) {
        LocalDateTime rowtime = LocalDateTime.ofInstant(Instant.ofEpochMilli(record.arrivalTimestamp()), ZoneOffset.UTC);
        int stream = (int) Math.floorMod(record.offset(), (long) inAppStreams);
        parser.parse(record.data(), new InputRecordParser.RowSink() {
            @Override
            public void row(Object[] values) {
                Row data = new Row(values.length + 1);
                for (int i = 0; i < values.length; i++) {
                    data.setField(i, values[i]);
                }
                data.setField(values.length, rowtime);
                output.collect(Row.of(stream, data, null), record.arrivalTimestamp());
            }

            @Override
            public void error(String message) {
                failedRows++;
                lastError = message;
                Row error = Row.of(
                        LocalDateTime.ofInstant(Instant.ofEpochMilli(clock.millis()), ZoneOffset.UTC),
                        "ERROR", "Type_Conversion_Error", message, rowtime,
                        InputCoercion.hex(record.data()), null, rowtime);
                output.collect(Row.of(InAppStreamRows.ERROR, null, error), record.arrivalTimestamp());
                LOG.trace("Delivery stream {} offset {}: {}: {}", deliveryStream, record.offset(), message, InputCoercion.utf8(record.data()));
            }
        });
    }

    private void logFailures(boolean force) {
        if (failedRows == failedRowsLogged || clock == null) {
            return;
        }
        long now = clock.millis();
        if (force || now - lastErrorLog >= ERROR_LOG_INTERVAL_MILLIS) {
            LOG.warn("Delivery stream {}: {} rows failed input mapping ({} in total); last: {}",
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
        for (PartitionReader partition : partitions.values()) {
            partition.reader.close();
        }
        partitions.clear();
    }
}
