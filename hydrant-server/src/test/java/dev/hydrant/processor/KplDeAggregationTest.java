package dev.hydrant.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessorRecord;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KplDeAggregationTest {
    @Test
    void deAggregatesUserRecordsInOrder() {
        byte[] protobuf = new Protobuf()
                .bytes(1, "pk-a".getBytes(UTF_8))
                .bytes(1, "pk-b".getBytes(UTF_8))
                .bytes(2, "12345".getBytes(UTF_8))
                .message(3, new Protobuf().varint(1, 0).bytes(3, "{\"n\":1}".getBytes(UTF_8)))
                .message(3, new Protobuf().varint(1, 1).varint(2, 0).bytes(3, "{\"n\":2}".getBytes(UTF_8))
                        .message(4, new Protobuf().bytes(1, "tag".getBytes(UTF_8)).bytes(2, "value".getBytes(UTF_8))))
                .message(3, new Protobuf().bytes(3, new byte[0]).varint(1, 0))
                .toByteArray();
        ProcessorRecord record = new ProcessorRecord(aggregate(protobuf), 55, Map.of("q", "1"), Map.of());

        ProcessingResult result = new KplDeAggregation().process(List.of(record)).join().get(0);

        assertThat(result).isInstanceOf(ProcessingResult.Ok.class);
        List<ProcessorRecord> records = ((ProcessingResult.Ok) result).records();
        assertThat(records).extracting(out -> new String(out.data(), UTF_8)).containsExactly("{\"n\":1}", "{\"n\":2}", "");
        assertThat(records).allSatisfy(out -> {
            assertThat(out.arrivalTimestamp()).isEqualTo(55);
            assertThat(out.keysFromQuery()).isEqualTo(Map.of("q", "1"));
        });
    }

    @Test
    void passesRecordsWithoutMagicNumberThrough() {
        byte[] plain = "{\"not\":\"aggregated\"}".getBytes(UTF_8);
        byte[] shortMagic = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2, 1, 2};

        List<ProcessingResult> results = new KplDeAggregation().process(List.of(ProcessorRecord.of(plain, 1), ProcessorRecord.of(shortMagic, 2))).join();

        assertThat(((ProcessingResult.Ok) results.get(0)).records().get(0).data()).isEqualTo(plain);
        assertThat(((ProcessingResult.Ok) results.get(1)).records().get(0).data()).isEqualTo(shortMagic);
    }

    @Test
    void failsAggregateWithBadChecksum() {
        byte[] data = aggregate(new Protobuf().bytes(1, "pk".getBytes(UTF_8)).message(3, new Protobuf().varint(1, 0).bytes(3, "x".getBytes(UTF_8))).toByteArray());
        data[data.length - 1] ^= 1;

        ProcessingResult result = new KplDeAggregation().process(List.of(ProcessorRecord.of(data, 1))).join().get(0);

        assertFailed(result, "bad MD5 checksum");
    }

    @Test
    void failsAggregateWithTruncatedProtobuf() {
        byte[] complete = new Protobuf().bytes(1, "pk".getBytes(UTF_8)).message(3, new Protobuf().varint(1, 0).bytes(3, "payload".getBytes(UTF_8))).toByteArray();
        byte[] truncated = Arrays.copyOf(complete, complete.length - 3);

        ProcessingResult result = new KplDeAggregation().process(List.of(ProcessorRecord.of(aggregate(truncated), 1))).join().get(0);

        assertFailed(result, "claims");
    }

    @Test
    void failsUserRecordWithoutDataOrWithUnknownPartitionKey() {
        byte[] noData = new Protobuf().bytes(1, "pk".getBytes(UTF_8)).message(3, new Protobuf().varint(1, 0)).toByteArray();
        byte[] badIndex = new Protobuf().bytes(1, "pk".getBytes(UTF_8)).message(3, new Protobuf().varint(1, 1).bytes(3, "x".getBytes(UTF_8))).toByteArray();

        List<ProcessingResult> results = new KplDeAggregation().process(List.of(ProcessorRecord.of(aggregate(noData), 1), ProcessorRecord.of(aggregate(badIndex), 1))).join();

        assertFailed(results.get(0), "lacks its required data");
        assertFailed(results.get(1), "partition_key_index 1 outside the table of 1");
    }

    @Test
    void dropsAggregateWithoutUserRecords() {
        ProcessingResult result = new KplDeAggregation().process(List.of(ProcessorRecord.of(aggregate(new Protobuf().bytes(1, "pk".getBytes(UTF_8)).toByteArray()), 1))).join().get(0);

        assertThat(result).isInstanceOf(ProcessingResult.Dropped.class);
    }

    private static void assertFailed(ProcessingResult result, String messagePart) {
        assertThat(result).isInstanceOf(ProcessingResult.ProcessingFailed.class);
        ProcessingResult.ProcessingFailed failed = (ProcessingResult.ProcessingFailed) result;
        assertThat(failed.errorCode()).isEqualTo("RecordDeAggregation.Failed");
        assertThat(failed.errorMessage()).contains(messagePart);
    }

    /** KPL's framing: magic number, the AggregatedRecord protobuf, and the MD5 of the protobuf. */
    private static byte[] aggregate(byte[] protobuf) {
        try {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            output.writeBytes(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2});
            output.writeBytes(protobuf);
            output.writeBytes(MessageDigest.getInstance("MD5").digest(protobuf));
            return output.toByteArray();
        }
        catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A minimal protobuf writer for the test's AggregatedRecord messages. */
    private static final class Protobuf {
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();

        Protobuf varint(int field, long value) {
            writeVarint((long) field << 3);
            writeVarint(value);
            return this;
        }

        Protobuf bytes(int field, byte[] value) {
            writeVarint(((long) field << 3) | 2);
            writeVarint(value.length);
            output.writeBytes(value);
            return this;
        }

        Protobuf message(int field, Protobuf message) {
            return bytes(field, message.toByteArray());
        }

        byte[] toByteArray() {
            return output.toByteArray();
        }

        private void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                output.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            output.write((int) value);
        }
    }
}
