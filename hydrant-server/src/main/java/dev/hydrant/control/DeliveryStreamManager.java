package dev.hydrant.control;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hydrant.delivery.DeliveryTask;
import dev.hydrant.delivery.ProcessingBatching;
import dev.hydrant.processor.ProcessingChain;
import dev.hydrant.processor.ProcessingChainFactory;
import dev.hydrant.delivery.ErrorEventLog;
import dev.hydrant.log.LogConfig;
import dev.hydrant.log.SegmentedLog;
import dev.hydrant.metrics.StreamMetrics;
import dev.hydrant.spi.AppendResult;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.ObjectStore;
import dev.hydrant.spi.RecordBatch;
import dev.hydrant.storage.AtomicFiles;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the delivery streams: their model, persisted in {@code <data-dir>/state/delivery-streams.json}, and for each
 * one its durable log and its delivery task. Control operations are serialised; puts go straight to the log.
 */
public final class DeliveryStreamManager implements AutoCloseable {
    public static final int MAX_STREAMS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStreamManager.class);
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dataDirectory;
    private final String region;
    private final String accountId;
    private final LogConfig logConfig;
    private final ObjectStore store;
    private final EpochClock clock;
    private final MeterRegistry registry;
    private final ProcessingChainFactory processingChainFactory;
    private final Path stateFile;
    private final Map<String, ManagedStream> streams = new ConcurrentHashMap<>();

    public DeliveryStreamManager(Path dataDirectory, String region, String accountId, LogConfig logConfig, ObjectStore store, EpochClock clock, MeterRegistry registry,
            ProcessingChainFactory processingChainFactory) {
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
        this.region = requireNonNull(region, "region is null");
        this.accountId = requireNonNull(accountId, "accountId is null");
        this.logConfig = requireNonNull(logConfig, "logConfig is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.processingChainFactory = requireNonNull(processingChainFactory, "processingChainFactory is null");
        this.stateFile = dataDirectory.resolve("state").resolve("delivery-streams.json");
    }

    /** Loads the persisted streams, recovers their logs and starts their delivery tasks. */
    public synchronized void start() throws IOException {
        if (!Files.exists(stateFile)) {
            return;
        }
        List<DeliveryStream> saved = MAPPER.readValue(stateFile.toFile(), new TypeReference<List<DeliveryStream>>() {});
        for (DeliveryStream stream : saved) {
            streams.put(stream.name(), open(stream));
        }
        deleteOrphanedLogs();
        LOG.info("Recovered {} delivery streams", saved.size());
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public String arnOf(String name) {
        return "arn:aws:firehose:" + region + ":" + accountId + ":deliverystream/" + name;
    }

    public synchronized DeliveryStream create(String name, S3DestinationConfig destination, boolean extendedS3, Map<String, String> tags) {
        if (streams.containsKey(name)) {
            throw new HydrantException(ErrorCode.RESOURCE_IN_USE, "Firehose " + name + " under accountId " + accountId + " already exists");
        }
        if (streams.size() >= MAX_STREAMS) {
            throw new HydrantException(ErrorCode.LIMIT_EXCEEDED, "You have already consumed your firehose quota of " + MAX_STREAMS + " hoses. Firehose names: " + streams.size());
        }
        checkBucket(destination);
        long now = clock.millis();
        DeliveryStream stream = new DeliveryStream(name, arnOf(name), DeliveryStreamStatus.ACTIVE, 1, now, now, DeliveryStream.DESTINATION_ID, extendedS3, destination, tags);
        try {
            deleteDirectory(streamDirectory(name));
            streams.put(name, open(stream));
            save();
        }
        catch (IOException e) {
            throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Failed to create delivery stream " + name + ": " + e.getMessage(), e);
        }
        LOG.info("Created delivery stream {} delivering to bucket {}", name, destination.bucketName());
        return stream;
    }

    public DeliveryStream describe(String name) {
        return managed(name).stream();
    }

    public Optional<DeliveryStream> find(String name) {
        ManagedStream managed = streams.get(name);
        return managed == null ? Optional.empty() : Optional.of(managed.stream());
    }

    /** Names in alphabetical order, as Firehose lists them. */
    public List<String> names() {
        return streams.keySet().stream().sorted().toList();
    }

    /** Deletes a stream after delivering what it has already acknowledged. */
    public synchronized void delete(String name) {
        ManagedStream managed = managed(name);
        streams.remove(name);
        managed.close();
        try {
            save();
            deleteDirectory(streamDirectory(name));
        }
        catch (IOException e) {
            throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Failed to delete delivery stream " + name + ": " + e.getMessage(), e);
        }
        LOG.info("Deleted delivery stream {}", name);
    }

    /** UpdateDestination: checks the version, drains delivery under the old settings, then restarts with the new. */
    public synchronized DeliveryStream updateDestination(String name, long currentVersionId, String destinationId, S3DestinationConfig destination, boolean extendedS3) {
        ManagedStream managed = managed(name);
        DeliveryStream current = managed.stream();
        if (current.versionId() != currentVersionId) {
            throw new HydrantException(ErrorCode.CONCURRENT_MODIFICATION,
                    "Cannot update firehose: " + name + " since the current version id: " + current.versionId() + " and the specified version id: " + currentVersionId + " do not match");
        }
        if (!current.destinationId().equals(destinationId)) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Destination Id " + destinationId + " not found for " + name);
        }
        DeliveryStream updated = current.withDestination(destination, extendedS3, clock.millis());
        checkBucket(destination);
        managed.task().stop(true);
        ManagedStream replacement = managed.withTask(newTask(updated, managed.log(), managed.metrics()));
        streams.put(name, replacement);
        save();
        replacement.task().start();
        LOG.info("Updated destination of {} to version {}", name, updated.versionId());
        return updated;
    }

    public synchronized void tag(String name, Map<String, String> tags) {
        ManagedStream managed = managed(name);
        Map<String, String> merged = new TreeMap<>(managed.stream().tags());
        merged.putAll(tags);
        if (merged.size() > 50) {
            throw new HydrantException(ErrorCode.LIMIT_EXCEEDED, "A delivery stream can have at most 50 tags");
        }
        replaceModel(managed, managed.stream().withTags(merged));
    }

    public synchronized void untag(String name, List<String> keys) {
        ManagedStream managed = managed(name);
        Map<String, String> remaining = new TreeMap<>(managed.stream().tags());
        keys.forEach(remaining::remove);
        replaceModel(managed, managed.stream().withTags(remaining));
    }

    private void replaceModel(ManagedStream managed, DeliveryStream stream) {
        streams.put(stream.name(), managed.withModel(stream));
        save();
    }

    /**
     * Appends records to the stream's log. The future completes once they are fsynced, or with backpressure.
     * Throws ResourceNotFoundException for an unknown stream.
     */
    public CompletableFuture<AppendResult> put(String name, RecordBatch records) {
        ManagedStream managed = managed(name);
        return managed.log().append(0, records, clock.millis());
    }

    /** Streams whose delivery task stopped on an internal error (a corrupt log, a bug); their data stays in the log. */
    public List<String> failedDeliveryStreams() {
        return streams.values().stream().filter(managed -> managed.task().failure() != null).map(managed -> managed.stream().name()).sorted().toList();
    }

    public StreamMetrics metrics(String name) {
        return managed(name).metrics();
    }

    public SegmentedLog log(String name) {
        return managed(name).log();
    }

    /** Refuses bucket names the object store cannot hold, before any record is acknowledged for them. */
    private void checkBucket(S3DestinationConfig destination) {
        store.bucketExists(destination.bucketName());
    }

    private ManagedStream managed(String name) {
        ManagedStream managed = streams.get(name);
        if (managed == null) {
            throw new HydrantException(ErrorCode.RESOURCE_NOT_FOUND, "Firehose " + name + " under account " + accountId + " not found.");
        }
        return managed;
    }

    private ManagedStream open(DeliveryStream stream) throws IOException {
        Path directory = streamDirectory(stream.name());
        SegmentedLog log = SegmentedLog.open(stream.name(), directory.resolve("log"), logConfig, clock);
        ManagedStream managed = new ManagedStream(stream, log, newTask(stream, log, new StreamMetrics(registry, stream.name(), clock::millis)));
        log.onAppend((partition, endOffset) -> {
            ManagedStream current = streams.get(stream.name());
            if (current != null) {
                current.task().wake();
            }
        });
        managed.task().start();
        return managed;
    }

    private DeliveryTask newTask(DeliveryStream stream, SegmentedLog log, StreamMetrics metrics) {
        CloudWatchLoggingOptions logging = stream.destination().cloudWatchLoggingOptions();
        ErrorEventLog errorEventLog = logging.enabled()
                ? new ErrorEventLog(dataDirectory.resolve("logs"), logging.logGroupName(), logging.logStreamName())
                : null;
        ProcessingChain processing = processingChainFactory.create(stream);
        ProcessingBatching batching = ProcessingChainFactory.lambdaOf(stream.destination().processingConfiguration())
                .map(lambda -> new ProcessingBatching(lambda.bufferSizeInBytes(), lambda.bufferIntervalMillis()))
                .orElse(ProcessingBatching.IMMEDIATE);
        return new DeliveryTask(stream, log, store, streamDirectory(stream.name()), clock, metrics, errorEventLog, processing, batching);
    }

    private Path streamDirectory(String name) {
        return dataDirectory.resolve("streams").resolve(name);
    }

    private void save() {
        List<DeliveryStream> all = streams.values().stream().map(ManagedStream::stream).sorted(Comparator.comparing(DeliveryStream::name)).toList();
        try {
            AtomicFiles.write(stateFile, MAPPER.writeValueAsBytes(all));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to save delivery streams to " + stateFile, e);
        }
    }

    private void deleteOrphanedLogs() throws IOException {
        Path root = dataDirectory.resolve("streams");
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> directories = Files.list(root)) {
            for (Path directory : directories.toList()) {
                if (!streams.containsKey(directory.getFileName().toString())) {
                    LOG.info("Removing data of deleted delivery stream {}", directory.getFileName());
                    deleteDirectory(directory);
                }
            }
        }
    }

    private static void deleteDirectory(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            List<Path> paths = new ArrayList<>(walk.toList());
            paths.sort(Comparator.reverseOrder());
            for (Path path : paths) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Drains every delivery task and closes the logs. */
    @Override
    public synchronized void close() {
        List<ManagedStream> all = new ArrayList<>(streams.values());
        all.parallelStream().forEach(managed -> managed.task().stop(true));
        all.forEach(ManagedStream::close);
        streams.clear();
    }

    private record ManagedStream(DeliveryStream stream, SegmentedLog log, DeliveryTask task) {
        StreamMetrics metrics() {
            return task.metrics();
        }

        ManagedStream withTask(DeliveryTask newTask) {
            return new ManagedStream(newTask.stream(), log, newTask);
        }

        ManagedStream withModel(DeliveryStream newModel) {
            return new ManagedStream(newModel, log, task);
        }

        void close() {
            task.stop(true);
            task.metrics().close();
            log.close();
        }
    }
}
