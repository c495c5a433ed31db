package dev.hydrant.gateway;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Standard base64 (RFC 4648 §4, the alphabet of {@link java.util.Base64#getDecoder()}) decoded from a range of one
 * array into a range of another, so the gateway can decode a record straight into its batch. Accepts what the JDK
 * decoder accepts: padding optional, nothing after padding, no line breaks.
 *
 * <p>This is the gateway's hottest loop (over half of an event loop's time under PutRecordBatch load), so the bulk of
 * the input is decoded eight characters at a time: one little-endian long read, eight lookups in tables that hold
 * each character's value already shifted into place (an invalid character is -1, which makes the combined value
 * negative), and one big-endian long write of which six bytes are kept.
 */
final class Base64Decoding {
    private static final int[] VALUES = new int[256];
    private static final int[] SHIFTED_18 = new int[256];
    private static final int[] SHIFTED_12 = new int[256];
    private static final int[] SHIFTED_6 = new int[256];
    private static final VarHandle LONG_LITTLE_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static {
        Arrays.fill(VALUES, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = i;
        }
        for (int c = 0; c < 256; c++) {
            int value = VALUES[c];
            SHIFTED_18[c] = value < 0 ? -1 : value << 18;
            SHIFTED_12[c] = value < 0 ? -1 : value << 12;
            SHIFTED_6[c] = value < 0 ? -1 : value << 6;
        }
    }

    private Base64Decoding() {}

    /** Number of bytes {@code source[start, end)} decodes to; throws IllegalArgumentException if it cannot be valid. */
    static int decodedLength(byte[] source, int start, int end) {
        int length = end - start;
        int padding = 0;
        while (padding < length && source[end - 1 - padding] == '=') {
            padding++;
        }
        if (padding > 2 || (padding > 0 && length % 4 != 0)) {
            throw new IllegalArgumentException("Input byte array has incorrect ending byte");
        }
        int characters = length - padding;
        if (characters % 4 == 1) {
            throw new IllegalArgumentException("Last unit does not have enough valid bits");
        }
        return characters / 4 * 3 + (characters % 4 == 0 ? 0 : characters % 4 - 1);
    }

    /** Decodes {@code source[start, end)} into {@code target} at {@code offset}; returns the number of bytes written. */
    static int decode(byte[] source, int start, int end, byte[] target, int offset) {
        int length = decodedLength(source, start, end);
        int characters = end - start;
        while (characters > 0 && source[start + characters - 1] == '=') {
            characters--;
        }
        int fullQuads = characters / 4;
        int in = start;
        int out = offset;
        // eight characters to six bytes; the long write also touches the two bytes after them, so stop while they are
        // still this record's
        int fastEnd = offset + length - 8;
        while (out <= fastEnd) {
            long chars = (long) LONG_LITTLE_ENDIAN.get(source, in);
            int first = SHIFTED_18[(int) chars & 0xFF] | SHIFTED_12[(int) (chars >>> 8) & 0xFF]
                    | SHIFTED_6[(int) (chars >>> 16) & 0xFF] | VALUES[(int) (chars >>> 24) & 0xFF];
            int second = SHIFTED_18[(int) (chars >>> 32) & 0xFF] | SHIFTED_12[(int) (chars >>> 40) & 0xFF]
                    | SHIFTED_6[(int) (chars >>> 48) & 0xFF] | VALUES[(int) (chars >>> 56) & 0xFF];
            if ((first | second) < 0) {
                throw illegal(source, (first < 0) ? in : in + 4);
            }
            LONG_BIG_ENDIAN.set(target, out, (long) first << 40 | (long) second << 16);
            in += 8;
            out += 6;
        }
        for (int quad = (in - start) / 4; quad < fullQuads; quad++) {
            int a = VALUES[source[in] & 0xFF];
            int b = VALUES[source[in + 1] & 0xFF];
            int c = VALUES[source[in + 2] & 0xFF];
            int d = VALUES[source[in + 3] & 0xFF];
            if ((a | b | c | d) < 0) {
                throw illegal(source, in);
            }
            int bits = a << 18 | b << 12 | c << 6 | d;
            target[out] = (byte) (bits >> 16);
            target[out + 1] = (byte) (bits >> 8);
            target[out + 2] = (byte) bits;
            in += 4;
            out += 3;
        }
        int rest = characters % 4;
        if (rest > 0) {
            int bits = 0;
            for (int i = 0; i < rest; i++) {
                int value = VALUES[source[in + i] & 0xFF];
                if (value < 0) {
                    throw illegal(source, in + i);
                }
                bits = bits << 6 | value;
            }
            if (rest == 2) {
                target[out++] = (byte) (bits >> 4);
            }
            else {
                target[out++] = (byte) (bits >> 10);
                target[out++] = (byte) (bits >> 2);
            }
        }
        return out - offset == length ? length : out - offset;
    }

    private static IllegalArgumentException illegal(byte[] source, int from) {
        for (int i = from; i < from + 4 && i < source.length; i++) {
            if (VALUES[source[i] & 0xFF] < 0) {
                return new IllegalArgumentException("Illegal base64 character " + Integer.toHexString(source[i] & 0xFF));
            }
        }
        return new IllegalArgumentException("Illegal base64 input");
    }
}
