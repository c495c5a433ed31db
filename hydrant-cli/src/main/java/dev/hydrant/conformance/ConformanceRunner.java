package dev.hydrant.conformance;

import static java.util.Objects.requireNonNull;

import dev.hydrant.log.SegmentedLog;
import dev.hydrant.spi.AppendResult;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.LogReader;
import dev.hydrant.spi.LogRecord;
import dev.hydrant.spi.RecordLog;
import dev.hydrant.spi.SqlApplication;
import dev.hydrant.spi.SqlApplicationEngine;
import dev.hydrant.spi.SqlApplicationEngine.CodeProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs conformance cases on the real path of a KDA application, all on one engine (one Flink MiniCluster for all of
 * them); thread-safe, each case has a directory and an application name of its own.
 *
 * <p>For each case: the application is checked with {@link SqlApplicationEngine#validate}, as CreateApplication does;
 * a case that expects a rejection ends there. Otherwise the input records are appended to a segmented log in a fresh
 * directory, each with its {@code at} time as the stored arrival timestamp (which becomes ROWTIME); the reference
 * data is put into a local bucket; and the application runs bounded ({@link SqlApplicationEngine#runBounded}) from
 * TRIM_HORIZON to the end of the input, so every window closes. Its outputs are appended to their delivery streams'
 * logs, which the runner reads back and compares, record by record, with what the case expects.
 */
public final class ConformanceRunner {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final String REFERENCE_BUCKET = "reference-data";
    private static final String ARN_PREFIX = "arn:aws:kinesisanalytics:us-east-1:000000000000:application/";

    private final SqlApplicationEngine engine;
    private final Path workDirectory;
    private final Duration timeout;
    private final AtomicInteger applications = new AtomicInteger();

    /**
     * @param workDirectory where each case gets a directory of its own for its logs and buckets, deleted after the case
     * @param timeout how long one case's run may take
     */
    public ConformanceRunner(SqlApplicationEngine engine, Path workDirectory, Duration timeout) {
        this.engine = requireNonNull(engine, "engine is null");
        this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** Reads and runs one case file. Never throws for a problem of the case: that is a {@link CaseResult.Failed}. */
    public CaseResult run(Path file) {
        requireNonNull(file, "file is null");
        long started = System.nanoTime();
        ConformanceCase conformanceCase;
        try {
            conformanceCase = ConformanceCaseReader.read(file);
        } catch (HydrantException e) {
            return new CaseResult.Failed(file, "invalid case file\n" + indent(e.getMessage()), elapsedSince(started));
        }
        try {
            Outcome outcome = run(conformanceCase);
            return outcome.failure() == null
                    ? new CaseResult.Passed(file, outcome.records(), elapsedSince(started))
                    : new CaseResult.Failed(file, outcome.failure(), elapsedSince(started));
        } catch (IOException | RuntimeException e) {
            return new CaseResult.Failed(file, "cannot run the case: " + describe(e), elapsedSince(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CaseResult.Failed(file, "interrupted", elapsedSince(started));
        }
    }

    /** How a case went: the records its outputs received, and what was wrong (null when it passed). */
    private record Outcome(int records, String failure) {}

    private Outcome run(ConformanceCase conformanceCase) throws IOException, InterruptedException {
        SqlApplication application = application(conformanceCase);
        List<CodeProblem> problems = engine.validate(application);
        if (conformanceCase.rejection().isPresent()) {
            return new Outcome(0, rejectionMismatch(conformanceCase.rejection().get(), problems));
        }
        if (!problems.isEmpty()) {
            return new Outcome(0, "the code was rejected (CodeValidationException)\n" + indent(problemList(problems)));
        }
        Files.createDirectories(workDirectory);
        Path directory = Files.createTempDirectory(workDirectory, "case-");
        try (ConformanceContext context = new ConformanceContext(directory, endOfInput(conformanceCase))) {
            return run(conformanceCase, application, context);
        } finally {
            deleteRecursively(directory);
        }
    }

    private Outcome run(ConformanceCase conformanceCase, SqlApplication application, ConformanceContext context) throws IOException, InterruptedException {
        Map<String, String> startingPositions = new LinkedHashMap<>();
        for (int i = 0; i < conformanceCase.inputs().size(); i++) {
            SqlApplication.Input input = application.inputs().get(i);
            append(context.createLog(input.deliveryStream()), conformanceCase.inputs().get(i).records());
            startingPositions.put(input.id(), "TRIM_HORIZON");
        }
        for (SqlApplication.Output output : application.outputs()) {
            context.createLog(output.deliveryStream());
        }
        if (!conformanceCase.referenceTables().isEmpty()) {
            context.store().createBucket(REFERENCE_BUCKET);
            for (ConformanceCase.ReferenceTable table : conformanceCase.referenceTables()) {
                context.store().putObject(REFERENCE_BUCKET, table.key(), out -> out.write(table.content()));
            }
        }

        CompletableFuture<Void> run;
        try {
            run = engine.runBounded(application, startingPositions, context);
        } catch (HydrantException e) {
            return new Outcome(0, "the application did not start\n" + indent(e.getMessage()));
        }
        try {
            run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            return new Outcome(0, "the application did not finish within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new Outcome(0, "the application failed: " + describe(e.getCause()));
        }

        int records = 0;
        List<String> differences = new ArrayList<>();
        for (SqlApplication.Output output : application.outputs()) {
            List<String> received = records(context.log(output.deliveryStream()));
            records += received.size();
            OutputComparison.difference(output.name(), conformanceCase.outputs().get(output.name()), received).ifPresent(differences::add);
        }
        if (!differences.isEmpty()) {
            return new Outcome(records, (differences.size() == 1 ? "an output differs" : differences.size() + " outputs differ") + "\n"
                    + indent(String.join("\n", differences)));
        }
        return new Outcome(records, null);
    }

    /**
     * The case's application: input {@code 1.1} reads delivery stream {@code input-1}, output {@code k} writes to
     * {@code output-k}, the reference table comes from bucket {@value #REFERENCE_BUCKET}; IDs are numbered as KDA does.
     */
    private SqlApplication application(ConformanceCase conformanceCase) {
        String name = "conformance-" + applications.incrementAndGet();
        int id = 1;
        List<SqlApplication.Input> inputs = new ArrayList<>();
        for (ConformanceCase.Input input : conformanceCase.inputs()) {
            inputs.add(new SqlApplication.Input(id++ + ".1", input.namePrefix(), "input-" + (inputs.size() + 1), input.parallelism(),
                    input.format(), input.columns(), null));
        }
        List<SqlApplication.Output> outputs = new ArrayList<>();
        for (Map.Entry<String, ConformanceCase.ExpectedOutput> output : conformanceCase.outputs().entrySet()) {
            outputs.add(new SqlApplication.Output(id++ + ".1", output.getKey(), "output-" + (outputs.size() + 1), output.getValue().recordFormatType()));
        }
        List<SqlApplication.ReferenceTable> tables = new ArrayList<>();
        for (ConformanceCase.ReferenceTable table : conformanceCase.referenceTables()) {
            tables.add(new SqlApplication.ReferenceTable(id++ + ".1", table.tableName(), REFERENCE_BUCKET, table.key(), table.format(), table.columns()));
        }
        return new SqlApplication(name, ARN_PREFIX + name, 1, conformanceCase.sql(), inputs, outputs, tables);
    }

    /** Appends records in order, those with the same arrival time in one batch, each batch durable before the next. */
    private static void append(SegmentedLog log, List<ConformanceCase.InputRecord> records) throws InterruptedException {
        int start = 0;
        while (start < records.size()) {
            Instant arrival = records.get(start).arrival();
            int end = start;
            List<byte[]> batch = new ArrayList<>();
            while (end < records.size() && records.get(end).arrival().equals(arrival)) {
                batch.add(records.get(end++).data());
            }
            AppendResult result;
            try {
                result = log.append(0, batch, arrival.toEpochMilli()).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot append to " + log.name() + ": " + describe(e), e);
            }
            if (!(result instanceof AppendResult.Appended)) {
                throw new IllegalStateException("cannot append to " + log.name() + ": " + result);
            }
            start = end;
        }
    }

    /** Every record of a delivery stream's log, as text. */
    private static List<String> records(RecordLog log) {
        List<String> records = new ArrayList<>();
        List<LogRecord> batch = new ArrayList<>();
        try (LogReader reader = log.reader(0, log.startOffset(0))) {
            while (reader.poll(batch, 1000, 4L * 1024 * 1024) > 0) {
                batch.forEach(record -> records.add(new String(record.data(), StandardCharsets.UTF_8)));
                batch.clear();
            }
        }
        return records;
    }

    /** The moment the runner's clock stands at: the arrival time of the last input record. */
    private static long endOfInput(ConformanceCase conformanceCase) {
        return conformanceCase.inputs().stream()
                .flatMap(input -> input.records().stream())
                .mapToLong(record -> record.arrival().toEpochMilli())
                .max().orElse(0);
    }

    /** Null when one of the problems is the expected one; otherwise what was wrong. */
    private static String rejectionMismatch(ConformanceCase.ExpectedRejection expected, List<CodeProblem> problems) {
        if (problems.isEmpty()) {
            return "expected " + expected + ", but the code was accepted";
        }
        for (CodeProblem problem : problems) {
            boolean line = expected.line().map(value -> value == problem.line()).orElse(true);
            boolean column = expected.column().map(value -> value == problem.column()).orElse(true);
            boolean message = expected.messageContains().map(problem.message()::contains).orElse(true);
            if (line && column && message) {
                return null;
            }
        }
        return "expected " + expected + ", but the problems were\n" + indent(problemList(problems));
    }

    private static String problemList(List<CodeProblem> problems) {
        return String.join("\n", problems.stream().map(CodeProblem::toString).toList());
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }

    /** The innermost message of an error chain, which is where Flink puts the cause. */
    private static String describe(Throwable error) {
        Throwable innermost = error;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                innermost = cause;
            }
        }
        return innermost.getMessage() == null ? innermost.getClass().getSimpleName() : innermost.getClass().getSimpleName() + ": " + innermost.getMessage();
    }

    private static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
