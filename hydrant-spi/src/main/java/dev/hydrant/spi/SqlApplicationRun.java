package dev.hydrant.spi;

import java.util.concurrent.CompletableFuture;

/** A running SQL application. */
public interface SqlApplicationRun {
    /**
     * Stops the application, taking the state that LAST_STOPPED_POINT resumes from (a savepoint or final
     * checkpoint); completes when it has stopped.
     */
    CompletableFuture<Void> stop();

    /** The error that stopped the application on its own, or null while it runs. */
    Throwable failure();
}
