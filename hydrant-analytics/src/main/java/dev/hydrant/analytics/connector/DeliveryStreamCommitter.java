package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.AppendResult;
import dev.hydrant.spi.SqlApplicationEngine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends committed batches to the delivery stream in chunks of at most 500 records and 4 MiB (a PutRecordBatch),
 * recording each acknowledged chunk in the {@link CommitMarker}. While the log answers Backpressured it retries with
 * exponential backoff (50 ms to 5 s) for as long as it takes, stalling the application like KDA does; a failed put
 * fails the job.
 */
final class DeliveryStreamCommitter implements Committer<OutputBatch> {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStreamCommitter.class);
    static final int MAX_RECORDS_PER_PUT = 500;
    static final long MAX_BYTES_PER_PUT = 4L * 1024 * 1024;

    private final SqlApplicationEngine.Context context;
    private final String deliveryStream;
    private final CommitMarker marker;

    DeliveryStreamCommitter(SqlApplicationEngine.Context context, String deliveryStream, CommitMarker marker) {
        this.context = requireNonNull(context, "context is null");
        this.deliveryStream = requireNonNull(deliveryStream, "deliveryStream is null");
        this.marker = requireNonNull(marker, "marker is null");
    }

    @Override
    public void commit(Collection<CommitRequest<OutputBatch>> requests) throws IOException, InterruptedException {
        List<CommitRequest<OutputBatch>> ordered = new ArrayList<>(requests);
        ordered.sort(Comparator.comparingLong(request -> request.getCommittable().sequence()));
        for (CommitRequest<OutputBatch> request : ordered) {
            OutputBatch batch = request.getCommittable();
            List<List<byte[]>> chunks = chunks(batch.records());
            int done = marker.chunksDone(batch.sequence());
            if (done >= chunks.size()) {
                LOG.debug("Delivery stream {}: batch {} already appended", deliveryStream, batch.sequence());
                request.signalAlreadyCommitted();
                continue;
            }
            for (int chunk = done; chunk < chunks.size(); chunk++) {
                put(chunks.get(chunk));
                marker.record(batch.sequence(), chunk + 1);
            }
            LOG.debug("Delivery stream {}: appended batch {} ({} records)", deliveryStream, batch.sequence(), batch.records().size());
        }
    }

    private void put(List<byte[]> records) throws IOException, InterruptedException {
        long backoffMillis = 50;
        while (true) {
            AppendResult result;
            try {
                result = context.put(deliveryStream, records).get();
            } catch (ExecutionException e) {
                throw new IOException("appending to delivery stream " + deliveryStream + " failed", e.getCause());
            }
            if (result instanceof AppendResult.Appended) {
                return;
            }
            LOG.debug("Delivery stream {} is backpressured ({}); retrying in {} ms", deliveryStream,
                    ((AppendResult.Backpressured) result).reason(), backoffMillis);
            Thread.sleep(backoffMillis);
            backoffMillis = Math.min(5_000, backoffMillis * 2);
        }
    }

    static List<List<byte[]>> chunks(List<byte[]> records) {
        List<List<byte[]>> chunks = new ArrayList<>();
        List<byte[]> chunk = new ArrayList<>();
        long bytes = 0;
        for (byte[] record : records) {
            if (!chunk.isEmpty() && (chunk.size() == MAX_RECORDS_PER_PUT || bytes + record.length > MAX_BYTES_PER_PUT)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(record);
            bytes += record.length;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    @Override
    public void close() {}
}
