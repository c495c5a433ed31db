package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessorRecord;
import dev.hydrant.spi.RecordProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Firehose's AppendDelimiterToRecord processor: appends the delimiter (a newline by default) to every record. */
public final class AppendDelimiterToRecord implements RecordProcessor {
    private final byte[] delimiter;

    public AppendDelimiterToRecord(AppendDelimiterToRecordConfig config) {
        this.delimiter = requireNonNull(config, "config is null").delimiterBytes();
    }

    @Override
    public CompletableFuture<List<ProcessingResult>> process(List<ProcessorRecord> records) {
        List<ProcessingResult> results = new ArrayList<>(records.size());
        for (ProcessorRecord record : records) {
            byte[] data = record.data();
            byte[] delimited = new byte[data.length + delimiter.length];
            System.arraycopy(data, 0, delimited, 0, data.length);
            System.arraycopy(delimiter, 0, delimited, data.length, delimiter.length);
            results.add(ProcessingResult.Ok.of(record.withData(delimited)));
        }
        return CompletableFuture.completedFuture(results);
    }
}
