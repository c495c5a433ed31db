package dev.hydrant.gateway;

import dev.hydrant.control.DeliveryStream;

/**
 * Firehose RecordIds: opaque strings. Hydrant's are 36 hex digits made of the stream's creation time, the partition
 * and the record's log offset, so they are unique across restarts and across a stream deleted and created again.
 */
final class RecordIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RecordIds() {}

    static String of(DeliveryStream stream, int partition, long offset) {
        char[] id = new char[36];
        hex(id, 0, stream.createTimestamp(), 16);
        hex(id, 16, partition, 4);
        hex(id, 20, offset, 16);
        return new String(id);
    }

    private static void hex(char[] into, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            into[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
