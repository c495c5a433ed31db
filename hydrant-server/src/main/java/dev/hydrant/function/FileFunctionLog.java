package dev.hydrant.function;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.EpochClock;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's log file, {@code <data-dir>/logs/functions/<name>.log}, standing in for the CloudWatch log group
 * {@code /aws/lambda/NAME}. Each line is written as {@code <ISO-8601 time> <request id or -> <text>} and flushed (not
 * fsynced). While an invocation with {@code LogType: Tail} runs, its lines are also kept in memory, up to the last
 * {@value #TAIL_BYTES} bytes, for the {@code X-Amz-Log-Result} header. Function output can hold record payloads, so it
 * reaches Hydrant's own log only at TRACE. Thread safe.
 */
public final class FileFunctionLog implements FunctionLog, AutoCloseable {
    public static final int TAIL_BYTES = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(FileFunctionLog.class);

    private final String functionName;
    private final Path file;
    private final EpochClock clock;
    private final Map<String, Tail> tails = new ConcurrentHashMap<>();
    private Writer writer;
    private boolean failureReported;

    public FileFunctionLog(String functionName, Path file, EpochClock clock) {
        this.functionName = requireNonNull(functionName, "functionName is null");
        this.file = requireNonNull(file, "file is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Path file() {
        return file;
    }

    @Override
    public void line(String requestId, String line) {
        String text = line == null ? "" : line;
        String prefix = Instant.ofEpochMilli(clock.millis()) + " " + (requestId == null ? "-" : requestId) + " ";
        write(prefix + text + "\n");
        if (requestId != null) {
            Tail tail = tails.get(requestId);
            if (tail != null) {
                tail.append(text + "\n");
            }
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("[{}] {}{}", functionName, prefix, text);
        }
    }

    /** Starts keeping the lines of invocation {@code requestId} for {@link #endCapture}. */
    public void startCapture(String requestId) {
        tails.put(requireNonNull(requestId, "requestId is null"), new Tail());
    }

    /** The last {@value #TAIL_BYTES} bytes of the lines of {@code requestId} since {@link #startCapture}. */
    public String endCapture(String requestId) {
        Tail tail = tails.remove(requestId);
        return tail == null ? "" : tail.text();
    }

    private synchronized void write(String text) {
        try {
            if (writer == null) {
                Files.createDirectories(file.getParent());
                writer = new BufferedWriter(Files.newBufferedWriter(file, UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
            }
            writer.write(text);
            writer.flush();
        }
        catch (IOException e) {
            if (!failureReported) {
                failureReported = true;
                LOG.warn("Failed to write the log of function {} to {}; further failures are not reported", functionName, file, e);
            }
        }
    }

    /** Closes the file; a later line reopens it. */
    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            }
            catch (IOException e) {
                LOG.warn("Failed to close the log of function {}", functionName, e);
            }
            writer = null;
        }
    }

    private static final class Tail {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        synchronized void append(String text) {
            byte[] encoded = text.getBytes(UTF_8);
            bytes.write(encoded, 0, encoded.length);
            if (bytes.size() > 4 * TAIL_BYTES) {
                byte[] last = last(bytes.toByteArray());
                bytes.reset();
                bytes.write(last, 0, last.length);
            }
        }

        synchronized String text() {
            return new String(last(bytes.toByteArray()), UTF_8);
        }

        /** The last TAIL_BYTES bytes, starting on a UTF-8 character boundary. */
        private static byte[] last(byte[] all) {
            int start = Math.max(0, all.length - TAIL_BYTES);
            while (start < all.length && (all[start] & 0xC0) == 0x80) {
                start++;
            }
            return Arrays.copyOfRange(all, start, all.length);
        }
    }
}
