package dev.hydrant.function.python;

import static java.util.Objects.requireNonNull;

import dev.hydrant.function.FunctionLog;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * One running {@code python3} bootstrap process: its protocol streams and the thread that copies its stderr into the
 * function log. Used by one {@link PythonWorker} thread at a time; {@link #kill} may be called from any thread.
 */
final class PythonProcess {
    private static final long EXIT_WAIT_MILLIS = 5_000;

    private final Process process;
    private final OutputStream requests;
    private final InputStream responses;
    private final Thread stderrReader;

    PythonProcess(Process process, FunctionLog functionLog, String threadName) {
        this.process = requireNonNull(process, "process is null");
        requireNonNull(functionLog, "functionLog is null");
        requireNonNull(threadName, "threadName is null");
        this.requests = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
        this.responses = process.getInputStream();
        this.stderrReader = new Thread(new PythonStderrReader(process.getErrorStream(), functionLog), threadName);
        stderrReader.setDaemon(true);
        stderrReader.start();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends one request and waits for its response; null when the process ended its stdout first. */
    PythonProtocol.Frame exchange(byte[] header, byte[] payload) throws IOException {
        PythonProtocol.write(requests, PythonProtocol.INVOKE, header, payload);
        return PythonProtocol.read(responses);
    }

    void kill() {
        process.destroyForcibly();
    }

    /**
     * Waits for a process whose response stream failed to exit, and describes how it ended in the words of Lambda's
     * {@code Runtime exited with error: ...}; kills it if it is still running after a grace period.
     */
    String exitDescription() throws InterruptedException {
        if (!process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return describeExit(process.exitValue());
    }

    /** Java reports a process killed by signal N as exit value 128 + N. */
    static String describeExit(int exitValue) {
        switch (exitValue) {
            case 128 + 6:
                return "signal: aborted";
            case 128 + 9:
                return "signal: killed";
            case 128 + 11:
                return "signal: segmentation fault";
            case 128 + 15:
                return "signal: terminated";
            default:
                return "exit status " + exitValue;
        }
    }
}
