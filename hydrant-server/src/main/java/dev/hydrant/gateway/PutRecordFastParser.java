package dev.hydrant.gateway;

import java.nio.charset.StandardCharsets;
import dev.hydrant.log.SegmentedLog;
import dev.hydrant.spi.RecordBatch;

/**
 * A strict scanner for the PutRecord and PutRecordBatch bodies that SDKs send: {@code DeliveryStreamName} and
 * {@code Record}/{@code Records} with only {@code Data} members, no escapes. It decodes base64 straight from the
 * request bytes into the batch, without a String or an array per record (see docs/PERFORMANCE.md for its measured
 * gain over Jackson). Anything else (other members, escapes,
 * malformed input) makes it return null, and {@link PutRecordRequest} parses the body with Jackson instead, which
 * also produces the precise error.
 */
final class PutRecordFastParser {
    private static final byte[] DELIVERY_STREAM_NAME = "DeliveryStreamName".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORDS = "Records".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORD = "Record".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "Data".getBytes(StandardCharsets.US_ASCII);

    private static final java.lang.invoke.VarHandle LONG_VIEW =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private final byte[] body;
    private final int end;
    private int position;

    private PutRecordFastParser(byte[] body, int offset, int length) {
        this.body = body;
        this.position = offset;
        this.end = offset + length;
    }

    /** The stream name and decoded records, or null when the body is not in the simple form. */
    static Parsed parse(byte[] body, boolean batch) {
        return parse(body, 0, body.length, batch);
    }

    /** Like {@link #parse(byte[], boolean)}, for the body at {@code body[offset, offset + length)}. */
    static Parsed parse(byte[] body, int offset, int length, boolean batch) {
        try {
            return new PutRecordFastParser(body, offset, length).parse(batch, length);
        }
        catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    record Parsed(String deliveryStreamName, RecordBatch records) {}

    private Parsed parse(boolean batch, int bodyLength) {
        String name = null;
        RecordBatch records = null;
        skipWhitespace();
        if (!consume('{')) {
            return null;
        }
        skipWhitespace();
        if (peek() == '}') {
            return null;
        }
        while (true) {
            skipWhitespace();
            int keyStart = stringStart();
            int keyEnd = stringEnd();
            if (keyEnd < 0) {
                return null;
            }
            skipWhitespace();
            if (!consume(':')) {
                return null;
            }
            skipWhitespace();
            if (equals(keyStart, keyEnd, DELIVERY_STREAM_NAME) && name == null) {
                int start = stringStart();
                int end = stringEnd();
                if (end < 0) {
                    return null;
                }
                name = new String(body, start, end - start, StandardCharsets.UTF_8);
            }
            else if (batch && equals(keyStart, keyEnd, RECORDS) && records == null) {
                if (!consume('[')) {
                    return null;
                }
                // Decoded data is at most 3/4 of the body.
                records = new RecordBatch(500, bodyLength / 4 * 3, SegmentedLog.RECORD_HEADROOM);
                skipWhitespace();
                if (!consume(']')) {
                    while (true) {
                        if (!record(records)) {
                            return null;
                        }
                        skipWhitespace();
                        if (consume(']')) {
                            break;
                        }
                        if (!consume(',')) {
                            return null;
                        }
                        skipWhitespace();
                    }
                }
            }
            else if (!batch && equals(keyStart, keyEnd, RECORD) && records == null) {
                records = new RecordBatch(1, bodyLength / 4 * 3, SegmentedLog.RECORD_HEADROOM);
                if (!record(records)) {
                    return null;
                }
            }
            else {
                return null;
            }
            skipWhitespace();
            if (consume('}')) {
                break;
            }
            if (!consume(',')) {
                return null;
            }
        }
        skipWhitespace();
        if (position != end || name == null || records == null) {
            return null;
        }
        return new Parsed(name, records);
    }

    /** {@code {"Data": "<base64>"}}, decoded into the batch; false when the record is not in the simple form. */
    private boolean record(RecordBatch records) {
        if (!consume('{')) {
            return false;
        }
        skipWhitespace();
        int keyStart = stringStart();
        int keyEnd = stringEnd();
        if (keyEnd < 0 || !equals(keyStart, keyEnd, DATA)) {
            return false;
        }
        skipWhitespace();
        if (!consume(':')) {
            return false;
        }
        skipWhitespace();
        int dataStart = stringStart();
        int dataEnd = stringEnd();
        if (dataEnd < 0) {
            return false;
        }
        skipWhitespace();
        if (!consume('}')) {
            return false;
        }
        int offset = records.claim(Base64Decoding.decodedLength(body, dataStart, dataEnd));
        Base64Decoding.decode(body, dataStart, dataEnd, records.array(), offset);
        return true;
    }

    private int stringStart() {
        if (!consume('"')) {
            throw new IllegalArgumentException("string expected");
        }
        return position;
    }

    /** Advances past the closing quote; -1 when the string has escapes or control characters. */
    private int stringEnd() {
        int i = position;
        // Eight bytes at a time: skip words with no byte below '+' (quote, controls), no '\\' and no high bit. The
        // base64 alphabet never has such bytes, so long Data strings are scanned at word speed.
        while (i + Long.BYTES <= end) {
            long word = (long) LONG_VIEW.get(body, i);
            long below = (word - 0x2B2B2B2B2B2B2B2BL) & ~word & 0x8080808080808080L;
            long backslash = word ^ 0x5C5C5C5C5C5C5C5CL;
            long backslashes = (backslash - 0x0101010101010101L) & ~backslash & 0x8080808080808080L;
            if ((below | backslashes | (word & 0x8080808080808080L)) != 0) {
                break;
            }
            i += Long.BYTES;
        }
        for (; i < end; i++) {
            byte b = body[i];
            if (b == '"') {
                position = i + 1;
                return i;
            }
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                return -1;
            }
        }
        return -1;
    }

    private boolean equals(int start, int end, byte[] expected) {
        if (end - start != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (body[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private void skipWhitespace() {
        while (position < end) {
            byte b = body[position];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            position++;
        }
    }

    private int peek() {
        return position < end ? body[position] : -1;
    }

    private boolean consume(char expected) {
        if (position < end && body[position] == expected) {
            position++;
            return true;
        }
        return false;
    }
}
