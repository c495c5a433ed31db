package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessorRecord;
import dev.hydrant.spi.RecordProcessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Firehose's RecordDeAggregation processor: splits each record into its sub-records, which continue as records of
 * their own (with the arrival timestamp and keys of the record they came from).
 * <ul>
 *   <li>JSON: the record holds JSON objects, concatenated or separated by whitespace; each object's bytes, as
 *   written, become one record, so the newlines between them are stripped. Anything but objects fails the record.</li>
 *   <li>DELIMITED: the record is split on the delimiter; empty pieces (a trailing delimiter) are left out.</li>
 * </ul>
 * A record with nothing in it is dropped. As AWS documents, a record of more than {@value #MAX_SUB_RECORDS}
 * sub-records is not de-aggregated: it passes on whole.
 */
public final class RecordDeAggregation implements RecordProcessor {
    public static final int MAX_SUB_RECORDS = 500;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final RecordDeAggregationConfig config;
    private final byte[] delimiter;

    public RecordDeAggregation(RecordDeAggregationConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.delimiter = config.delimiter();
    }

    @Override
    public CompletableFuture<List<ProcessingResult>> process(List<ProcessorRecord> records) {
        List<ProcessingResult> results = new ArrayList<>(records.size());
        for (ProcessorRecord record : records) {
            results.add(process(record));
        }
        return CompletableFuture.completedFuture(results);
    }

    private ProcessingResult process(ProcessorRecord record) {
        List<byte[]> subRecords;
        if (config.subRecordType() == RecordDeAggregationConfig.SubRecordType.JSON) {
            try {
                subRecords = jsonObjects(record.data());
            }
            catch (IOException e) {
                return ProcessorErrorCode.DE_AGGREGATION_FAILED.failure("Record is not a sequence of JSON objects: " + e.getMessage());
            }
        }
        else {
            subRecords = split(record.data(), delimiter);
        }
        if (subRecords.isEmpty()) {
            return new ProcessingResult.Dropped();
        }
        if (subRecords.size() > MAX_SUB_RECORDS) {
            return ProcessingResult.Ok.of(record);
        }
        List<ProcessorRecord> results = new ArrayList<>(subRecords.size());
        for (byte[] subRecord : subRecords) {
            results.add(record.withData(subRecord));
        }
        return new ProcessingResult.Ok(results);
    }

    static List<byte[]> jsonObjects(byte[] data) throws IOException {
        List<byte[]> objects = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(data)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("sub-record " + (objects.size() + 1) + " is a " + token.name() + ", not a JSON object");
                }
                long start = parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                long end = parser.currentLocation().getByteOffset();
                objects.add(Arrays.copyOfRange(data, (int) start, (int) end));
            }
        }
        return objects;
    }

    static List<byte[]> split(byte[] data, byte[] delimiter) {
        List<byte[]> pieces = new ArrayList<>();
        int start = 0;
        int index = 0;
        while (index <= data.length - delimiter.length) {
            if (matchesAt(data, index, delimiter)) {
                if (index > start) {
                    pieces.add(Arrays.copyOfRange(data, start, index));
                }
                index += delimiter.length;
                start = index;
            }
            else {
                index++;
            }
        }
        if (start < data.length) {
            pieces.add(Arrays.copyOfRange(data, start, data.length));
        }
        return pieces;
    }

    private static boolean matchesAt(byte[] data, int offset, byte[] delimiter) {
        for (int index = 0; index < delimiter.length; index++) {
            if (data[offset + index] != delimiter[index]) {
                return false;
            }
        }
        return true;
    }
}
