package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * Runs Kinesis Data Analytics SQL applications. The embedded implementation (module hydrant-analytics) translates KDA
 * SQL to Flink SQL and runs it on one in-process Flink MiniCluster; it is found with {@link ServiceLoader}, so the
 * server never sees Flink. A remote Flink cluster can implement the same contract.
 */
public interface SqlApplicationEngine extends AutoCloseable {
    /** The engine on the class path, if any. */
    static java.util.Optional<SqlApplicationEngine> load() {
        return ServiceLoader.load(SqlApplicationEngine.class).findFirst();
    }

    /**
     * Checks the code against the application's inputs, outputs and reference tables without running it. Empty when
     * valid; the API answers CodeValidationException with the problems otherwise.
     */
    List<CodeProblem> validate(SqlApplication application);

    /**
     * Starts the application (the first call starts the engine). The run reads each input's delivery stream from
     * {@code startingPositions} (by input id: {@code NOW}, {@code TRIM_HORIZON} or {@code LAST_STOPPED_POINT}) and
     * appends each output's rows to its delivery stream through {@code context}.
     */
    SqlApplicationRun start(SqlApplication application, Map<String, String> startingPositions, Context context);

    /**
     * Runs the application over the input already in its delivery streams, then finishes: a bounded run, for checking
     * an application offline ({@code hydrant sql run}). Each input is read from {@code startingPositions} ({@code NOW}
     * or {@code TRIM_HORIZON}) up to the end offset its log has when the run starts; reaching it ends event time, so
     * every window still open closes and emits, as if the stream had gone on long enough. The future completes when
     * every output row has been appended through {@code context}, and completes exceptionally with the error when the
     * run fails; cancelling it cancels the run. A bounded run takes no checkpoints and is not restarted on failure, so
     * nothing resumes from it.
     */
    CompletableFuture<Void> runBounded(SqlApplication application, Map<String, String> startingPositions, Context context);

    /**
     * A hint that no code checks are expected soon (a batch of them, such as the apply of {@code hydrant up}, is
     * over): what the engine keeps warm for them can be let go now rather than after its usual idle time.
     */
    default void checksDone() {}

    @Override
    void close();

    /** A problem in the application code, 1-based line and column, in KDA's words. */
    record CodeProblem(int line, int column, String message) {
        public CodeProblem {
            requireNonNull(message, "message is null");
        }

        @Override
        public String toString() {
            return "line " + line + ", column " + column + ": " + message;
        }
    }

    /** What a run may use of the server. */
    interface Context {
        /** The log of a delivery stream, to read an input from. */
        RecordLog log(String deliveryStream);

        /**
         * Appends records to a delivery stream, exactly as a PutRecordBatch would: durable when the future
         * completes with {@link AppendResult.Appended}; {@link AppendResult.Backpressured} means retry later.
         */
        CompletableFuture<AppendResult> put(String deliveryStream, List<byte[]> records);

        /** Local buckets, for reference data. */
        ObjectStore store();

        /** Functions, for input preprocessing Lambdas. */
        FunctionInvoker functions();

        /** A directory that survives restarts, for checkpoints and savepoints of this application. */
        Path stateDirectory();

        EpochClock clock();
    }
}
