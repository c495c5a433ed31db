package dev.hydrant.analytics.connector;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.io.NumberInput;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;

/**
 * A cursor over the bytes of one JSON record for {@link JsonFieldExtractor}'s fast path: it checks and skips values
 * without building tokens, reads member names as byte ranges, and converts only the numbers and strings it is asked
 * for.
 *
 * <p>It accepts a strict subset of what Jackson accepts, and gives up ({@link Unsure}) on everything else: escapes in
 * names or in strings that are read, nesting deeper than {@link #MAX_DEPTH}, numbers longer than
 * {@link #MAX_NUMBER_LENGTH} characters, and anything that is not well-formed JSON. The caller then parses the record
 * with Jackson, which decides what the record means or which error it has. So when the scanner finishes, Jackson
 * would have read the same structure without an error.
 */
final class JsonByteScanner {
    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 64;
    /** Powers of ten that a double holds exactly. */
    private static final double[] EXACT_POWERS_OF_TEN = {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
            1e20, 1e21, 1e22};

    /** The scanner gives up: the record is parsed by Jackson instead. Thrown without a stack trace. */
    static final class Unsure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Unsure() {
            super(null, null, false, false);
        }
    }

    static final Unsure UNSURE = new Unsure();

    /** Eight bytes of the record at once, the first in the lowest bits, for the scans below (SWAR). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long ZEROS = 0x3030303030303030L;

    /** The high bit of each byte of {@code word} that is not zero (exact: no carry crosses a byte). */
    private static long nonZeroBytes(long word) {
        return (((word & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | word) & HIGH_BITS;
    }

    /** The high bit of each byte of {@code word} that a plain string cannot just pass: a quote, a backslash, a control character or a non-ASCII byte. */
    private static long stringStops(long word) {
        long quotes = ~nonZeroBytes(word ^ QUOTES) & HIGH_BITS;
        long backslashes = ~nonZeroBytes(word ^ BACKSLASHES) & HIGH_BITS;
        long controls = ~(((word & LOW_SEVEN_BITS) + 0x6060606060606060L) | word) & HIGH_BITS; // below 0x20
        return quotes | backslashes | controls | (word & HIGH_BITS);
    }

    /** The high bit of each byte of {@code word} that is not an ASCII digit. */
    private static long nonDigits(long word) {
        long offsets = word ^ ZEROS; // a digit becomes 0..9
        return (((offsets & LOW_SEVEN_BITS) + 0x7676767676767676L) | offsets) & HIGH_BITS; // 10 and above set the bit
    }

    private final byte[] data;
    private int position;
    /** The last number or string read by {@link #readNumber} or {@link #readString}: its bytes, without quotes. */
    private int tokenStart;
    private int tokenEnd;
    private boolean tokenIsFloat;

    JsonByteScanner(byte[] data) {
        this.data = data;
    }

    /** The byte at the cursor, or 0 past the end (which no caller accepts). */
    int peek() {
        return position < data.length ? data[position] : 0;
    }

    void skipWhitespace() {
        byte[] bytes = data;
        int p = position;
        while (p < bytes.length) {
            byte b = bytes[p];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            p++;
        }
        position = p;
    }

    /** Consumes {@code expected}, after whitespace, or gives up. */
    void expect(char expected) {
        skipWhitespace();
        if (peek() != expected) {
            throw UNSURE;
        }
        position++;
    }

    /** Consumes {@code c} if it is next, after whitespace. */
    boolean consume(char c) {
        skipWhitespace();
        if (peek() == c) {
            position++;
            return true;
        }
        return false;
    }

    /**
     * Reads a member name (the cursor is at its opening quote) and the colon after it. The name is the byte range
     * {@link #tokenStart}..{@link #tokenEnd}, compared by {@link #tokenEquals}; names with escapes give up.
     */
    void readName() {
        readPlainString();
        expect(':');
        skipWhitespace();
    }

    /** Whether the last name or string read equals {@code name}, given as its UTF-8 bytes. */
    boolean tokenEquals(byte[] name) {
        int length = tokenEnd - tokenStart;
        if (length != name.length) {
            return false;
        }
        byte[] bytes = data;
        for (int i = 0, p = tokenStart; i < length; i++, p++) {
            if (bytes[p] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** Skips the value at the cursor, checking that it is well formed. */
    void skipValue(int depth) {
        switch (peek()) {
            case '"' -> skipString();
            case '{' -> skipContainer(depth + 1, '}', true);
            case '[' -> skipContainer(depth + 1, ']', false);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> readNumber();
        }
    }

    /** Skips an object ({@code members}, closed by {@code '}'}) or an array (closed by {@code ']'}) at the cursor. */
    private void skipContainer(int depth, char close, boolean members) {
        if (depth > MAX_DEPTH) {
            throw UNSURE;
        }
        position++;
        if (consume(close)) {
            return;
        }
        do {
            skipWhitespace();
            if (members) {
                readName();
            }
            skipValue(depth);
        } while (consume(','));
        expect(close);
    }

    /** Consumes {@code word} ({@code true}, {@code false} or {@code null}) at the cursor. */
    void literal(String word) {
        byte[] bytes = data;
        int p = position;
        if (p + word.length() > bytes.length) {
            throw UNSURE;
        }
        for (int i = 0; i < word.length(); i++) {
            if (bytes[p + i] != word.charAt(i)) {
                throw UNSURE;
            }
        }
        position = p + word.length();
        requireDelimiter();
    }

    /** After a literal or a number, what follows must end the value (Jackson rejects {@code truex} or {@code 1a}). */
    private void requireDelimiter() {
        int next = peek();
        if (next != ',' && next != '}' && next != ']' && next != ' ' && next != '\n' && next != '\r' && next != '\t') {
            throw UNSURE;
        }
    }

    private void skipString() {
        byte[] bytes = data;
        int p = position + 1;
        while (true) {
            if (p >= bytes.length) {
                throw UNSURE;
            }
            byte b = bytes[p];
            if (b == '"') {
                position = p + 1;
                return;
            }
            if (b >= 0x20 && b != '\\') {
                p++;
            } else if (b == '\\') {
                p = skipEscape(p + 1);
            } else if (b < 0) {
                p = skipUtf8(p);
            } else {
                throw UNSURE; // a control character
            }
        }
    }

    private int skipEscape(int p) {
        if (p >= data.length) {
            throw UNSURE;
        }
        switch (data[p]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
                return p + 1;
            case 'u':
                if (p + 4 >= data.length) {
                    throw UNSURE;
                }
                for (int i = 1; i <= 4; i++) {
                    if (Character.digit(data[p + i], 16) < 0) {
                        throw UNSURE;
                    }
                }
                return p + 5;
            default:
                throw UNSURE;
        }
    }

    /** Skips one well-formed UTF-8 sequence of two to four bytes starting at {@code p}, strictly (RFC 3629). */
    private int skipUtf8(int p) {
        int lead = data[p] & 0xFF;
        int length;
        int secondLow = 0x80;
        int secondHigh = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                secondLow = 0xA0;
            } else if (lead == 0xED) {
                secondHigh = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                secondLow = 0x90;
            } else if (lead == 0xF4) {
                secondHigh = 0x8F;
            }
        } else {
            throw UNSURE;
        }
        if (p + length > data.length) {
            throw UNSURE;
        }
        int second = data[p + 1] & 0xFF;
        if (second < secondLow || second > secondHigh) {
            throw UNSURE;
        }
        for (int i = 2; i < length; i++) {
            if ((data[p + i] & 0xC0) != 0x80) {
                throw UNSURE;
            }
        }
        return p + length;
    }

    /**
     * Reads a string whose value is needed (the cursor is at its opening quote). Strings with escapes give up, so the
     * value is exactly the bytes between the quotes.
     */
    String readString() {
        boolean ascii = readPlainString();
        return new String(data, tokenStart, tokenEnd - tokenStart, ascii ? ISO_8859_1 : UTF_8);
    }

    /**
     * Reads a string without escapes or control characters, in well-formed UTF-8, whose opening quote is at the cursor:
     * its bytes become {@link #tokenStart}..{@link #tokenEnd}. Returns whether they are all ASCII.
     */
    private boolean readPlainString() {
        byte[] bytes = data;
        if (position >= bytes.length || bytes[position] != '"') {
            throw UNSURE;
        }
        int p = position + 1;
        boolean ascii = true;
        while (true) {
            while (p + Long.BYTES <= bytes.length) { // the plain bytes eight at a time, then the one that stops them
                long stops = stringStops((long) LONGS.get(bytes, p));
                if (stops != 0) {
                    p += Long.numberOfTrailingZeros(stops) >>> 3;
                    break;
                }
                p += Long.BYTES;
            }
            if (p >= bytes.length) {
                throw UNSURE;
            }
            byte b = bytes[p];
            if (b == '"') {
                break;
            }
            if (b >= 0x20 && b != '\\') {
                p++;
            } else if (b < 0) {
                ascii = false;
                p = skipUtf8(p);
            } else {
                throw UNSURE; // an escape or a control character
            }
        }
        tokenStart = position + 1;
        tokenEnd = p;
        position = p + 1;
        return ascii;
    }

    /**
     * Reads a number at the cursor, checking JSON's grammar (no leading zeros, no lone sign or point). Whether it has
     * a fraction or an exponent is {@link #tokenIsFloat()}.
     */
    void readNumber() {
        byte[] bytes = data;
        int p = position;
        int start = p;
        if (p < bytes.length && bytes[p] == '-') {
            p++;
        }
        int digits = countDigits(p);
        if (digits == 0 || digits > 1 && bytes[p] == '0') {
            throw UNSURE;
        }
        p += digits;
        boolean isFloat = false;
        if (p < bytes.length && bytes[p] == '.') {
            int fraction = countDigits(p + 1);
            if (fraction == 0) {
                throw UNSURE;
            }
            p += 1 + fraction;
            isFloat = true;
        }
        if (p < bytes.length && (bytes[p] == 'e' || bytes[p] == 'E')) {
            p++;
            if (p < bytes.length && (bytes[p] == '+' || bytes[p] == '-')) {
                p++;
            }
            int exponent = countDigits(p);
            if (exponent == 0) {
                throw UNSURE;
            }
            p += exponent;
            isFloat = true;
        }
        if (p - start > MAX_NUMBER_LENGTH) {
            throw UNSURE;
        }
        tokenStart = start;
        tokenEnd = p;
        tokenIsFloat = isFloat;
        position = p;
        requireDelimiter();
    }

    private int countDigits(int from) {
        byte[] bytes = data;
        int p = from;
        while (p + Long.BYTES <= bytes.length) {
            long stops = nonDigits((long) LONGS.get(bytes, p));
            if (stops != 0) {
                return p + (Long.numberOfTrailingZeros(stops) >>> 3) - from;
            }
            p += Long.BYTES;
        }
        while (p < bytes.length && bytes[p] >= '0' && bytes[p] <= '9') {
            p++;
        }
        return p - from;
    }

    boolean tokenIsFloat() {
        return tokenIsFloat;
    }

    /**
     * The last number read, as a long, when it is an integer of at most 18 digits (so it cannot overflow); gives up
     * otherwise.
     */
    long tokenAsLong() {
        byte[] bytes = data;
        int p = tokenStart;
        boolean negative = bytes[p] == '-';
        if (negative) {
            p++;
        }
        if (tokenIsFloat || tokenEnd - p > 18) {
            throw UNSURE;
        }
        long value = 0;
        for (; p < tokenEnd; p++) {
            value = value * 10 + (bytes[p] - '0');
        }
        return negative ? -value : value;
    }

    /**
     * The last number read, correctly rounded to a double: exactly when its digits fit a double's mantissa and the
     * power of ten is one a double holds (one correctly rounded operation then), by Jackson's parser otherwise.
     */
    double tokenAsDouble() {
        byte[] bytes = data;
        int p = tokenStart;
        boolean negative = bytes[p] == '-';
        if (negative) {
            p++;
        }
        long mantissa = 0;
        int significant = 0;
        int scale = 0;
        boolean inFraction = false;
        for (; p < tokenEnd; p++) {
            byte b = bytes[p];
            if (b == '.') {
                inFraction = true;
            } else if (b == 'e' || b == 'E') {
                break;
            } else {
                if (significant > 0 || b != '0') {
                    significant++;
                }
                if (significant > 18) {
                    return slowDouble();
                }
                mantissa = mantissa * 10 + (b - '0');
                if (inFraction) {
                    scale--;
                }
            }
        }
        if (p < tokenEnd) { // an exponent
            p++;
            boolean negativeExponent = bytes[p] == '-';
            if (bytes[p] == '-' || bytes[p] == '+') {
                p++;
            }
            if (tokenEnd - p > 4) {
                return slowDouble();
            }
            int exponent = 0;
            for (; p < tokenEnd; p++) {
                exponent = exponent * 10 + (bytes[p] - '0');
            }
            scale += negativeExponent ? -exponent : exponent;
        }
        if (mantissa > (1L << 53) || scale < -22 || scale > 22) {
            return slowDouble();
        }
        double value = scale < 0 ? mantissa / EXACT_POWERS_OF_TEN[-scale] : mantissa * EXACT_POWERS_OF_TEN[scale];
        return negative ? -value : value;
    }

    /** Jackson's own conversion (FastDoubleParser), for digits a double cannot hold exactly. */
    private double slowDouble() {
        return NumberInput.parseDouble(tokenText(), true);
    }

    /** The last number read, as a BigDecimal (with the scale its text gives, as Jackson's). */
    BigDecimal tokenAsDecimal() {
        return new BigDecimal(tokenText());
    }

    private String tokenText() {
        return new String(data, tokenStart, tokenEnd - tokenStart, ISO_8859_1);
    }
}
