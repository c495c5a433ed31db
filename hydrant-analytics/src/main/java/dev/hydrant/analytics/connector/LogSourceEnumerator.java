package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.RecordLog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the starting offset of each partition once (NOW = end offset, TRIM_HORIZON = start offset, at the first
 * start of the run) and assigns partition p to reader p mod parallelism. After a restore the readers' own state
 * holds the offsets and the enumerator's state says it has already resolved them. For a bounded source it tells each
 * reader, once that reader's splits are assigned, that no more will come, so that the reader can end.
 */
final class LogSourceEnumerator implements SplitEnumerator<LogSplit, LogEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(LogSourceEnumerator.class);

    private final SplitEnumeratorContext<LogSplit> context;
    private final String contextKey;
    private final String deliveryStream;
    private final StartingPosition startingPosition;
    private final List<LogSplit> pending;
    private final boolean bounded;
    /** Readers told that no more splits will come (bounded sources only). */
    private final Set<Integer> finishedReaders = new HashSet<>();
    private boolean initialized;

    LogSourceEnumerator(SplitEnumeratorContext<LogSplit> context, String contextKey, String deliveryStream,
            StartingPosition startingPosition, LogEnumeratorState state, boolean bounded) {
        this.context = requireNonNull(context, "context is null");
        this.contextKey = requireNonNull(contextKey, "contextKey is null");
        this.deliveryStream = requireNonNull(deliveryStream, "deliveryStream is null");
        this.startingPosition = requireNonNull(startingPosition, "startingPosition is null");
        this.pending = new ArrayList<>(state == null ? List.of() : state.pending());
        this.initialized = state != null && state.initialized();
        this.bounded = bounded;
    }

    @Override
    public void start() {
        if (!initialized) {
            RecordLog log = ApplicationContexts.get(contextKey).log(deliveryStream);
            for (int partition = 0; partition < log.partitionCount(); partition++) {
                long offset = startingPosition == StartingPosition.TRIM_HORIZON ? log.startOffset(partition) : log.endOffset(partition);
                pending.add(new LogSplit(partition, offset));
            }
            initialized = true;
            LOG.debug("Delivery stream {}: starting at {} {}", deliveryStream, startingPosition, pending);
        }
        assignPending();
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<LogSplit> splits, int subtaskId) {
        finishedReaders.remove(subtaskId);
        pending.addAll(splits);
        assignPending();
    }

    @Override
    public void addReader(int subtaskId) {
        finishedReaders.remove(subtaskId);
        assignPending();
    }

    private void assignPending() {
        int parallelism = context.currentParallelism();
        List<LogSplit> assigned = new ArrayList<>();
        for (LogSplit split : pending) {
            int reader = split.partition() % parallelism;
            if (context.registeredReaders().containsKey(reader)) {
                context.assignSplit(split, reader);
                assigned.add(split);
            }
        }
        pending.removeAll(assigned);
        if (bounded && initialized) {
            for (int reader : context.registeredReaders().keySet()) {
                boolean waiting = pending.stream().anyMatch(split -> split.partition() % parallelism == reader);
                if (!waiting && finishedReaders.add(reader)) {
                    context.signalNoMoreSplits(reader);
                }
            }
        }
    }

    @Override
    public LogEnumeratorState snapshotState(long checkpointId) {
        return new LogEnumeratorState(initialized, pending);
    }

    @Override
    public void close() {}
}
