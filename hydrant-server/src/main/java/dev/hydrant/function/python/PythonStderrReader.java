package dev.hydrant.function.python;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.hydrant.function.FunctionLog;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one Python process's stderr (where the bootstrap also sends stdout) line by line into the {@link FunctionLog},
 * attributing each line to the invocation the bootstrap marked as running ({@link PythonProtocol#LOG_MARKER}). Lines
 * longer than {@link #MAX_LINE_BYTES} are split, as CloudWatch splits oversized events.
 */
final class PythonStderrReader implements Runnable {
    static final int MAX_LINE_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(PythonStderrReader.class);

    private final InputStream stderr;
    private final FunctionLog functionLog;
    private String requestId;
    private long failedLines;

    PythonStderrReader(InputStream stderr, FunctionLog functionLog) {
        this.stderr = requireNonNull(stderr, "stderr is null");
        this.functionLog = requireNonNull(functionLog, "functionLog is null");
    }

    @Override
    public void run() {
        byte[] chunk = new byte[8192];
        byte[] line = new byte[1024];
        int lineLength = 0;
        try (stderr) {
            int count;
            while ((count = stderr.read(chunk)) >= 0) {
                for (int index = 0; index < count; index++) {
                    byte next = chunk[index];
                    if (next == '\n') {
                        emit(line, lineLength);
                        lineLength = 0;
                        continue;
                    }
                    if (lineLength == MAX_LINE_BYTES) {
                        emit(line, lineLength);
                        lineLength = 0;
                    }
                    if (lineLength == line.length) {
                        line = Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE_BYTES));
                    }
                    line[lineLength++] = next;
                }
            }
        }
        catch (IOException e) {
            // the process was killed; whatever it wrote last is lost, as it would be in Lambda
        }
        if (lineLength > 0) {
            emit(line, lineLength);
        }
        if (failedLines > 0) {
            LOG.warn("Function log rejected {} lines", failedLines);
        }
    }

    private void emit(byte[] bytes, int length) {
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        String text = new String(bytes, 0, length, UTF_8);
        int marker = text.indexOf(PythonProtocol.LOG_MARKER);
        if (marker < 0) {
            deliver(text);
            return;
        }
        if (marker > 0) {
            deliver(text.substring(0, marker));
        }
        String rest = text.substring(marker);
        if (rest.startsWith(PythonProtocol.LOG_MARKER_START)) {
            requestId = rest.substring(PythonProtocol.LOG_MARKER_START.length());
        }
        else if (rest.startsWith(PythonProtocol.LOG_MARKER_END)) {
            requestId = null;
        }
        else {
            deliver(rest);
        }
    }

    private void deliver(String text) {
        try {
            functionLog.line(requestId, text);
        }
        catch (RuntimeException e) {
            if (failedLines++ == 0) {
                LOG.warn("Function log rejected a line", e);
            }
        }
    }
}
