package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessingResult.Dropped;
import dev.hydrant.spi.ProcessingResult.Ok;
import dev.hydrant.spi.ProcessingResult.ProcessingFailed;
import dev.hydrant.spi.ProcessorRecord;
import dev.hydrant.spi.RecordProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The processors of a delivery stream, applied in order. A record that one processor turns into several (after
 * de-aggregation) goes through the next processors as several; a record that is dropped or fails stops there.
 * Failed records keep the bytes they had when they entered the processor that failed them.
 */
public final class ProcessingChain {
    private final List<RecordProcessor> processors;

    public ProcessingChain(List<RecordProcessor> processors) {
        this.processors = List.copyOf(requireNonNull(processors, "processors is null"));
    }

    public boolean isEmpty() {
        return processors.isEmpty();
    }

    public CompletableFuture<Result> process(List<ProcessorRecord> records) {
        requireNonNull(records, "records is null");
        CompletableFuture<Stage> stage = CompletableFuture.completedFuture(new Stage(records, new ArrayList<>(), 0));
        for (RecordProcessor processor : processors) {
            stage = stage.thenCompose(current -> current.records().isEmpty()
                    ? CompletableFuture.completedFuture(current)
                    : processor.process(current.records()).thenApply(results -> current.next(results)));
        }
        return stage.thenApply(last -> new Result(last.records(), last.failed(), last.dropped()));
    }

    /** What came out of the chain: the records to deliver, the failed ones, and how many were dropped. */
    public record Result(List<ProcessorRecord> delivered, List<FailedRecord> failed, int dropped) {
        public Result {
            delivered = List.copyOf(requireNonNull(delivered, "delivered is null"));
            failed = List.copyOf(requireNonNull(failed, "failed is null"));
        }
    }

    /** A record that failed processing: its bytes as the failing processor received them, and why. */
    public record FailedRecord(ProcessorRecord record, ProcessingFailed failure) {
        public FailedRecord {
            requireNonNull(record, "record is null");
            requireNonNull(failure, "failure is null");
        }
    }

    private record Stage(List<ProcessorRecord> records, List<FailedRecord> failed, int dropped) {
        Stage next(List<ProcessingResult> results) {
            if (results.size() != records.size()) {
                throw new IllegalStateException("a processor returned " + results.size() + " results for " + records.size() + " records");
            }
            List<ProcessorRecord> outputs = new ArrayList<>(records.size());
            List<FailedRecord> allFailed = new ArrayList<>(failed);
            int allDropped = dropped;
            for (int index = 0; index < results.size(); index++) {
                ProcessingResult result = results.get(index);
                if (result instanceof Ok ok) {
                    outputs.addAll(ok.records());
                }
                else if (result instanceof Dropped) {
                    allDropped++;
                }
                else if (result instanceof ProcessingFailed processingFailed) {
                    allFailed.add(new FailedRecord(records.get(index), processingFailed));
                }
            }
            return new Stage(outputs, allFailed, allDropped);
        }
    }
}
