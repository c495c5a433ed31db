package dev.hydrant.spi;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One processor of a delivery stream's ProcessingConfiguration (Lambda, AppendDelimiterToRecord, MetadataExtraction,
 * RecordDeAggregation, Decompression, CloudWatchLogProcessing). Given a batch, it answers one
 * {@link ProcessingResult} per input record, in input order. Bad records become {@code ProcessingFailed} results;
 * the future completes exceptionally only for internal errors, which stop the delivery task visibly.
 * Built-in processors complete synchronously; the Lambda processor completes when its invocations return.
 */
public interface RecordProcessor {
    CompletableFuture<List<ProcessingResult>> process(List<ProcessorRecord> records);
}
