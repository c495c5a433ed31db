package dev.hydrant.application;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.SqlApplication;
import dev.hydrant.spi.SqlApplicationEngine;
import dev.hydrant.spi.SqlApplicationRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SQL engine that runs nothing: {@link #validate} rejects code containing {@link #INVALID_MARKER} (at the marker's
 * line and column), and {@link #start} records what it was given and returns a run that copies nothing.
 */
public final class TestingSqlApplicationEngine implements SqlApplicationEngine {
    public static final String INVALID_MARKER = "SYNTAX_ERROR_HERE";

    private final List<Start> starts = new CopyOnWriteArrayList<>();
    private volatile RuntimeException nextStartFailure;
    private volatile boolean closed;

    /** One call of {@link #start}, with the run it returned. */
    public record Start(SqlApplication application, Map<String, String> startingPositions, Context context, TestingRun run) {}

    @Override
    public List<CodeProblem> validate(SqlApplication application) {
        List<CodeProblem> problems = new ArrayList<>();
        String[] lines = application.code().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int column = lines[i].indexOf(INVALID_MARKER);
            if (column >= 0) {
                problems.add(new CodeProblem(i + 1, column + 1, "Encountered \"" + INVALID_MARKER + "\""));
            }
        }
        return problems;
    }

    @Override
    public SqlApplicationRun start(SqlApplication application, Map<String, String> startingPositions, Context context) {
        RuntimeException failure = nextStartFailure;
        if (failure != null) {
            nextStartFailure = null;
            throw failure;
        }
        TestingRun run = new TestingRun();
        starts.add(new Start(application, Map.copyOf(startingPositions), context, run));
        return run;
    }

    /** Runs nothing: bounded runs are for the real engine ({@code hydrant sql run}). */
    @Override
    public CompletableFuture<Void> runBounded(SqlApplication application, Map<String, String> startingPositions, Context context) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("the testing engine has no bounded runs"));
    }

    /** Makes the next {@link #start} throw {@code failure}. */
    public void failNextStart(RuntimeException failure) {
        nextStartFailure = requireNonNull(failure, "failure is null");
    }

    public List<Start> starts() {
        return List.copyOf(starts);
    }

    public Start lastStart() {
        if (starts.isEmpty()) {
            throw new AssertionError("the engine was never started");
        }
        return starts.get(starts.size() - 1);
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A run that does nothing until stopped, or until {@link #fail} makes it fail on its own. */
    public static final class TestingRun implements SqlApplicationRun {
        private volatile boolean stopped;
        private volatile Throwable failure;

        @Override
        public CompletableFuture<Void> stop() {
            stopped = true;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public java.util.Optional<AutoCloseable> tail(String stream, java.util.function.Consumer<String> rows) {
            return java.util.Optional.empty();
        }

        @Override
        public Throwable failure() {
            return failure;
        }

        public void fail(Throwable error) {
            failure = requireNonNull(error, "error is null");
        }

        public boolean stopped() {
            return stopped;
        }
    }
}
