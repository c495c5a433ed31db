package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * Reads protobuf wire format from a slice of a byte array: tags, varints and length-delimited fields, enough for
 * KPL's AggregatedRecord. Malformed input (a truncated field, a varint over ten bytes, a group or unknown wire type)
 * throws {@link IllegalArgumentException}.
 */
final class ProtobufReader {
    static final int WIRE_TYPE_VARINT = 0;
    static final int WIRE_TYPE_FIXED64 = 1;
    static final int WIRE_TYPE_LENGTH_DELIMITED = 2;
    static final int WIRE_TYPE_FIXED32 = 5;

    private final byte[] buffer;
    private final int limit;
    private int position;

    ProtobufReader(byte[] buffer, int offset, int limit) {
        this.buffer = requireNonNull(buffer, "buffer is null");
        if (offset < 0 || limit > buffer.length || offset > limit) {
            throw new IllegalArgumentException("slice " + offset + ".." + limit + " is outside the buffer of " + buffer.length);
        }
        this.position = offset;
        this.limit = limit;
    }

    static int fieldNumber(long tag) {
        return (int) (tag >>> 3);
    }

    static int wireType(long tag) {
        return (int) (tag & 0x7);
    }

    boolean hasMore() {
        return position < limit;
    }

    long readTag() {
        long tag = readVarint();
        if (fieldNumber(tag) == 0) {
            throw new IllegalArgumentException("field number 0 at byte " + position);
        }
        return tag;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= limit) {
                throw new IllegalArgumentException("truncated varint");
            }
            byte next = buffer[position++];
            result |= (long) (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint longer than ten bytes");
    }

    long readVarintField(long tag) {
        expectWireType(tag, WIRE_TYPE_VARINT);
        return readVarint();
    }

    /** A reader over the field's bytes; this reader moves past them. */
    ProtobufReader readLengthDelimited(long tag) {
        expectWireType(tag, WIRE_TYPE_LENGTH_DELIMITED);
        long length = readVarint();
        if (length < 0 || length > limit - position) {
            throw new IllegalArgumentException("field " + fieldNumber(tag) + " claims " + length + " bytes, " + (limit - position) + " remain");
        }
        ProtobufReader field = new ProtobufReader(buffer, position, position + (int) length);
        position += (int) length;
        return field;
    }

    byte[] remainingBytes() {
        byte[] bytes = Arrays.copyOfRange(buffer, position, limit);
        position = limit;
        return bytes;
    }

    void skip(long tag) {
        switch (wireType(tag)) {
            case WIRE_TYPE_VARINT -> readVarint();
            case WIRE_TYPE_FIXED64 -> advance(8);
            case WIRE_TYPE_LENGTH_DELIMITED -> readLengthDelimited(tag);
            case WIRE_TYPE_FIXED32 -> advance(4);
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType(tag) + " for field " + fieldNumber(tag));
        }
    }

    private void advance(int bytes) {
        if (bytes > limit - position) {
            throw new IllegalArgumentException("truncated fixed-width field");
        }
        position += bytes;
    }

    private void expectWireType(long tag, int wireType) {
        if (wireType(tag) != wireType) {
            throw new IllegalArgumentException("field " + fieldNumber(tag) + " has wire type " + wireType(tag) + ", expected " + wireType);
        }
    }
}
