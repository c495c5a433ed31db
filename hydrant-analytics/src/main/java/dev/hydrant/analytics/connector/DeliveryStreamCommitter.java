package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.AppendResult;
import dev.hydrant.spi.LogReader;
import dev.hydrant.spi.LogRecord;
import dev.hydrant.spi.RecordLog;
import dev.hydrant.spi.SqlApplicationEngine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends committed batches to the delivery stream in chunks of at most 4 MiB, one durable append each, and records
 * the batch in the {@link CommitMarker} once all of it is in the log. While the log answers Backpressured it retries
 * with exponential backoff (50 ms to 5 s) for as long as it takes, stalling the application like KDA does; a failed
 * put fails the job.
 *
 * <p>A crash can interrupt a batch after some of its chunks (or part of one: frames written but not yet fsynced
 * survive a killed process) reached the log. So the first batch a committer appends after a restart is first looked
 * up in the log, from the marker's position on ({@link #alreadyAppended}): whole chunks found in order, and a prefix
 * of the next chunk that ends the log, are not appended again.
 */
final class DeliveryStreamCommitter implements Committer<OutputBatch> {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStreamCommitter.class);
    static final long MAX_BYTES_PER_PUT = 4L * 1024 * 1024;
    /** Looking a batch up holds at most this much of the log after the marker; beyond it, nothing is assumed appended. */
    private static final long MAX_LOOKUP_BYTES = 64L * 1024 * 1024;

    private final SqlApplicationEngine.Context context;
    private final String deliveryStream;
    private final CommitMarker marker;
    private boolean lookedUp;

    DeliveryStreamCommitter(SqlApplicationEngine.Context context, String deliveryStream, CommitMarker marker) {
        this.context = requireNonNull(context, "context is null");
        this.deliveryStream = requireNonNull(deliveryStream, "deliveryStream is null");
        this.marker = requireNonNull(marker, "marker is null");
        if (!marker.exists()) {
            // where this output's first records will be, at the earliest
            marker.record(-1, 0, context.log(deliveryStream).endOffset(0));
        }
    }

    @Override
    public void commit(Collection<CommitRequest<OutputBatch>> requests) throws IOException, InterruptedException {
        List<CommitRequest<OutputBatch>> ordered = new ArrayList<>(requests);
        ordered.sort(Comparator.comparingLong(request -> request.getCommittable().sequence()));
        for (CommitRequest<OutputBatch> request : ordered) {
            OutputBatch batch = request.getCommittable();
            if (batch.sequence() < marker.sequence() || (batch.sequence() == marker.sequence() && marker.legacyChunks() == 0)) {
                LOG.debug("Delivery stream {}: batch {} already appended", deliveryStream, batch.sequence());
                request.signalAlreadyCommitted();
                continue;
            }
            List<List<byte[]>> chunks = chunks(batch.records());
            Position position = new Position(marker.partition(), marker.endOffset(), 0);
            if (!lookedUp) {
                lookedUp = true;
                position = alreadyAppended(batch, chunks);
            }
            int appended = 0;
            for (int chunk = 0; chunk < chunks.size(); chunk++) {
                List<byte[]> records = chunks.get(chunk);
                int skip = Math.min(records.size(), position.records() - appended);
                appended += skip;
                if (skip < records.size()) {
                    AppendResult.Appended result = put(skip == 0 ? records : records.subList(skip, records.size()));
                    appended += records.size() - skip;
                    position = new Position(result.partition(), result.firstOffset() + result.count(), appended);
                }
            }
            marker.record(batch.sequence(), position.partition(), position.endOffset());
            LOG.debug("Delivery stream {}: appended batch {} ({} records)", deliveryStream, batch.sequence(), batch.size());
        }
    }

    /** How much of a batch the log already holds after the marker's position, and where it ends. */
    private Position alreadyAppended(OutputBatch batch, List<List<byte[]>> chunks) throws IOException {
        if (batch.sequence() == marker.sequence()) { // a version 1 marker: chunks of 500 records were done
            return new Position(marker.partition(), -1, Math.min(batch.size(), marker.legacyChunks() * CommitMarker.LEGACY_CHUNK_RECORDS));
        }
        if (batch.sequence() != marker.sequence() + 1 || marker.endOffset() < 0) {
            return new Position(marker.partition(), marker.endOffset(), 0);
        }
        RecordLog log = context.log(deliveryStream);
        int partition = marker.partition();
        long from = marker.endOffset();
        if (log.startOffset(partition) > from) {
            LOG.warn("Delivery stream {}: records after offset {} were already removed; batch {} is appended in full", deliveryStream, from, batch.sequence());
            return new Position(partition, from, 0);
        }
        List<byte[]> tail = new ArrayList<>();
        long tailBytes = 0;
        try (LogReader reader = log.reader(partition, from)) {
            List<LogRecord> polled = new ArrayList<>();
            while (reader.poll(polled, 10_000, 4L * 1024 * 1024) > 0) {
                for (LogRecord record : polled) {
                    tail.add(record.data());
                    tailBytes += record.data().length;
                }
                polled.clear();
                if (tailBytes > MAX_LOOKUP_BYTES) {
                    LOG.warn("Delivery stream {}: more than {} bytes after offset {}; batch {} is appended in full",
                            deliveryStream, MAX_LOOKUP_BYTES, from, batch.sequence());
                    return new Position(partition, from, 0);
                }
            }
        }
        Found found = find(chunks, tail);
        if (found.records() > 0) {
            LOG.info("Delivery stream {}: {} of the {} records of batch {} were already appended before the restart",
                    deliveryStream, found.records(), batch.size(), batch.sequence());
        }
        return new Position(partition, from + found.end(), found.records());
    }

    /**
     * Looks for the chunks of a batch, in order, in the records a log holds after a position. A chunk was one append, so
     * it is a contiguous run; other writers' records may lie between chunks. The first chunk not found whole may have
     * been cut short by the crash: a prefix of it that ends the log counts too. Returns how many of the batch's leading
     * records were found, and the index in {@code tail} after the last of them.
     */
    static Found find(List<List<byte[]>> chunks, List<byte[]> tail) {
        int position = 0;
        int found = 0;
        for (List<byte[]> chunk : chunks) {
            int at = indexOf(tail, chunk, position);
            if (at < 0) {
                for (int start = Math.max(position, tail.size() - chunk.size() + 1); start < tail.size(); start++) {
                    if (matches(tail, start, chunk, tail.size() - start)) {
                        return new Found(found + tail.size() - start, tail.size());
                    }
                }
                break;
            }
            position = at + chunk.size();
            found += chunk.size();
        }
        return new Found(found, position);
    }

    private static int indexOf(List<byte[]> tail, List<byte[]> chunk, int from) {
        for (int start = from; start + chunk.size() <= tail.size(); start++) {
            if (matches(tail, start, chunk, chunk.size())) {
                return start;
            }
        }
        return -1;
    }

    private static boolean matches(List<byte[]> tail, int start, List<byte[]> chunk, int length) {
        for (int i = 0; i < length; i++) {
            if (!Arrays.equals(tail.get(start + i), chunk.get(i))) {
                return false;
            }
        }
        return true;
    }

    private AppendResult.Appended put(List<byte[]> records) throws IOException, InterruptedException {
        long backoffMillis = 50;
        while (true) {
            AppendResult result;
            try {
                result = context.put(deliveryStream, records).get();
            } catch (ExecutionException e) {
                throw new IOException("appending to delivery stream " + deliveryStream + " failed", e.getCause());
            }
            if (result instanceof AppendResult.Appended appended) {
                return appended;
            }
            LOG.debug("Delivery stream {} is backpressured ({}); retrying in {} ms", deliveryStream,
                    ((AppendResult.Backpressured) result).reason(), backoffMillis);
            Thread.sleep(backoffMillis);
            backoffMillis = Math.min(5_000, backoffMillis * 2);
        }
    }

    /** The batch's records in appends of at most {@link #MAX_BYTES_PER_PUT} (a larger record is one append). */
    static List<List<byte[]>> chunks(List<byte[]> records) {
        List<List<byte[]>> chunks = new ArrayList<>();
        int start = 0;
        long bytes = 0;
        for (int i = 0; i < records.size(); i++) {
            long length = records.get(i).length;
            if (i > start && bytes + length > MAX_BYTES_PER_PUT) {
                chunks.add(records.subList(start, i));
                start = i;
                bytes = 0;
            }
            bytes += length;
        }
        if (start < records.size()) {
            chunks.add(records.subList(start, records.size()));
        }
        return chunks;
    }

    @Override
    public void close() {}

    /** Where the log stands after this output's records: {@code records} of the current batch are in it. */
    private record Position(int partition, long endOffset, int records) {}

    record Found(int records, int end) {}
}
