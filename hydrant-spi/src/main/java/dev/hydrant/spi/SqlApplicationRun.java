package dev.hydrant.spi;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A running SQL application. */
public interface SqlApplicationRun {
    /**
     * Stops the application, taking the state that LAST_STOPPED_POINT resumes from (a savepoint or final
     * checkpoint); completes when it has stopped.
     */
    CompletableFuture<Void> stop();

    /** The error that stopped the application on its own, or null while it runs. */
    Throwable failure();

    /**
     * Samples the rows of one of the run's in-application streams: each sampled row, as a JSON object of its columns,
     * goes to {@code rows} (on an engine thread; it must not block) until the returned handle is closed. Empty when
     * the run has no stream of that name that can be tailed.
     */
    Optional<AutoCloseable> tail(String stream, Consumer<String> rows);
}
