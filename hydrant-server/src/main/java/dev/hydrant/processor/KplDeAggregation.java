package dev.hydrant.processor;

import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessorRecord;
import dev.hydrant.spi.RecordProcessor;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * De-aggregates records written by the Kinesis Producer Library, as Firehose does for a Kinesis data stream source.
 * It is not configured through a processor {@code Type}; a Kinesis-stream source puts it first. A record without the
 * magic number passes through unchanged; an aggregate that is corrupt (bad checksum, bad protobuf) fails with
 * {@code RecordDeAggregation.Failed}, and one with no user records is dropped.
 *
 * <pre>
 *  0               4                                 length - 16       length
 *  +---------------+---------------------------------+-----------------+
 *  | F3 89 9A C2   | AggregatedRecord (protobuf)     | MD5 of protobuf |
 *  +---------------+---------------------------------+-----------------+
 *
 *  message AggregatedRecord {
 *    repeated string partition_key_table     = 1;
 *    repeated string explicit_hash_key_table = 2;
 *    repeated Record records                 = 3;
 *  }
 *  message Record {
 *    required uint64 partition_key_index     = 1;
 *    optional uint64 explicit_hash_key_index = 2;
 *    required bytes  data                    = 3;
 *    repeated Tag    tags                    = 4;
 *  }
 * </pre>
 * Only {@code data} is kept: the partition and hash keys steer Kinesis shards and mean nothing to delivery.
 */
public final class KplDeAggregation implements RecordProcessor {
    static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
    static final int DIGEST_LENGTH = 16;

    private static final int AGGREGATED_RECORD_PARTITION_KEY_TABLE = 1;
    private static final int AGGREGATED_RECORD_RECORDS = 3;
    private static final int RECORD_PARTITION_KEY_INDEX = 1;
    private static final int RECORD_DATA = 3;

    @Override
    public CompletableFuture<List<ProcessingResult>> process(List<ProcessorRecord> records) {
        List<ProcessingResult> results = new ArrayList<>(records.size());
        for (ProcessorRecord record : records) {
            results.add(process(record));
        }
        return CompletableFuture.completedFuture(results);
    }

    private static ProcessingResult process(ProcessorRecord record) {
        byte[] data = record.data();
        if (!isAggregated(data)) {
            return ProcessingResult.Ok.of(record);
        }
        int protobufLength = data.length - MAGIC.length - DIGEST_LENGTH;
        byte[] expectedDigest = Arrays.copyOfRange(data, data.length - DIGEST_LENGTH, data.length);
        MessageDigest md5 = md5();
        md5.update(data, MAGIC.length, protobufLength);
        if (!MessageDigest.isEqual(md5.digest(), expectedDigest)) {
            return ProcessorErrorCode.DE_AGGREGATION_FAILED.failure("KPL aggregated record has a bad MD5 checksum");
        }
        List<ProcessorRecord> userRecords = new ArrayList<>();
        try {
            ProtobufReader aggregate = new ProtobufReader(data, MAGIC.length, MAGIC.length + protobufLength);
            int partitionKeys = 0;
            List<ProtobufReader> recordMessages = new ArrayList<>();
            while (aggregate.hasMore()) {
                long tag = aggregate.readTag();
                int field = ProtobufReader.fieldNumber(tag);
                if (field == AGGREGATED_RECORD_PARTITION_KEY_TABLE) {
                    aggregate.readLengthDelimited(tag);
                    partitionKeys++;
                }
                else if (field == AGGREGATED_RECORD_RECORDS) {
                    recordMessages.add(aggregate.readLengthDelimited(tag));
                }
                else {
                    aggregate.skip(tag);
                }
            }
            for (ProtobufReader recordMessage : recordMessages) {
                userRecords.add(record.withData(userRecordData(recordMessage, partitionKeys, userRecords.size())));
            }
        }
        catch (IllegalArgumentException e) {
            return ProcessorErrorCode.DE_AGGREGATION_FAILED.failure("KPL aggregated record is corrupt: " + e.getMessage());
        }
        if (userRecords.isEmpty()) {
            return new ProcessingResult.Dropped();
        }
        return new ProcessingResult.Ok(userRecords);
    }

    private static byte[] userRecordData(ProtobufReader message, int partitionKeys, int index) {
        Long partitionKeyIndex = null;
        byte[] data = null;
        while (message.hasMore()) {
            long tag = message.readTag();
            int field = ProtobufReader.fieldNumber(tag);
            if (field == RECORD_PARTITION_KEY_INDEX) {
                partitionKeyIndex = message.readVarintField(tag);
            }
            else if (field == RECORD_DATA) {
                data = message.readLengthDelimited(tag).remainingBytes();
            }
            else {
                message.skip(tag);
            }
        }
        if (partitionKeyIndex == null || data == null) {
            throw new IllegalArgumentException("user record " + index + " lacks its required " + (data == null ? "data" : "partition_key_index"));
        }
        if (partitionKeyIndex < 0 || partitionKeyIndex >= partitionKeys) {
            throw new IllegalArgumentException("user record " + index + " has partition_key_index " + partitionKeyIndex + " outside the table of " + partitionKeys);
        }
        return data;
    }

    static boolean isAggregated(byte[] data) {
        return data.length >= MAGIC.length + DIGEST_LENGTH && Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }
}
