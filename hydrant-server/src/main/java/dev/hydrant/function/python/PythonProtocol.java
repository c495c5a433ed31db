package dev.hydrant.function.python;

import static java.util.Objects.requireNonNull;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The framed protocol between {@link PythonWorker} and its Python process ({@code hydrant_bootstrap.py}), spoken on
 * the process's original stdin (requests) and stdout (responses). The bootstrap keeps duplicates of those two file
 * descriptors for the protocol and points fd 0 at {@code /dev/null} and fd 1 at stderr before it imports user code,
 * so neither {@code print()} nor C-level writes to stdout can corrupt a frame.
 *
 * <pre>
 * Frame (both directions, one per request or response):
 *  0                   4         5         6                   8                  12                 16
 * +-------------------+---------+---------+-------------------+------------------+------------------+
 * | magic 0x48594450  | version |  type   |     reserved      |  header length   |  payload length  |
 * |      ("HYDP")     |  (u8)   |  (u8)   |       (u16)       |      (i32)       |      (i32)       |
 * +-------------------+---------+---------+-------------------+------------------+------------------+
 * |                  header: a UTF-8 JSON object (header length bytes)                                |
 * +---------------------------------------------------------------------------------------------------+
 * |                  payload (payload length bytes)                                                   |
 * +---------------------------------------------------------------------------------------------------+
 * </pre>
 *
 * All integers are big-endian. Frame types:
 * <ul>
 *   <li>{@link #INVOKE} (Java to Python): header {@code {"requestId", "invokedFunctionArn", "deadlineMillis",
 *       "remainingMillis"}}, payload the event JSON. The handler's {@code get_remaining_time_in_millis()} counts
 *       {@code remainingMillis} (measured with Hydrant's clock when the frame is sent) down on Python's monotonic
 *       clock, so both sides agree on the deadline even when their wall clocks do not.
 *   <li>{@link #RESULT} (Python to Java): header {@code {"requestId"}}, payload the handler's return value as JSON.
 *   <li>{@link #ERROR} (Python to Java): header {@code {"requestId"}}, payload Lambda's error document
 *       {@code {"errorMessage", "errorType", "requestId", "stackTrace"}}: the handler raised, its module failed to
 *       import, or its result could not be serialised.
 * </ul>
 *
 * Exactly one response follows each request. The process exits when its stdin ends. A process that exits, or whose
 * stdout ends, while a request is outstanding has died; it is never sent another request.
 *
 * <p>Invocation boundaries are also marked on stderr, so that log lines can be attributed to a request id: the
 * bootstrap writes {@link #LOG_MARKER}{@code start <requestId>} before the handler runs and
 * {@link #LOG_MARKER}{@code end <requestId>} after it returns, each on its own line, after flushing Python's streams.
 */
public final class PythonProtocol {
    public static final int MAGIC = 0x48594450;
    public static final byte VERSION = 1;
    public static final int FRAME_HEADER_BYTES = 16;
    public static final byte INVOKE = 1;
    public static final byte RESULT = 2;
    public static final byte ERROR = 3;
    /** Lambda's synchronous response limit; the bootstrap reports larger results as Function.ResponseSizeTooLarge. */
    public static final int MAX_RESPONSE_BYTES = 6_291_556;
    /** Headers are small JSON objects; anything larger means the stream is corrupt. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    public static final String LOG_MARKER = "\u001e\u001ehydrant-invocation-";
    public static final String LOG_MARKER_START = LOG_MARKER + "start ";
    public static final String LOG_MARKER_END = LOG_MARKER + "end ";

    private PythonProtocol() {}

    /** One decoded frame. */
    public record Frame(byte type, byte[] header, byte[] payload) {
        public Frame {
            requireNonNull(header, "header is null");
            requireNonNull(payload, "payload is null");
        }
    }

    public static void write(OutputStream output, byte type, byte[] header, byte[] payload) throws IOException {
        ByteBuffer prefix = ByteBuffer.allocate(FRAME_HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        prefix.putInt(MAGIC).put(VERSION).put(type).putShort((short) 0).putInt(header.length).putInt(payload.length);
        output.write(prefix.array());
        output.write(header);
        output.write(payload);
        output.flush();
    }

    /** Reads one frame; returns null when the stream ends cleanly before a frame starts. */
    public static Frame read(InputStream input) throws IOException {
        DataInputStream data = new DataInputStream(input);
        byte[] prefixBytes = new byte[FRAME_HEADER_BYTES];
        int first = data.read(prefixBytes, 0, FRAME_HEADER_BYTES);
        if (first < 0) {
            return null;
        }
        data.readFully(prefixBytes, first, FRAME_HEADER_BYTES - first);
        ByteBuffer prefix = ByteBuffer.wrap(prefixBytes).order(ByteOrder.BIG_ENDIAN);
        int magic = prefix.getInt();
        byte version = prefix.get();
        byte type = prefix.get();
        prefix.getShort();
        int headerLength = prefix.getInt();
        int payloadLength = prefix.getInt();
        if (magic != MAGIC) {
            throw new ProtocolException(String.format("bad frame magic 0x%08X", magic));
        }
        if (version != VERSION) {
            throw new ProtocolException("unsupported frame version " + version);
        }
        if (type != RESULT && type != ERROR) {
            throw new ProtocolException("unexpected frame type " + type);
        }
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new ProtocolException("bad header length " + headerLength);
        }
        if (payloadLength < 0 || payloadLength > MAX_RESPONSE_BYTES + MAX_HEADER_BYTES) {
            throw new ProtocolException("bad payload length " + payloadLength);
        }
        byte[] header = new byte[headerLength];
        data.readFully(header);
        byte[] payload = new byte[payloadLength];
        data.readFully(payload);
        return new Frame(type, header, payload);
    }

    /** The stream does not follow the protocol; the process must not be used again. */
    public static final class ProtocolException extends IOException {
        public ProtocolException(String message) {
            super(requireNonNull(message, "message is null"));
        }
    }
}
