package dev.hydrant.application;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hydrant.control.DeliveryStreamManager;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionInvoker;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.destination.local.LocalObjectStore;
import dev.hydrant.spi.LogReader;
import dev.hydrant.spi.LogRecord;
import dev.hydrant.spi.RecordLog;
import dev.hydrant.spi.SqlApplication;
import dev.hydrant.spi.SqlApplicationEngine;
import dev.hydrant.spi.SqlApplicationEngine.CodeProblem;
import dev.hydrant.spi.SqlApplicationRun;
import dev.hydrant.storage.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Owns the Kinesis Data Analytics (SQL) applications: their model, persisted in
 * {@code <data-dir>/state/applications.json}, and their runs on the {@link SqlApplicationEngine}.
 *
 * <p>Lifecycle. StartApplication answers at once with STARTING; a worker calls the engine's start and moves the
 * application to RUNNING, or back to READY (the failure logged) when the start fails. StopApplication moves it to
 * STOPPING and a worker to READY once the run has stopped. A run that fails on its own is noticed within a second and
 * the application goes back to READY. Changing the configuration of a RUNNING application (UpdateApplication, Add*,
 * Delete*) moves it to UPDATING while a worker restarts it from LAST_STOPPED_POINT. Deleting a RUNNING application
 * moves it to DELETING while a worker stops it. Operations on an application in a transient state (STARTING, STOPPING,
 * UPDATING, DELETING) answer ResourceInUseException.
 *
 * <p>Restarts. The status is persisted; applications that were RUNNING (or on their way to it) when the server
 * stopped are started again when it starts, every input from LAST_STOPPED_POINT. On shutdown, runs are stopped
 * cleanly (taking the state LAST_STOPPED_POINT resumes from) before the delivery streams drain, and keep their
 * RUNNING status on disk.
 *
 * <p>Without an engine on the class path, applications can be created, described, updated and deleted, their code is
 * not validated, and StartApplication answers UnsupportedOperationException.
 */
