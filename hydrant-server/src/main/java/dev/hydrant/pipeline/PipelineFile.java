package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A pipeline file, read and validated: its spec and every problem found in it. A directory stands for all of its
 * {@code *.yaml} and {@code *.yml} files (not subdirectories), read in name order and merged; a bucket or delivery
 * stream declared in two files is a problem.
 *
 * @param spec what the file declares; only to be acted on when {@link #problems()} is empty
 * @param problems problems of whole files first, then in the order of the files and lines they were found at
 */
public record PipelineFile(PipelineSpec spec, List<PipelineProblem> problems) {
    private static final Comparator<PipelineProblem> BY_LOCATION = Comparator.comparing(
            (PipelineProblem problem) -> problem.location().isPresent())
            .thenComparing(problem -> problem.location().map(SourceLocation::file).orElse(""))
            .thenComparingInt(problem -> problem.location().map(SourceLocation::line).orElse(0))
            .thenComparingInt(problem -> problem.location().map(SourceLocation::column).orElse(0));

    public PipelineFile {
        requireNonNull(spec, "spec is null");
        problems = List.copyOf(requireNonNull(problems, "problems is null"));
    }

    /** Reads and validates a pipeline file, or every pipeline file of a directory. Unreadable files are problems too. */
    public static PipelineFile load(Path fileOrDirectory) {
        requireNonNull(fileOrDirectory, "fileOrDirectory is null");
        PipelineReader reader = new PipelineReader();
        for (Path file : pipelineFiles(fileOrDirectory, reader)) {
            try {
                reader.read(Files.readString(file), file.toString());
            } catch (CharacterCodingException e) {
                reader.addProblem(new PipelineProblem("", file + ": is not UTF-8 text"));
            } catch (IOException e) {
                reader.addProblem(new PipelineProblem("", file + ": cannot be read (" + e.getMessage() + ")"));
            }
        }
        return finish(reader);
    }

    /** Reads and validates pipeline YAML held in memory; {@code fileName} names it in problem locations. */
    public static PipelineFile parse(String yaml, String fileName) {
        requireNonNull(yaml, "yaml is null");
        requireNonNull(fileName, "fileName is null");
        PipelineReader reader = new PipelineReader();
        reader.read(yaml, fileName);
        return finish(reader);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** {@code 1 bucket, 2 delivery streams}. */
    public String summary() {
        String summary = count(spec.buckets().size(), "bucket") + ", " + count(spec.deliveryStreams().size(), "delivery stream");
        if (!spec.functions().isEmpty()) {
            summary += ", " + count(spec.functions().size(), "function");
        }
        return spec.applications().isEmpty() ? summary : summary + ", " + count(spec.applications().size(), "application");
    }

    private static PipelineFile finish(PipelineReader reader) {
        PipelineSpec spec = reader.spec();
        List<PipelineProblem> problems = new ArrayList<>(reader.problems());
        problems.addAll(PipelineValidator.validate(spec));
        problems.sort(BY_LOCATION);
        return new PipelineFile(spec, problems);
    }

    private static List<Path> pipelineFiles(Path fileOrDirectory, PipelineReader reader) {
        if (Files.isRegularFile(fileOrDirectory)) {
            return List.of(fileOrDirectory);
        }
        if (!Files.isDirectory(fileOrDirectory)) {
            reader.addProblem(new PipelineProblem("", fileOrDirectory + ": no such file or directory"));
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(fileOrDirectory)) {
            files = entries.filter(Files::isRegularFile).filter(PipelineFile::isYaml).sorted().toList();
        } catch (IOException e) {
            reader.addProblem(new PipelineProblem("", fileOrDirectory + ": cannot be listed (" + e.getMessage() + ")"));
            return List.of();
        }
        if (files.isEmpty()) {
            reader.addProblem(new PipelineProblem("", fileOrDirectory + ": has no *.yaml or *.yml files"));
        }
        return files;
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
