package dev.hydrant.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.hydrant.conformance.ConformanceRunner;
import dev.hydrant.conformance.ConformanceSuite;
import dev.hydrant.spi.SqlApplicationEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hydrant sql run}: KDA SQL applications checked offline against the records they must produce. */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = "Check Kinesis Data Analytics (SQL) applications offline, on the embedded engine.",
        subcommands = {SqlCommand.Run.class})
public final class SqlCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {
                    "Run SQL conformance cases: each YAML case gives a KDA application (input records with arrival times, "
                            + "reference data, SQL) and the exact records its outputs must receive, or the CodeValidationException "
                            + "its code must be rejected with.",
                    "Each application runs on the embedded Flink engine over a real log, bounded: it reads its input to the end, "
                            + "so every window closes. Prints PASS or FAIL (with the missing and unexpected records) per case; "
                            + "exits 0 only when every case passes."})
    static final class Run implements Callable<Integer> {
        private static final int EXIT_OK = 0;
        /** A case failed, or there was nothing to run. */
        private static final int EXIT_FAILED = 1;

        @Parameters(paramLabel = "PATH", arity = "0..*", defaultValue = "conformance/sql",
                description = "Case files, or directories searched for *.yaml and *.yml (default: ${DEFAULT-VALUE}).")
        List<Path> paths;

        @Option(names = "--filter", paramLabel = "TEXT", description = "Run only the cases whose path contains TEXT.")
        String filter;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", description = "How long one case may run (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Option(names = "--jobs", paramLabel = "N", description = "How many cases run at a time (default: the number of processors, at least 2).")
        Integer jobs;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if ((jobs != null && jobs < 1) || timeoutSeconds < 1) {
                err.println("hydrant sql run: --jobs and --timeout must be at least 1");
                return EXIT_FAILED;
            }
            List<Path> files;
            try {
                files = ConformanceSuite.caseFiles(paths, filter);
            } catch (NoSuchFileException e) {
                err.println("hydrant sql run: " + e.getFile() + ": no such case file or directory");
                return EXIT_FAILED;
            }
            if (files.isEmpty()) {
                err.println("hydrant sql run: no cases in " + paths + (filter == null ? "" : " matching " + filter));
                return EXIT_FAILED;
            }
            quietLogging();
            Optional<SqlApplicationEngine> engine = SqlApplicationEngine.load();
            if (engine.isEmpty()) {
                err.println("hydrant sql run: no SQL engine on the class path (module hydrant-analytics)");
                return EXIT_FAILED;
            }
            Path workDirectory = Files.createTempDirectory("hydrant-sql-run-");
            try (SqlApplicationEngine sqlEngine = engine.get()) {
                ConformanceRunner runner = new ConformanceRunner(sqlEngine, workDirectory, Duration.ofSeconds(timeoutSeconds));
                int parallelism = jobs != null ? jobs : Math.max(2, Runtime.getRuntime().availableProcessors());
                ConformanceSuite.Summary summary = new ConformanceSuite(runner, parallelism, out).run(files);
                return summary.allPassed() ? EXIT_OK : EXIT_FAILED;
            } finally {
                deleteRecursively(workDirectory);
            }
        }

        /** Only errors from Hydrant and the engine: the case lines are the report. HYDRANT_LOG_LEVEL overrides it. */
        private static void quietLogging() {
            if (System.getenv("HYDRANT_LOG_LEVEL") == null && LoggerFactory.getLogger("dev.hydrant") instanceof Logger) {
                ((Logger) LoggerFactory.getLogger("dev.hydrant")).setLevel(Level.ERROR);
            }
        }

        private static void deleteRecursively(Path directory) throws IOException {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