public final class ApplicationManager implements AutoCloseable {
    public static final int MAX_APPLICATIONS = 50;
    public static final int MAX_TAGS = 50;
    private static final long STOP_TIMEOUT_SECONDS = 120;
    private static final String LAST_STOPPED_POINT = "LAST_STOPPED_POINT";
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationManager.class);
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dataDirectory;
    private final String region;
    private final String accountId;
    private final DeliveryStreamManager deliveryStreams;
    private final LocalObjectStore store;
    private final FunctionInvoker functions;
    private final Optional<SqlApplicationEngine> engine;
    private final EpochClock clock;
    private final Path stateFile;
    private final Map<String, Application> applications = new TreeMap<>();
    private final Map<String, SqlApplicationRun> runs = new HashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService watchdog;
    private boolean closed;

    public ApplicationManager(Path dataDirectory, String region, String accountId, DeliveryStreamManager deliveryStreams, LocalObjectStore store,
            FunctionInvoker functions, Optional<SqlApplicationEngine> engine, EpochClock clock) {
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
        this.region = requireNonNull(region, "region is null");
        this.accountId = requireNonNull(accountId, "accountId is null");
        this.deliveryStreams = requireNonNull(deliveryStreams, "deliveryStreams is null");
        this.store = requireNonNull(store, "store is null");
        this.functions = requireNonNull(functions, "functions is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.stateFile = dataDirectory.resolve("state").resolve("applications.json");
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(runnable -> daemon(runnable, "application-worker-" + threads.incrementAndGet()));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "application-watchdog"));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Loads the persisted applications and starts again those that were running. */
    public synchronized void start() throws IOException {
        if (Files.exists(stateFile)) {
            List<Application> saved = MAPPER.readValue(stateFile.toFile(), new TypeReference<List<Application>>() {});
            for (Application application : saved) {
                applications.put(application.name(), application);
            }
        }
        List<String> toRestart = new ArrayList<>();
        for (Application application : List.copyOf(applications.values())) {
            switch (application.status()) {
                case RUNNING, STARTING, UPDATING -> {
                    if (engine.isPresent()) {
                        applications.put(application.name(), application.withStatus(ApplicationStatus.STARTING));
                        toRestart.add(application.name());
                    }
                    else {
                        LOG.warn("Application {} was running, but the SQL engine (hydrant-analytics) is not installed; it stays READY", application.name());
                        applications.put(application.name(), application.withStatus(ApplicationStatus.READY));
                    }
                }
                case STOPPING -> applications.put(application.name(), application.withStatus(ApplicationStatus.READY));
                case DELETING -> {
                    applications.remove(application.name());
                    deleteDirectory(stateDirectory(application.name()));
                }
                case READY -> {
                }
            }
        }
        save();
        watchdog.scheduleWithFixedDelay(this::checkRuns, 1, 1, TimeUnit.SECONDS);
        for (String name : toRestart) {
            LOG.info("Restarting application {} from LAST_STOPPED_POINT", name);
            launch(name, lastStoppedPoints(applications.get(name)), null);
        }
        LOG.info("Recovered {} applications ({} restarting)", applications.size(), toRestart.size());
    }

    public boolean engineInstalled() {
        return engine.isPresent();
    }

    /** Tells the engine that a batch of code checks is over (see {@link SqlApplicationEngine#checksDone()}). */
    public void checksDone() {
        engine.ifPresent(SqlApplicationEngine::checksDone);
    }

    public String arnOf(String name) {
        return "arn:aws:kinesisanalytics:" + region + ":" + accountId + ":application/" + name;
    }

    public synchronized Application create(NewApplication request) {
        requireNonNull(request, "request is null");
        if (applications.containsKey(request.name())) {
            throw new HydrantException(ErrorCode.RESOURCE_IN_USE, "Application " + request.name() + " already exists");
        }
        if (applications.size() >= MAX_APPLICATIONS) {
            throw new HydrantException(ErrorCode.LIMIT_EXCEEDED, "You have reached the limit of " + MAX_APPLICATIONS + " applications");
        }
        if (request.tags().size() > MAX_TAGS) {
            throw new HydrantException(ErrorCode.TOO_MANY_TAGS, "An application can have at most " + MAX_TAGS + " tags");
        }
        int sequence = 0;
        List<ApplicationInput> inputs = new ArrayList<>();
        for (ApplicationInput input : request.inputs()) {
            inputs.add(input.withId(Application.idOf(++sequence)));
        }
        List<ApplicationOutput> outputs = new ArrayList<>();
        for (ApplicationOutput output : request.outputs()) {
            outputs.add(output.withId(Application.idOf(++sequence)));
        }
        List<CloudWatchLoggingOption> loggingOptions = new ArrayList<>();
        for (CloudWatchLoggingOption option : request.cloudWatchLoggingOptions()) {
            loggingOptions.add(option.withId(Application.idOf(++sequence)));
        }
        long now = clock.millis();
        Application application = new Application(request.name(), arnOf(request.name()), request.description(), request.code(), ApplicationStatus.READY, 1,
                now, now, inputs, outputs, List.of(), loggingOptions, request.tags(), sequence);
        checkConfiguration(application);
        applications.put(application.name(), application);
        save();
        LOG.info("Created application {}", application.name());
        return application;
    }

    public synchronized Application describe(String name) {
        return existing(name);
    }

    public synchronized Optional<Application> find(String name) {
        return Optional.ofNullable(applications.get(name));
    }

    /** Every application, by name. */
    public synchronized List<Application> list() {
        return List.copyOf(applications.values());
    }

    /**
     * StartApplication: checks the request and the configuration, moves the application to STARTING and leaves the
     * engine's start to a worker.
     *
     * @param startingPositions InputStartingPosition by InputId
     */
    public synchronized void startApplication(String name, Map<String, String> startingPositions) {
        Application application = existing(name);
        if (engine.isEmpty()) {
            throw new HydrantException(ErrorCode.UNSUPPORTED_OPERATION, "Cannot start application " + name + ": the SQL engine (hydrant-analytics) is not installed");
        }
        if (application.status() != ApplicationStatus.READY) {
            throw new HydrantException(ErrorCode.RESOURCE_IN_USE, "Application " + name + " is in " + application.status() + " state; it can be started only when READY");
        }
        if (application.inputs().isEmpty()) {
            throw new HydrantException(ErrorCode.INVALID_APPLICATION_CONFIGURATION, "Application " + name + " has no input; add one with AddApplicationInput before starting it");
        }
        for (String inputId : startingPositions.keySet()) {
            if (application.input(inputId).isEmpty()) {
                throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Application " + name + " has no input with id " + inputId);
            }
        }
        sqlApplication(application, ErrorCode.INVALID_APPLICATION_CONFIGURATION);
        Map<String, String> positions = new LinkedHashMap<>();
        List<ApplicationInput> inputs = new ArrayList<>();
        for (ApplicationInput input : application.inputs()) {
            String position = startingPositions.getOrDefault(input.id(), input.startingPosition() == null ? "NOW" : input.startingPosition());
            positions.put(input.id(), position);
            inputs.add(input.withStartingPosition(position));
        }
        replace(application.withInputs(inputs).withStatus(ApplicationStatus.STARTING));
        LOG.info("Starting application {} from {}", name, positions);
        launch(name, positions, null);
    }

    /**
     * Samples the rows of an in-application stream of a RUNNING application (an input stream such as
     * {@code <prefix>_001}, or an output stream): each sampled row, a JSON object, goes to {@code rows} on an engine
     * thread until the returned handle is closed.
     */
    public synchronized AutoCloseable tail(String name, String stream, Consumer<String> rows) {
        Application application = existing(name);
        SqlApplicationRun run = runs.get(name);
        if (application.status() != ApplicationStatus.RUNNING || run == null) {
            throw new HydrantException(ErrorCode.RESOURCE_IN_USE, "Application " + name + " is in " + application.status() + " state; only a RUNNING application's streams can be tailed");
        }
        return run.tail(stream, rows).orElseThrow(() -> new HydrantException(ErrorCode.RESOURCE_NOT_FOUND,
                "Application " + name + " has no in-application stream " + stream + " to tail (its input, output and intermediate streams can be tailed)"));
    }

    /** Whether the application exists and is RUNNING. */
    public synchronized boolean running(String name) {
        Application application = applications.get(name);
        return application != null && application.status() == ApplicationStatus.RUNNING && runs.containsKey(name);
    }

    /** StopApplication: moves a RUNNING application to STOPPING; a worker stops the run and moves it to READY. */
    public synchronized void stopApplication(String name) {
        Application application = existing(name);
        if (application.status() != ApplicationStatus.RUNNING) {
            throw new HydrantException(ErrorCode.RESOURCE_IN_USE, "Application " + name + " is in " + application.status() + " state; only a RUNNING application can be stopped");
        }
        replace(application.withStatus(ApplicationStatus.STOPPING));
        SqlApplicationRun run = runs.remove(name);
        LOG.info("Stopping application {}", name);
        workers.execute(() -> withApplicationContext(name, () -> {
            stopRun(name, run);
            synchronized (this) {
                Application current = applications.get(name);
                if (current != null && current.status() == ApplicationStatus.STOPPING) {
                    replace(current.withStatus(ApplicationStatus.READY));
                    LOG.info("Stopped application {}", name);
                }
            }
        }));
    }

    /**
     * DeleteApplication. {@code createTimestampMillis} must match the application's CreateTimestamp to the second. A RUNNING
     * application is stopped first (status DELETING meanwhile).
     */
    public synchronized void delete(String name, long createTimestampMillis) {
        Application application = existing(name);
        // Whole seconds: aws-cli v1 (botocore) sends timestamps without their fraction.
        if (Math.floorDiv(application.createTimestamp(), 1000) != Math.floorDiv(createTimestampMillis, 1000)) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "CreateTimestamp " + java.time.Instant.ofEpochMilli(createTimestampMillis)
                    + " does not match the application's CreateTimestamp " + java.time.Instant.ofEpochMilli(application.createTimestamp()));
        }
        switch (application.status()) {
            case READY -> {
                applications.remove(name);
                save();
                deleteStateDirectory(name);
                LOG.info("Deleted application {}", name);
            }
            case RUNNING -> {
                replace(application.withStatus(ApplicationStatus.DELETING));
                SqlApplicationRun run = runs.remove(name);
                workers.execute(() -> withApplicationContext(name, () -> {
                    stopRun(name, run);
                    synchronized (this) {
                        applications.remove(name);
                        save();
                        deleteStateDirectory(name);
                    }
                    LOG.info("Deleted application {}", name);
                }));
            }
            default -> throw new HydrantException(ErrorCode.RESOURCE_IN_USE, "Application " + name + " is in " + application.status() + " state; try again once it is READY or RUNNING");
        }
    }

    /** UpdateApplication: applies every update at once, as one new version. */
    public synchronized Application update(String name, long currentVersionId, ApplicationUpdate update) {
        Application application = changeable(name, currentVersionId);
        List<ApplicationInput> inputs = new ArrayList<>(application.inputs());
        for (ApplicationUpdate.InputUpdate inputUpdate : update.inputUpdates()) {
            int index = indexOf(inputs.stream().map(ApplicationInput::id).toList(), inputUpdate.inputId(), name, "input");
            inputs.set(index, inputUpdate.applyTo(inputs.get(index)));
        }
        List<ApplicationOutput> outputs = new ArrayList<>(application.outputs());
        for (ApplicationUpdate.OutputUpdate outputUpdate : update.outputUpdates()) {
            int index = indexOf(outputs.stream().map(ApplicationOutput::id).toList(), outputUpdate.outputId(), name, "output");
            outputs.set(index, outputUpdate.applyTo(outputs.get(index)));
        }
        List<ReferenceDataSource> references = new ArrayList<>(application.referenceDataSources());
        for (ApplicationUpdate.ReferenceDataSourceUpdate referenceUpdate : update.referenceDataSourceUpdates()) {
            int index = indexOf(references.stream().map(ReferenceDataSource::id).toList(), referenceUpdate.referenceId(), name, "reference data source");
            references.set(index, referenceUpdate.applyTo(references.get(index)));
        }
        String code = update.codeUpdate() == null ? application.code() : update.codeUpdate();
        return change(application, application.withConfiguration(code, inputs, outputs, references, application.cloudWatchLoggingOptions(),
                application.lastIdSequence(), clock.millis()));
    }

    public synchronized Application addInput(String name, long currentVersionId, ApplicationInput input) {
        Application application = changeable(name, currentVersionId);
        if (application.inputs().size() >= Application.MAX_INPUTS) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Application " + name + " already has an input; an application can have only " + Application.MAX_INPUTS);
        }
        int sequence = application.lastIdSequence() + 1;
        List<ApplicationInput> inputs = new ArrayList<>(application.inputs());
        inputs.add(input.withId(Application.idOf(sequence)));
        return change(application, application.withConfiguration(application.code(), inputs, application.outputs(), application.referenceDataSources(),
                application.cloudWatchLoggingOptions(), sequence, clock.millis()));
    }

    public synchronized Application addOutput(String name, long currentVersionId, ApplicationOutput output) {
        Application application = changeable(name, currentVersionId);
        if (application.outputs().size() >= Application.MAX_OUTPUTS) {
            throw new HydrantException(ErrorCode.LIMIT_EXCEEDED, "Application " + name + " already has " + Application.MAX_OUTPUTS + " outputs, the most it can have");
        }
        int sequence = application.lastIdSequence() + 1;
        List<ApplicationOutput> outputs = new ArrayList<>(application.outputs());
        outputs.add(output.withId(Application.idOf(sequence)));
        return change(application, application.withConfiguration(application.code(), application.inputs(), outputs, application.referenceDataSources(),
                application.cloudWatchLoggingOptions(), sequence, clock.millis()));
    }

    public synchronized Application deleteOutput(String name, long currentVersionId, String outputId) {
        Application application = changeable(name, currentVersionId);
        if (application.output(outputId).isEmpty()) {
            throw new HydrantException(ErrorCode.RESOURCE_NOT_FOUND, "Output " + outputId + " not found in application " + name);
        }
        List<ApplicationOutput> outputs = application.outputs().stream().filter(output -> !output.id().equals(outputId)).toList();
        return change(application, application.withConfiguration(application.code(), application.inputs(), outputs, application.referenceDataSources(),
                application.cloudWatchLoggingOptions(), application.lastIdSequence(), clock.millis()));
    }

    public synchronized Application addReferenceDataSource(String name, long currentVersionId, ReferenceDataSource reference) {
        Application application = changeable(name, currentVersionId);
        if (application.referenceDataSources().size() >= Application.MAX_REFERENCE_DATA_SOURCES) {
            throw new HydrantException(ErrorCode.LIMIT_EXCEEDED,
                    "Application " + name + " already has a reference data source; an application can have only " + Application.MAX_REFERENCE_DATA_SOURCES);
        }
        int sequence = application.lastIdSequence() + 1;
        List<ReferenceDataSource> references = new ArrayList<>(application.referenceDataSources());
        references.add(reference.withId(Application.idOf(sequence)));
        return change(application, application.withConfiguration(application.code(), application.inputs(), application.outputs(), references,
                application.cloudWatchLoggingOptions(), sequence, clock.millis()));
    }

    public synchronized Application deleteReferenceDataSource(String name, long currentVersionId, String referenceId) {
        Application application = changeable(name, currentVersionId);
        if (application.referenceDataSource(referenceId).isEmpty()) {
            throw new HydrantException(ErrorCode.RESOURCE_NOT_FOUND, "Reference data source " + referenceId + " not found in application " + name);
        }
        List<ReferenceDataSource> references = application.referenceDataSources().stream().filter(reference -> !reference.id().equals(referenceId)).toList();
        return change(application, application.withConfiguration(application.code(), application.inputs(), application.outputs(), references,
                application.cloudWatchLoggingOptions(), application.lastIdSequence(), clock.millis()));
    }

    public synchronized void tag(String arn, Map<String, String> tags) {
        Application application = byArn(arn);
        Map<String, String> merged = new TreeMap<>(application.tags());
        merged.putAll(tags);
        if (merged.size() > MAX_TAGS) {
            throw new HydrantException(ErrorCode.TOO_MANY_TAGS, "Application " + application.name() + " would have " + merged.size() + " tags; at most " + MAX_TAGS + " are allowed");
        }
        replace(application.withTags(merged));
    }

    public synchronized void untag(String arn, List<String> keys) {
        Application application = byArn(arn);
        Map<String, String> remaining = new TreeMap<>(application.tags());
        keys.forEach(remaining::remove);
        replace(application.withTags(remaining));
    }

    public synchronized Map<String, String> tags(String arn) {
        return new TreeMap<>(byArn(arn).tags());
    }

    /** The application as the engine receives it, with each Firehose ARN resolved to a delivery stream. */
    public synchronized SqlApplication sqlApplication(String name) {
        return sqlApplication(existing(name), ErrorCode.INVALID_APPLICATION_CONFIGURATION);
    }

    /** The delivery stream named by a Firehose ARN ({@code arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME}), if it exists. */
    public Optional<String> deliveryStreamOf(String firehoseArn) {
        String marker = ":deliverystream/";
        int at = firehoseArn.indexOf(marker);
        if (!firehoseArn.startsWith("arn:") || !firehoseArn.contains(":firehose:") || at < 0) {
            return Optional.empty();
        }
        String name = firehoseArn.substring(at + marker.length());
        return deliveryStreams.find(name).map(stream -> stream.name());
    }

    /**
     * DiscoverInputSchema from a delivery stream's log: up to {@link InputSchemaDiscovery#MAX_RECORDS} records, the
     * oldest retained for TRIM_HORIZON, the latest for NOW and LAST_STOPPED_POINT.
     */
    public InputSchemaDiscovery.DiscoveredSchema discoverFromDeliveryStream(String firehoseArn, String startingPosition) {
        String stream = deliveryStreamOf(firehoseArn).orElseThrow(() -> new HydrantException(ErrorCode.RESOURCE_NOT_FOUND,
                "ResourceARN " + firehoseArn + " does not name an existing Hydrant delivery stream"));
        RecordLog log = deliveryStreams.log(stream);
        List<byte[]> records = new ArrayList<>();
        for (int partition = 0; partition < log.partitionCount() && records.size() < InputSchemaDiscovery.MAX_RECORDS; partition++) {
            long start = log.startOffset(partition);
            long end = log.endOffset(partition);
            long from = "TRIM_HORIZON".equals(startingPosition) ? start : Math.max(start, end - InputSchemaDiscovery.MAX_RECORDS);
            try (LogReader reader = log.reader(partition, from)) {
                List<LogRecord> batch = new ArrayList<>();
                while (records.size() < InputSchemaDiscovery.MAX_RECORDS && reader.position() < end) {
                    batch.clear();
                    if (reader.poll(batch, InputSchemaDiscovery.MAX_RECORDS - records.size(), 4L * 1024 * 1024) == 0) {
                        break;
                    }
                    batch.forEach(record -> records.add(record.data()));
                }
            }
        }
        return InputSchemaDiscovery.discover(records);
    }

    /** DiscoverInputSchema from an object in a local bucket (S3Configuration): the object's rows are the samples; a {@code .gz} key is gunzipped. */
    public InputSchemaDiscovery.DiscoveredSchema discoverFromObject(String bucket, String key) {
        Path object;
        try {
            object = store.objectPath(bucket, key);
        }
        catch (RuntimeException e) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Invalid object s3://" + bucket + "/" + key + ": " + e.getMessage());
        }
        if (!Files.isRegularFile(object)) {
            throw new HydrantException(ErrorCode.RESOURCE_NOT_FOUND, "Object s3://" + bucket + "/" + key + " not found");
        }
        try {
            byte[] content = Files.readAllBytes(object);
            if (key.endsWith(".gz")) {
                try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(content))) {
                    content = in.readAllBytes();
                }
            }
            return InputSchemaDiscovery.discover(List.of(content));
        }
        catch (IOException e) {
            throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Failed to read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private Application changeable(String name, long currentVersionId) {
        Application application = existing(name);
        if (application.status() != ApplicationStatus.READY && application.status() != ApplicationStatus.RUNNING) {
            throw new HydrantException(ErrorCode.RESOURCE_IN_USE, "Application " + name + " is in " + application.status() + " state; try again once it is READY or RUNNING");
        }
        if (application.versionId() != currentVersionId) {
            throw new HydrantException(ErrorCode.CONCURRENT_MODIFICATION,
                    "Application " + name + " is at version " + application.versionId() + ", not at the CurrentApplicationVersionId " + currentVersionId + " of the request");
        }
        return application;
    }

    /** Checks the new configuration, persists it, and restarts the application from LAST_STOPPED_POINT if it runs. */
    private Application change(Application current, Application changed) {
        checkConfiguration(changed);
        if (current.status() == ApplicationStatus.RUNNING) {
            Application updating = changed.withStatus(ApplicationStatus.UPDATING);
            replace(updating);
            SqlApplicationRun run = runs.remove(current.name());
            LOG.info("Updating running application {} to version {}", current.name(), changed.versionId());
            launch(current.name(), lastStoppedPoints(updating), run);
            return updating;
        }
        replace(changed);
        LOG.info("Updated application {} to version {}", current.name(), changed.versionId());
        return changed;
    }

    /**
     * The checks that need the server: at most 3 outputs, every Firehose ARN names an existing delivery stream
     * (InvalidArgumentException otherwise), and the code compiles when an engine is installed (CodeValidationException).
     */
    private void checkConfiguration(Application application) {
        if (application.outputs().size() > Application.MAX_OUTPUTS) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "An application can have at most " + Application.MAX_OUTPUTS + " outputs, not " + application.outputs().size());
        }
        SqlApplication sql = sqlApplication(application, ErrorCode.INVALID_ARGUMENT);
        if (engine.isPresent() && !application.code().isBlank()) {
            List<CodeProblem> problems = engine.get().validate(sql);
            if (!problems.isEmpty()) {
                throw new HydrantException(ErrorCode.CODE_VALIDATION,
                        "Application code is not valid: " + problems.stream().map(CodeProblem::toString).collect(Collectors.joining("; ")));
            }
        }
    }

    private SqlApplication sqlApplication(Application application, ErrorCode missingStream) {
        List<String> problems = new ArrayList<>();
        List<SqlApplication.Input> inputs = new ArrayList<>();
        for (ApplicationInput input : application.inputs()) {
            Optional<String> stream = deliveryStreamOf(input.resourceArn());
            if (stream.isEmpty()) {
                problems.add("Input " + input.id() + ": KinesisFirehoseInput ResourceARN " + input.resourceArn() + " does not name an existing Hydrant delivery stream");
                continue;
            }
            inputs.add(new SqlApplication.Input(input.id(), input.namePrefix(), stream.get(), input.parallelism(), input.schema().recordFormat(),
                    input.schema().recordColumns(), input.preprocessorArn()));
        }
        List<SqlApplication.Output> outputs = new ArrayList<>();
        for (ApplicationOutput output : application.outputs()) {
            Optional<String> stream = deliveryStreamOf(output.resourceArn());
            if (stream.isEmpty()) {
                problems.add("Output " + output.id() + " (" + output.name() + "): KinesisFirehoseOutput ResourceARN " + output.resourceArn()
                        + " does not name an existing Hydrant delivery stream");
                continue;
            }
            outputs.add(new SqlApplication.Output(output.id(), output.name(), stream.get(), output.recordFormatType()));
        }
        List<SqlApplication.ReferenceTable> tables = application.referenceDataSources().stream()
                .map(reference -> new SqlApplication.ReferenceTable(reference.id(), reference.tableName(), reference.bucket(), reference.fileKey(),
                        reference.schema().recordFormat(), reference.schema().recordColumns()))
                .toList();
        if (!problems.isEmpty()) {
            throw new HydrantException(missingStream, String.join("; ", problems));
        }
        return new SqlApplication(application.name(), application.arn(), application.versionId(), application.code(), inputs, outputs, tables);
    }

    /** Starts the application on a worker; stops {@code previousRun} first when there is one (an update of a running application). */
    private void launch(String name, Map<String, String> startingPositions, SqlApplicationRun previousRun) {
        workers.execute(() -> withApplicationContext(name, () -> {
            if (previousRun != null) {
                stopRun(name, previousRun);
            }
            SqlApplication sql;
            synchronized (this) {
                Application application = applications.get(name);
                if (closed || application == null || (application.status() != ApplicationStatus.STARTING && application.status() != ApplicationStatus.UPDATING)) {
                    return;
                }
                try {
                    sql = sqlApplication(application, ErrorCode.INVALID_APPLICATION_CONFIGURATION);
                }
                catch (HydrantException e) {
                    LOG.error("Application {} cannot start: {}", name, e.getMessage());
                    replace(application.withStatus(ApplicationStatus.READY));
                    return;
                }
            }
            SqlApplicationRun run;
            try {
                run = engine.orElseThrow().start(sql, startingPositions, new ApplicationContext(deliveryStreams, store, functions, stateDirectory(name), clock));
            }
            catch (RuntimeException | LinkageError e) {
                // a LinkageError (a class missing from the engine's class path) must not leave the application STARTING
                LOG.error("Application {} failed to start", name, e);
                synchronized (this) {
                    Application current = applications.get(name);
                    if (current != null && (current.status() == ApplicationStatus.STARTING || current.status() == ApplicationStatus.UPDATING)) {
                        replace(current.withStatus(ApplicationStatus.READY));
                    }
                }
                return;
            }
            boolean keep;
            synchronized (this) {
                Application current = applications.get(name);
                keep = !closed && current != null && (current.status() == ApplicationStatus.STARTING || current.status() == ApplicationStatus.UPDATING);
                if (keep) {
                    runs.put(name, run);
                    replace(current.withStatus(ApplicationStatus.RUNNING));
                    LOG.info("Application {} is running version {}", name, current.versionId());
                }
            }
            if (!keep) {
                stopRun(name, run);
            }
        }));
    }

    private void stopRun(String name, SqlApplicationRun run) {
        if (run == null) {
            return;
        }
        try {
            run.stop().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while stopping application {}", name);
        }
        catch (Exception e) {
            LOG.error("Application {} did not stop cleanly", name, e);
        }
    }

    /** Moves applications whose run failed on its own back to READY. */
    private synchronized void checkRuns() {
        try {
            for (Map.Entry<String, SqlApplicationRun> entry : List.copyOf(runs.entrySet())) {
                Throwable failure = entry.getValue().failure();
                if (failure != null) {
                    String name = entry.getKey();
                    runs.remove(name);
                    LOG.error("Application {} failed and stopped", name, failure);
                    Application application = applications.get(name);
                    if (application != null && application.status() == ApplicationStatus.RUNNING) {
                        replace(application.withStatus(ApplicationStatus.READY));
                    }
                }
            }
        }
        catch (RuntimeException e) {
            LOG.error("Failed to check application runs", e);
        }
    }

    private void withApplicationContext(String name, Runnable action) {
        MDC.put("app", name);
        try {
            action.run();
        }
        catch (RuntimeException e) {
            LOG.error("Lifecycle work on application {} failed", name, e);
        }
        finally {
            MDC.remove("app");
        }
    }

    private static Map<String, String> lastStoppedPoints(Application application) {
        Map<String, String> positions = new LinkedHashMap<>();
        application.inputs().forEach(input -> positions.put(input.id(), LAST_STOPPED_POINT));
        return positions;
    }

    private static int indexOf(List<String> ids, String id, String application, String kind) {
        int index = ids.indexOf(id);
        if (index < 0) {
            throw new HydrantException(ErrorCode.RESOURCE_NOT_FOUND, "Application " + application + " has no " + kind + " with id " + id);
        }
        return index;
    }

    private Application existing(String name) {
        Application application = applications.get(name);
        if (application == null) {
            throw new HydrantException(ErrorCode.RESOURCE_NOT_FOUND, "Application " + name + " not found under account " + accountId);
        }
        return application;
    }

    private Application byArn(String arn) {
        String marker = ":application/";
        int at = arn.indexOf(marker);
        Application application = at < 0 ? null : applications.get(arn.substring(at + marker.length()));
        if (application == null || !application.arn().equals(arn)) {
            throw new HydrantException(ErrorCode.RESOURCE_NOT_FOUND, "Application " + arn + " not found");
        }
        return application;
    }

    private void replace(Application application) {
        applications.put(application.name(), application);
        save();
    }

    private Path stateDirectory(String name) {
        return dataDirectory.resolve("applications").resolve(name);
    }

    private void deleteStateDirectory(String name) {
        try {
            deleteDirectory(stateDirectory(name));
        }
        catch (IOException e) {
            LOG.warn("Failed to delete the state of application {}", name, e);
        }
    }

    private void save() {
        List<Application> all = applications.values().stream().sorted(Comparator.comparing(Application::name)).toList();
        try {
            AtomicFiles.write(stateFile, MAPPER.writeValueAsBytes(all));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to save applications to " + stateFile, e);
        }
    }

    private static void deleteDirectory(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Stops every run cleanly, so that LAST_STOPPED_POINT resumes where it stopped, and keeps their RUNNING status on
     * disk so that the next start restarts them. Call before the delivery streams drain.
     */
    @Override
    public void close() {
        List<Map.Entry<String, SqlApplicationRun>> stopping;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = List.copyOf(runs.entrySet());
            runs.clear();
        }
        watchdog.shutdownNow();
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Map.Entry<String, SqlApplicationRun> entry : stopping) {
            LOG.info("Stopping application {} for shutdown", entry.getKey());
            stops.add(CompletableFuture.runAsync(() -> stopRun(entry.getKey(), entry.getValue()), workers));
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (Exception e) {
            LOG.warn("Applications did not all stop cleanly", e);
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }
}
