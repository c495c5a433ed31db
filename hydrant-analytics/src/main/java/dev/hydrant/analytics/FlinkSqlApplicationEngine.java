package dev.hydrant.analytics;

import dev.hydrant.spi.RecordLog;
import dev.hydrant.analytics.connector.LogSplit;
import static java.util.Objects.requireNonNull;

import dev.hydrant.analytics.connector.ApplicationContexts;
import dev.hydrant.analytics.connector.DeliveryStreamTableFactory;
import dev.hydrant.analytics.connector.ErrorTimeFunction;
import dev.hydrant.analytics.connector.InAppStreamRows;
import dev.hydrant.analytics.connector.InputPreprocessor;
import dev.hydrant.analytics.connector.InputRecordParser;
import dev.hydrant.analytics.connector.LogSource;
import dev.hydrant.analytics.connector.ReferenceDataLoader;
import dev.hydrant.analytics.connector.ReferenceTableFactory;
import dev.hydrant.analytics.connector.ReferenceTables;
import dev.hydrant.analytics.connector.StartingPosition;
import dev.hydrant.analytics.connector.StreamTapTableFactory;
import dev.hydrant.analytics.connector.StreamTaps;
import dev.hydrant.analytics.sql.KdaFunctions;
import dev.hydrant.analytics.sql.KdaSqlTranslator;
import dev.hydrant.analytics.sql.KdaSqlValidator;
import dev.hydrant.analytics.sql.ReadColumns;
import dev.hydrant.analytics.sql.Translation;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.SqlApplication;
import dev.hydrant.spi.SqlApplicationEngine;
import dev.hydrant.spi.SqlApplicationRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs KDA SQL applications on one in-process Flink MiniCluster, started by the first {@link #start}. Each
 * application is one Flink job (its own StreamExecutionEnvironment and StreamTableEnvironment, compiled to a JobGraph
 * and submitted to the shared cluster), stopped individually with a savepoint.
 *
 * <p>Per application: each input becomes a {@link LogSource} whose rows are spread over the in-application streams
 * {@code <NamePrefix>_001.._00n} (record offset mod n), each registered as a table with the input's columns plus
 * {@code ROWTIME TIMESTAMP(3)} (the record's arrival time; watermark = ROWTIME) and the processing-time attribute
 * {@code HYDRANT_PROCTIME} (for lookup joins; never an output column unless a query selects it); rows that fail input
 * mapping, and records the input's preprocessing Lambda fails ({@link InputPreprocessor}), go to {@code error_stream}, as
 * do the rows a pump leaves out because one of its expressions failed on them (the translation's error queries).
 * Each reference data source is read once from its bucket and registered as table {@code TableName} of connector
 * {@value ReferenceTableFactory#IDENTIFIER} (lookup and scan). Then the translation's statements run in order, and
 * each output's query is written to its delivery stream by a {@link dev.hydrant.analytics.connector.DeliveryStreamSink}; all outputs
 * are planned as one statement set ({@link DeliveryStreamTableFactory}), so what they share runs once.
 *
 * <p>{@link #runBounded} runs the same job over the input the logs hold when it starts, and ends: the bounded sources
 * make Flink emit its final watermark, which closes every window.
 */
public final class FlinkSqlApplicationEngine implements SqlApplicationEngine {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkSqlApplicationEngine.class);
    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");
    private static final String ERROR_COLUMNS = "`ERROR_TIME`, `ERROR_LEVEL`, `ERROR_NAME`, `MESSAGE`, `DATA_ROWTIME`, `DATA_ROW`, `PUMP_NAME`";
    /** The system property that turns {@link IsolatedValidation} off. */
    public static final String ISOLATE_CODE_CHECKS = "hydrant.sql.isolateCodeChecks";
    /**
     * How long the isolated code checks keep Flink's planner loaded after the last check: long enough for the calls of
     * one {@code apply} or of a script of aws CLI commands, short enough that an idle server is small again soon.
     */
    private static final Duration CODE_CHECKS_KEEP_ALIVE = Duration.ofSeconds(2);

    private final FlinkEngineConfig config;
    private final Function<SqlApplication, Translation> translator;
    private final Function<SqlApplication, List<CodeProblem>> codeChecks;
    /** Where {@link #validate} runs; null: in this engine, with its own translator and checks. */
    private final IsolatedValidation isolatedValidation;
    private final Map<String, FlinkApplicationRun> runs = new ConcurrentHashMap<>();
    private final HeapFreeRatios heapFreeRatios = HeapFreeRatios.forThisJvm();
    private final Executor clusterStarter = runnable -> {
        Thread thread = new Thread(runnable, "flink-minicluster-start");
        thread.setDaemon(true);
        thread.start();
    };
    private volatile MiniCluster cluster;
    private Path processDirectory;
    private boolean closed;

    /**
     * The engine {@link SqlApplicationEngine#load()} finds: KDA SQL, checked by {@link KdaSqlValidator} in a class
     * loader of its own ({@link IsolatedValidation}), so that checking code does not keep Flink's planner in memory.
     * With the system property {@value #ISOLATE_CODE_CHECKS} {@code false} they run in this loader instead: the planner
     * then stays loaded and warm, which makes the first StartApplication of the process about 3 s faster and the idle
     * server about 60 MiB larger.
     */
    public FlinkSqlApplicationEngine() {
        this(FlinkEngineConfig.defaults(), KdaSqlTranslator::translate, KdaSqlValidator::validate,
                Boolean.parseBoolean(System.getProperty(ISOLATE_CODE_CHECKS, "true")) ? new IsolatedValidation(FlinkSqlApplicationEngine.class.getName(), "checkCode", CODE_CHECKS_KEEP_ALIVE) : null);
    }

    /**
     * What {@link #validate} of the default engine answers, computed in the class loader it runs in (the entry point
     * of {@link IsolatedValidation}).
     */
    public static List<CodeProblem> checkCode(SqlApplication application) {
        return new FlinkSqlApplicationEngine(FlinkEngineConfig.defaults(), KdaSqlTranslator::translate, KdaSqlValidator::validate).validate(application);
    }

    /** An engine whose {@link #validate} reports the translation's problems and what Flink cannot plan. */
    public FlinkSqlApplicationEngine(FlinkEngineConfig config, Function<SqlApplication, Translation> translator) {
        this(config, translator, application -> List.of());
    }

    /**
     * @param codeChecks the checks {@link #validate} makes after translating and before planning the job: KDA's own
     *     rules with KDA's messages, placed in the application code (a pump that inserts text into a numeric column,
     *     an expression that is not grouped)
     */
    public FlinkSqlApplicationEngine(FlinkEngineConfig config, Function<SqlApplication, Translation> translator,
            Function<SqlApplication, List<CodeProblem>> codeChecks) {
        this(config, translator, codeChecks, null);
    }

    private FlinkSqlApplicationEngine(FlinkEngineConfig config, Function<SqlApplication, Translation> translator,
            Function<SqlApplication, List<CodeProblem>> codeChecks, IsolatedValidation isolatedValidation) {
        this.config = requireNonNull(config, "config is null");
        this.translator = requireNonNull(translator, "translator is null");
        this.codeChecks = requireNonNull(codeChecks, "codeChecks is null");
        this.isolatedValidation = isolatedValidation;
    }

    @Override
    public List<CodeProblem> validate(SqlApplication application) {
        requireNonNull(application, "application is null");
        if (isolatedValidation != null) {
            return isolatedValidation.apply(application);
        }
        Translation translation = translator.apply(application);
        if (!translation.problems().isEmpty()) {
            return translation.problems();
        }
        try {
            List<CodeProblem> problems = codeChecks.apply(application);
            if (!problems.isEmpty()) {
                return problems;
            }
            Pipeline pipeline = buildPipeline(application, translation, Map.of(), Map.of(), "validate-" + UUID.randomUUID(), Path.of("."), false, false);
            return pipeline.problems();
        } catch (RuntimeException e) {
            return List.of(problem(e));
        }
    }

    /** The isolated checks' thread, and their class loader with it, goes as soon as it is idle. */
    @Override
    public void checksDone() {
        if (isolatedValidation != null) {
            isolatedValidation.releaseWhenIdle();
        }
    }

    @Override
    public SqlApplicationRun start(SqlApplication application, Map<String, String> startingPositions, Context context) {
        return launch(application, startingPositions, context, false);
    }

    /**
     * A bounded run: each input's {@link LogSource} stops at the end offsets its log has now, so the job finishes on
     * its own after Flink's final watermark has fired every window. It runs without checkpoints (the sinks then append
     * their rows when their input ends) and without restarts, and never restores a stopped point.
     */
    @Override
    public CompletableFuture<Void> runBounded(SqlApplication application, Map<String, String> startingPositions, Context context) {
        FlinkApplicationRun run = launch(application, startingPositions, context, true);
        CompletableFuture<Void> finished = run.terminated().thenRun(() -> {
            if (run.failure() != null) {
                throw new CompletionException(run.failure());
            }
        });
        finished.whenComplete((ignored, error) -> {
            if (error instanceof CancellationException) {
                run.cancel();
            }
        });
        return finished;
    }

    private FlinkApplicationRun launch(SqlApplication application, Map<String, String> startingPositions, Context context, boolean bounded) {
        requireNonNull(application, "application is null");
        requireNonNull(startingPositions, "startingPositions is null");
        requireNonNull(context, "context is null");
        MDC.put("app", application.name());
        try {
            // NOW is the moment of the request ("start at the request timestamp that the customer issued"), not the
            // end of the cold start: records sent while the application is STARTING are read
            Map<String, List<LogSplit>> now = new HashMap<>();
            for (SqlApplication.Input input : application.inputs()) {
                now.put(input.id(), nowSplits(context, input.deliveryStream()));
            }
            Translation translation = translator.apply(application);
            if (!translation.problems().isEmpty()) {
                throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "application " + application.name() + " has code problems: " + translation.problems());
            }
            // the first start brings the cluster up while the job is planned: the two take about as long
            MiniCluster running = cluster;
            CompletableFuture<MiniCluster> starting = running != null ? CompletableFuture.completedFuture(running) : CompletableFuture.supplyAsync(() -> {
                try {
                    return cluster();
                } catch (Exception e) {
                    throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "cannot start the Flink MiniCluster: " + e.getMessage(), e);
                }
            }, clusterStarter);
            String contextKey = application.name() + "/" + UUID.randomUUID();
            ApplicationContexts.register(contextKey, context);
            try {
                Pipeline pipeline = buildPipeline(application, translation, startingPositions, now, contextKey, context.stateDirectory(), true, bounded);
                if (!pipeline.problems().isEmpty()) {
                    throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "application " + application.name() + " has code problems: " + pipeline.problems());
                }
                StreamGraph streamGraph = pipeline.environment().getStreamGraph();
                pipeline.restoreFrom().ifPresent(path -> streamGraph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(path.toUri().toString(), true)));
                JobGraph jobGraph = streamGraph.getJobGraph();
                MiniCluster miniCluster = awaitCluster(starting);
                JobID jobId = miniCluster.submitJob(jobGraph).get(60, TimeUnit.SECONDS).getJobID();
                Set<String> tailable = new LinkedHashSet<>();
                translation.inputStreams().forEach(stream -> tailable.add(stream.name()));
                application.outputs().forEach(output -> tailable.add(output.name()));
                tailable.addAll(tappedStreams(application, translation));
                FlinkApplicationRun run = new FlinkApplicationRun(application.name(), jobId, miniCluster, contextKey, context.stateDirectory(), tailable);
                runs.put(contextKey, run);
                heapFreeRatios.applicationStarted();
                run.terminated().thenRun(() -> {
                    runs.remove(contextKey);
                    heapFreeRatios.applicationStopped();
                });
                LOG.info("Application {} started as {}Flink job {}{}", application.name(), bounded ? "bounded " : "", jobId,
                        pipeline.restoreFrom().map(path -> " from " + path).orElse(""));
                return run;
            } catch (Exception e) {
                ApplicationContexts.unregister(contextKey);
                ReferenceTables.unregisterRun(contextKey);
                if (e instanceof HydrantException) {
                    throw (HydrantException) e;
                }
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "cannot start application " + application.name() + ": " + e.getMessage(), e);
            }
        } finally {
            MDC.remove("app");
        }
    }

    private static MiniCluster awaitCluster(CompletableFuture<MiniCluster> starting) throws InterruptedException {
        try {
            return starting.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HydrantException failure) {
                throw failure;
            }
            throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "cannot start the Flink MiniCluster: " + e.getCause(), e.getCause());
        }
    }

    /** NOW, resolved when StartApplication runs: the end of every partition of the input's log. */
    private static List<LogSplit> nowSplits(Context context, String deliveryStream) {
        RecordLog log = context.log(deliveryStream);
        List<LogSplit> splits = new ArrayList<>();
        for (int partition = 0; partition < log.partitionCount(); partition++) {
            splits.add(new LogSplit(partition, log.endOffset(partition)));
        }
        return splits;
    }

    /** The end of every partition of the input's log now: where a bounded run stops reading. */
    private static Map<Integer, Long> stoppingOffsets(String contextKey, String deliveryStream) {
        RecordLog log = ApplicationContexts.get(contextKey).log(deliveryStream);
        Map<Integer, Long> offsets = new HashMap<>();
        for (int partition = 0; partition < log.partitionCount(); partition++) {
            offsets.put(partition, log.endOffset(partition));
        }
        return offsets;
    }

    private record Pipeline(StreamExecutionEnvironment environment, Optional<Path> restoreFrom, List<CodeProblem> problems) {}

    private Pipeline buildPipeline(SqlApplication application, Translation translation, Map<String, String> startingPositions,
            Map<String, List<LogSplit>> nowSplits, String contextKey, Path stateDirectory, boolean forRun, boolean bounded) {
        Optional<Path> restoreFrom = Optional.empty();
        boolean lastStoppedPoint = application.inputs().stream()
                .anyMatch(input -> StartingPosition.parse(startingPositions.get(input.id())) == StartingPosition.LAST_STOPPED_POINT);
        if (forRun && lastStoppedPoint && !bounded) {
            restoreFrom = ApplicationState.lastStoppedPoint(stateDirectory);
            if (restoreFrom.isEmpty()) {
                LOG.info("Application {} has no stopped point yet; reading from NOW", application.name());
            }
        }

        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.NAME, "kda:" + application.name());
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        // no operator of ours keeps a record past the call that receives it, and the table runtime is built for reuse:
        // this saves a deep copy of every row between chained operators
        configuration.set(PipelineOptions.OBJECT_REUSE, true);
        if (!bounded) {
            configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
        }
        configuration.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ZERO);
        configuration.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, ApplicationState.checkpoints(stateDirectory).toUri().toString());
        configuration.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, ApplicationState.savepoints(stateDirectory).toUri().toString());
        configuration.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        configuration.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 1);
        configuration.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        if (bounded) {
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        } else {
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        }
        configuration.set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");

        StreamExecutionEnvironment environment = new StreamExecutionEnvironment(configuration);
        StreamTableEnvironment tables = StreamTableEnvironment.create(environment,
                EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(configuration).build());

        DataStream<RowData> errors = null;
        Optional<Set<String>> readColumns = ReadColumns.of(translation);
        for (SqlApplication.Input input : application.inputs()) {
            // the columns the translated SQL never names are mapped to NULL without converting their values
            InputRecordParser parser = new InputRecordParser(input.format(), input.columns(), readColumns.orElse(null));
            StartingPosition position = StartingPosition.parse(startingPositions.get(input.id()));
            InputPreprocessor preprocessor = input.preprocessorArn() == null ? null
                    : new InputPreprocessor(input.preprocessorArn(), application.arn(), deliveryStreamArn(application.arn(), input.deliveryStream()));
            StartingPosition fresh = position == StartingPosition.TRIM_HORIZON ? StartingPosition.TRIM_HORIZON : StartingPosition.NOW;
            LogSource source = new LogSource(contextKey, input.deliveryStream(), "app-" + application.name() + "-" + input.id(),
                    fresh, parser, Math.max(1, input.parallelism()), preprocessor,
                    forRun && fresh == StartingPosition.NOW ? nowSplits.get(input.id()) : null,
                    forRun && bounded ? stoppingOffsets(contextKey, input.deliveryStream()) : null);
            InAppStreamRows rows = source.rows();
            DataStream<RowData> envelopes = environment
                    .fromSource(source, WatermarkStrategy.<RowData>forMonotonousTimestamps(), "input " + input.id())
                    .uid("source-" + input.id());
            Schema schema = Schema.newBuilder().fromRowDataType(rows.dataRow())
                    .columnByExpression(InAppStreamRows.PROCTIME, "PROCTIME()")
                    .watermark(InAppStreamRows.ROWTIME, "SOURCE_WATERMARK()").build();
            for (int stream = 0; stream < Math.max(1, input.parallelism()); stream++) {
                DataStream<RowData> streamRows = envelopes.filter(new StreamFilter(stream)).name("route " + (stream + 1))
                        .map(new EnvelopeField(1, DataType.getFieldCount(rows.dataRow()))).returns(rows.dataTypeInfo()).name("rows " + (stream + 1));
                String name = String.format(Locale.ROOT, "%s_%03d", input.namePrefix(), stream + 1);
                streamRows = streamRows.map(new StreamTaps.Tap(StreamTaps.key(contextKey, name), rows.dataRow()))
                        .returns(rows.dataTypeInfo()).name("tail " + name);
                tables.createTemporaryView(quote(name), tables.fromDataStream(streamRows, schema));
            }
            DataStream<RowData> inputErrors = envelopes.filter(new StreamFilter(InAppStreamRows.ERROR)).name("route errors")
                    .map(new EnvelopeField(2, DataType.getFieldCount(InAppStreamRows.ERROR_ROW))).returns(InAppStreamRows.errorTypeInfo()).name("error rows");
            errors = errors == null ? inputErrors : errors.union(inputErrors);
        }
        if (errors != null) {
            tables.createTemporaryView(quote(InAppStreamRows.ERROR_STREAM), tables.fromDataStream(errors,
                    Schema.newBuilder().fromRowDataType(InAppStreamRows.ERROR_ROW).watermark(InAppStreamRows.ROWTIME, "SOURCE_WATERMARK()").build()));
        }

        for (SqlApplication.ReferenceTable reference : application.referenceTables()) {
            String key = ReferenceTables.key(contextKey, reference.id());
            if (forRun) {
                ReferenceTables.register(key, ReferenceDataLoader.load(ApplicationContexts.get(contextKey).store(), reference));
            }
            tables.createTemporaryTable(quote(reference.tableName()), TableDescriptor.forConnector(ReferenceTableFactory.IDENTIFIER)
                    .schema(Schema.newBuilder().fromRowDataType(ReferenceDataLoader.rowDataType(reference)).build())
                    .option(ReferenceTableFactory.KEY, key)
                    .build());
        }

        List<CodeProblem> problems = new ArrayList<>();
        KdaFunctions.register(tables);
        tables.createTemporarySystemFunction(KdaSqlTranslator.ERROR_TIME_FUNCTION, new ErrorTimeFunction(contextKey));
        for (String statement : translation.statements()) {
            try {
                tables.executeSql(statement);
            } catch (RuntimeException e) {
                problems.add(problem(e));
            }
        }
        StreamStatementSet sinks = tables.createStatementSet();
        int sinkCount = 0;
        for (SqlApplication.Output output : application.outputs()) {
            String query = translation.outputQueries().get(output.name());
            if (query == null && output.name().equalsIgnoreCase(InAppStreamRows.ERROR_STREAM)) {
                query = errorStreamQuery(errors != null, translation.errorQueries());
            }
            if (query == null) {
                problems.add(new CodeProblem(1, 1, "Output in-application stream \"" + output.name() + "\" is not defined in the application code"));
                continue;
            }
            Table table;
            try {
                table = tables.sqlQuery(query);
            } catch (RuntimeException e) {
                problems.add(problem(e));
                continue;
            }
            if (forRun && problems.isEmpty()) {
                sinks.add(table.insertInto(DeliveryStreamTableFactory.descriptor(contextKey, output.id(), output.name(), output.deliveryStream(),
                        output.recordFormatType())));
                sinkCount++;
            }
        }
        if (forRun && !bounded && problems.isEmpty()) {
            for (String stream : tappedStreams(application, translation)) {
                try {
                    sinks.add(tables.from(quote(stream)).insertInto(StreamTapTableFactory.descriptor(contextKey, stream)));
                    sinkCount++;
                } catch (RuntimeException e) {
                    LOG.debug("In-application stream {} cannot be tailed", stream, e);
                }
            }
        }
        if (forRun && problems.isEmpty() && sinkCount > 0) {
            // planned together: views shared by several outputs become one operator (a stateful PTF must be unique)
            sinks.attachAsDataStream();
        }
        return new Pipeline(environment, restoreFrom, problems);
    }

    /**
     * The in-application streams the code creates that are not outputs: their live tails need a sink of their own
     * ({@link StreamTapTableFactory}). {@code error_stream} is not one of them; it can be tailed when it is an output.
     */
    static Set<String> tappedStreams(SqlApplication application, Translation translation) {
        Set<String> streams = new LinkedHashSet<>(translation.streamColumns().keySet());
        streams.removeIf(stream -> stream.equalsIgnoreCase(InAppStreamRows.ERROR_STREAM)
                || application.outputs().stream().anyMatch(output -> output.name().equalsIgnoreCase(stream))
                || translation.inputStreams().stream().anyMatch(input -> input.name().equalsIgnoreCase(stream)));
        return streams;
    }

    /**
     * The rows of error_stream: those the inputs' sources emit (registered as view {@code error_stream} when there is
     * an input) and those the pumps leave out because an expression failed on them (the translation's error queries),
     * or null when there can be none.
     */
    private static String errorStreamQuery(boolean inputErrors, List<String> errorQueries) {
        List<String> parts = new ArrayList<>();
        if (inputErrors) {
            parts.add("SELECT " + ERROR_COLUMNS + " FROM " + quote(InAppStreamRows.ERROR_STREAM));
        }
        parts.addAll(errorQueries);
        return parts.isEmpty() ? null : String.join(" UNION ALL ", parts);
    }

    /** Keeps the envelopes of one in-application stream. */
    private static final class StreamFilter implements FilterFunction<RowData> {
        private static final long serialVersionUID = 1L;
        private final int stream;

        StreamFilter(int stream) {
            this.stream = stream;
        }

        @Override
        public boolean filter(RowData envelope) {
            return envelope.getInt(0) == stream;
        }
    }

    /** Unwraps the data (1) or error (2) row of an envelope. */
    private static final class EnvelopeField implements MapFunction<RowData, RowData> {
        private static final long serialVersionUID = 1L;
        private final int field;
        private final int arity;

        EnvelopeField(int field, int arity) {
            this.field = field;
            this.arity = arity;
        }

        @Override
        public RowData map(RowData envelope) {
            return envelope.getRow(field, arity);
        }
    }

    /** The ARN of a delivery stream in the application's region and account, as the preprocessing event's streamArn. */
    static String deliveryStreamArn(String applicationArn, String deliveryStream) {
        String[] parts = applicationArn.split(":", 6);
        String region = parts.length == 6 ? parts[3] : "us-east-1";
        String account = parts.length == 6 ? parts[4] : "000000000000";
        return "arn:aws:firehose:" + region + ":" + account + ":deliverystream/" + deliveryStream;
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static CodeProblem problem(Throwable error) {
        StringBuilder message = new StringBuilder();
        int line = 1;
        int column = 1;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                Matcher matcher = POSITION.matcher(cause.getMessage());
                if (matcher.find()) {
                    line = Integer.parseInt(matcher.group(1));
                    column = Integer.parseInt(matcher.group(2));
                }
                if (message.length() == 0) {
                    message.append(cause.getMessage().strip());
                }
            }
        }
        return new CodeProblem(line, column, message.length() == 0 ? error.getClass().getSimpleName() : message.toString());
    }

    private synchronized MiniCluster cluster() throws Exception {
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
        if (cluster != null) {
            return cluster;
        }
        processDirectory = prepareWorkDirectory();
        Configuration configuration = new Configuration();
        // Hydrant has Hadoop classes (Parquet/ORC) on its class path, which makes Flink look for Hadoop delegation tokens
        configuration.set(SecurityOptions.DELEGATION_TOKENS_ENABLED, false);
        configuration.set(RestOptions.ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.BIND_PORT, "0");
        configuration.set(TaskManagerOptions.HOST, "127.0.0.1");
        configuration.set(TaskManagerOptions.NUM_TASK_SLOTS, config.taskSlots());
        configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(config.managedMemoryMebibytes()));
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(config.networkMemoryMebibytes()));
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(config.networkMemoryMebibytes()));
        configuration.set(CoreOptions.TMP_DIRS, processDirectory.resolve("tmp").toString());
        configuration.set(BlobServerOptions.STORAGE_DIRECTORY, processDirectory.resolve("blobs").toString());
        MiniCluster miniCluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(config.taskSlots())
                .build());
        miniCluster.start();
        LOG.info("Flink MiniCluster started ({} slots, REST {})", config.taskSlots(), miniCluster.getRestAddress().getNow(null));
        cluster = miniCluster;
        return cluster;
    }

    /** Purges the directories of engines whose process is gone and creates this process's. */
    private Path prepareWorkDirectory() throws IOException {
        Path root = config.workDirectory();
        Files.createDirectories(root);
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                String pid = name.split("-", 2)[0];
                boolean alive = pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    deleteRecursively(child);
                }
            }
        }
        Path directory = root.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        Files.createDirectories(directory);
        return directory;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (FlinkApplicationRun run : runs.values()) {
            try {
                run.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Cannot cancel Flink job {}", run.jobId(), e);
            }
        }
        runs.clear();
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                LOG.warn("Cannot close the Flink MiniCluster", e);
            }
            try {
                deleteRecursively(processDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
