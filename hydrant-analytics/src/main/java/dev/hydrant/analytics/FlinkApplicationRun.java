package dev.hydrant.analytics;

import static java.util.Objects.requireNonNull;

import dev.hydrant.analytics.connector.ApplicationContexts;
import dev.hydrant.analytics.connector.ReferenceTables;
import dev.hydrant.analytics.connector.StreamTaps;
import dev.hydrant.spi.SqlApplicationRun;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One application's Flink job on the shared MiniCluster. */
final class FlinkApplicationRun implements SqlApplicationRun {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkApplicationRun.class);
    /** A tail samples at most ten rows a second. */
    private static final long TAIL_INTERVAL_NANOS = 100_000_000L;

    private static final int STOP_ATTEMPTS = 60;
    private static final long STOP_RETRY_MILLIS = 250;

    private final String applicationName;
    private final JobID jobId;
    private final MiniCluster cluster;
    private final String contextKey;
    private final Path stateDirectory;
    /** The in-application streams whose rows {@link #tail} can sample: the inputs' and the outputs'. */
    private final Set<String> tailable;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile Throwable failure;

    FlinkApplicationRun(String applicationName, JobID jobId, MiniCluster cluster, String contextKey, Path stateDirectory, Set<String> tailable) {
        this.applicationName = requireNonNull(applicationName, "applicationName is null");
        this.jobId = requireNonNull(jobId, "jobId is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.contextKey = requireNonNull(contextKey, "contextKey is null");
        this.stateDirectory = requireNonNull(stateDirectory, "stateDirectory is null");
        this.tailable = Set.copyOf(tailable);
        cluster.requestJobResult(jobId).whenComplete((result, error) -> {
            Throwable cause = error != null ? error : result.getSerializedThrowable().orElse(null);
            if (cause != null && !stopping.get()) {
                failure = cause;
                LOG.error("Application {} failed", applicationName, cause);
            } else {
                LOG.info("Application {} stopped", applicationName);
            }
            ApplicationContexts.unregister(contextKey);
            ReferenceTables.unregisterRun(contextKey);
            terminated.complete(null);
        });
    }

    /** Completes when the job has reached a terminal state, for whatever reason. */
    CompletableFuture<Void> terminated() {
        return terminated;
    }

    JobID jobId() {
        return jobId;
    }

    @Override
    public CompletableFuture<Void> stop() {
        if (!stopping.compareAndSet(false, true) || terminated.isDone()) {
            return terminated;
        }
        String target = ApplicationState.savepoints(stateDirectory).toUri().toString();
        return stopWithSavepoint(target, 1).thenCompose(ignored -> terminated);
    }

    /**
     * Stops with a savepoint. A job that is still initializing or deploying its tasks (StopApplication right after
     * StartApplication) cannot take one yet, so the stop is tried again for a while; a job that still cannot is
     * cancelled rather than left running, and LAST_STOPPED_POINT then resumes from its last retained checkpoint.
     */
    private CompletableFuture<Void> stopWithSavepoint(String target, int attempt) {
        return cluster.stopWithSavepoint(jobId, target, false, SavepointFormatType.CANONICAL)
                .thenAccept(savepoint -> {
                    ApplicationState.recordStoppedPoint(stateDirectory, savepoint);
                    LOG.info("Application {} stopped with savepoint {}", applicationName, savepoint);
                })
                .exceptionallyCompose(error -> {
                    if (terminated.isDone()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    if (attempt < STOP_ATTEMPTS) {
                        LOG.debug("Application {}: no savepoint yet (attempt {}): {}", applicationName, attempt, error.toString());
                        return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(STOP_RETRY_MILLIS, TimeUnit.MILLISECONDS))
                                .thenCompose(ignored -> stopWithSavepoint(target, attempt + 1));
                    }
                    LOG.warn("Application {}: cannot take a savepoint ({}); cancelling it, LAST_STOPPED_POINT resumes from its last checkpoint",
                            applicationName, error.toString());
                    return cluster.cancelJob(jobId).thenApply(acknowledge -> null);
                });
    }

    /** Cancels without a savepoint; LAST_STOPPED_POINT then resumes from the last retained checkpoint. */
    CompletableFuture<Void> cancel() {
        stopping.set(true);
        if (terminated.isDone()) {
            return terminated;
        }
        return cluster.cancelJob(jobId).thenCompose(ignored -> terminated);
    }

    @Override
    public Optional<AutoCloseable> tail(String stream, Consumer<String> rows) {
        String name = tailable.contains(stream) ? stream
                : tailable.stream().filter(candidate -> candidate.equalsIgnoreCase(stream)).findFirst().orElse(null);
        if (name == null || terminated.isDone()) {
            return Optional.empty();
        }
        return Optional.of(StreamTaps.subscribe(StreamTaps.key(contextKey, name), TAIL_INTERVAL_NANOS, rows));
    }

    @Override
    public Throwable failure() {
        return failure;
    }
}
