package dev.hydrant.conformance;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code hydrant sql run}: finds the case files, runs each with a {@link ConformanceRunner}, and prints one line per
 * case ({@code PASS  path  (3 rows, 1.2 s)} or {@code FAIL  path: why}, the details indented below) and a summary.
 * Cases run {@code parallelism} at a time (each is its own Flink job on the shared cluster, and much of a small job's
 * time is spent waiting); the lines come out in file order all the same.
 */
public final class ConformanceSuite {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final ConformanceRunner runner;
    private final int parallelism;
    private final PrintWriter out;

    public ConformanceSuite(ConformanceRunner runner, int parallelism, PrintWriter out) {
        this.runner = requireNonNull(runner, "runner is null");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
        }
        this.parallelism = parallelism;
        this.out = requireNonNull(out, "out is null");
    }

    /** What a suite run came to. */
    public record Summary(int passed, int failed, Duration elapsed) {
        public boolean allPassed() {
            return failed == 0 && passed > 0;
        }
    }

    /**
     * The case files under {@code paths}: a file is taken as it is, a directory for its {@code *.yaml} and
     * {@code *.yml} files at any depth; sorted, without duplicates, and only those whose path contains {@code filter}.
     *
     * @throws NoSuchFileException when a path does not exist
     */
    public static List<Path> caseFiles(List<Path> paths, String filter) throws IOException {
        TreeSet<Path> files = new TreeSet<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString(), null, "no such case file or directory");
            }
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).filter(ConformanceSuite::isYaml).forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        return files.stream().filter(file -> filter == null || file.toString().contains(filter)).toList();
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** Runs the cases, printing each result in file order as soon as it and those before it are done. */
    public Summary run(List<Path> files) {
        long started = System.nanoTime();
        int passed = 0;
        List<Path> failed = new ArrayList<>();
        ExecutorService executor = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "sql-run-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<Future<CaseResult>> results = new ArrayList<>();
        for (Path file : files) {
            results.add(executor.submit(() -> runner.run(file)));
        }
        executor.shutdown();
        for (int index = 0; index < files.size(); index++) {
            Path file = files.get(index);
            CaseResult result = await(file, results.get(index));
            if (result instanceof CaseResult.Passed) {
                CaseResult.Passed pass = (CaseResult.Passed) result;
                passed++;
                out.printf(Locale.ROOT, "PASS  %s  (%d %s, %s)%n", display(file), pass.records(), pass.records() == 1 ? "row" : "rows", seconds(pass.elapsed()));
            } else {
                CaseResult.Failed failure = (CaseResult.Failed) result;
                failed.add(file);
                String[] lines = failure.reason().split("\n", -1);
                out.printf(Locale.ROOT, "FAIL  %s: %s%n", display(file), lines[0]);
                for (int i = 1; i < lines.length; i++) {
                    out.println("      " + lines[i]);
                }
            }
            out.flush();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        out.printf(Locale.ROOT, "%n%d passed, %d failed (%s)%n", passed, failed.size(), seconds(elapsed));
        if (files.isEmpty()) {
            out.println("No cases found.");
        }
        for (Path file : failed) {
            out.println("  failed: " + display(file));
        }
        out.flush();
        return new Summary(passed, failed.size(), elapsed);
    }

    private static CaseResult await(Path file, Future<CaseResult> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CaseResult.Failed(file, "interrupted", Duration.ZERO);
        } catch (ExecutionException e) {
            return new CaseResult.Failed(file, "the runner failed: " + e.getCause(), Duration.ZERO);
        }
    }

    /** The path relative to the working directory when it lies below it. */
    private static String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path workingDirectory = Path.of("").toAbsolutePath();
        return absolute.startsWith(workingDirectory) ? workingDirectory.relativize(absolute).toString() : absolute.toString();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
