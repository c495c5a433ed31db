package dev.hydrant.cli;

import static java.util.Objects.requireNonNull;

import dev.hydrant.generator.IngestRoute;
import dev.hydrant.generator.LoadConfig;
import dev.hydrant.generator.LoadLimit;
import dev.hydrant.generator.LoadReport;
import dev.hydrant.generator.LoadRunner;
import dev.hydrant.generator.TelemetryGenerator;
import dev.hydrant.spi.HydrantException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code hydrant generate}: the reference pipeline's data generator as a load harness. Sends F1 car telemetry
 * records to a delivery stream through the Firehose API or the {@code /streams} route, prints progress every second
 * and a summary at the end. Exits with 0 when every record was acknowledged, 1 otherwise, 2 for invalid options.
 */
@Command(
        name = "generate",
        sortOptions = false,
        description = "Sends generated F1 car telemetry records (about 1 KiB of JSON each, like the reference pipeline's "
                + "data generator) to a delivery stream over HTTP, retrying what the server sheds, and reports throughput, "
                + "errors and latency. Exits with 0 when every record was acknowledged, 1 otherwise.")
public final class GenerateCommand implements Callable<Integer> {
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Option(names = "--stream", required = true, paramLabel = "NAME", description = "The delivery stream to send to.")
    String deliveryStreamName;

    @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "http://127.0.0.1:4573",
            description = "Hydrant's (or Firehose's, or an API Gateway stage's) base URL. Default: ${DEFAULT-VALUE}.")
    URI endpoint;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "Records per second; 0 sends as fast as the server acknowledges. Default: ${DEFAULT-VALUE}.")
    long recordsPerSecond;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Limit limit;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "500",
            description = "Records per PutRecordBatch call, 1..500; 1 sends PutRecord calls. With --via streams every "
                    + "record still goes on its own request. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--via", paramLabel = "ROUTE", defaultValue = "firehose", converter = IngestRouteConverter.class,
            completionCandidates = IngestRouteCandidates.class,
            description = "firehose: POST / with PutRecord or PutRecordBatch; streams: PUT /streams with a PutRecord body, "
                    + "as the reference pipeline's API Gateway. Default: ${DEFAULT-VALUE}.")
    IngestRoute route;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Requests in flight at once. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "10",
            description = "Attempts per record, with exponential backoff, before it counts as failed and the run stops; "
                    + "1 disables retries. Default: ${DEFAULT-VALUE}.")
    int maxAttempts;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the generated records; the same seed sends the same records. Default: random.")
    Long seed;

    @Option(names = "--save", paramLabel = "FILE", description = "Also write every sent record to FILE, one JSON document per line.")
    Path saveFile;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final PrintStream output;
    private final boolean terminal;

    /** Writes progress and the summary to standard output, overwriting progress lines when it is a terminal. */
    public GenerateCommand() {
        this(System.out, System.console() != null);
    }

    GenerateCommand(PrintStream output, boolean terminal) {
        this.output = requireNonNull(output, "output is null");
        this.terminal = terminal;
    }

    /** Either {@code --count} or {@code --duration}; neither sends {@value LoadConfig#DEFAULT_RECORD_COUNT} records. */
    static final class Limit {
        @Option(names = "--count", paramLabel = "N", description = "Send N records. Default: 1000.")
        Long count;

        @Option(names = "--duration", paramLabel = "S", description = "Send for S seconds (decimals allowed), then wait for the replies.")
        Double durationSeconds;
    }

    @Override
    public Integer call() {
        long recordSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        LoadRunner runner = new LoadRunner(loadConfig(), new TelemetryGenerator(recordSeed)::next, output, terminal);
        output.println("F1 telemetry records, seed " + recordSeed);
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopOnShutdown = new Thread(() -> {
            runner.stop();
            awaitQuietly(finished);
        }, "hydrant-generate-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnShutdown);
        try {
            LoadReport report = runner.run();
            return report.allAcknowledged() ? 0 : 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println("hydrant generate: cannot write " + saveFile + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            finished.countDown();
            removeShutdownHook(stopOnShutdown);
        }
    }

    /** The options as validated settings; invalid values become a usage error (exit code 2). */
    LoadConfig loadConfig() {
        LoadConfig.Builder config = LoadConfig.builder(deliveryStreamName)
                .endpoint(endpoint)
                .route(route)
                .recordsPerSecond(recordsPerSecond)
                .batchSize(batchSize)
                .concurrency(concurrency)
                .maxAttempts(maxAttempts)
                .saveFile(saveFile);
        if (limit != null && limit.count != null) {
            config.limit(LoadLimit.records(limit.count));
        } else if (limit != null && limit.durationSeconds != null) {
            config.limit(LoadLimit.duration(Duration.ofNanos(Math.round(limit.durationSeconds * 1e9))));
        }
        try {
            return config.build();
        } catch (HydrantException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook is running.
        }
    }

    /** Reads {@code --via} in any letter case. */
    static final class IngestRouteConverter implements ITypeConverter<IngestRoute> {
        @Override
        public IngestRoute convert(String value) {
            try {
                return IngestRoute.fromCliName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The {@code --via} values as typed on the command line. */
    static final class IngestRouteCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(IngestRoute.values()).stream().map(IngestRoute::cliName).iterator();
        }
    }
}
