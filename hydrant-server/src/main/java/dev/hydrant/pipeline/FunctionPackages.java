package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The deployment package of a pipeline file's function, as the Lambda API takes it ({@code ZipFile}): a {@code .zip}
 * or {@code .jar} as it is, or a directory zipped with its files in name order and fixed timestamps, so that the same
 * code always gives the same bytes and the same CodeSha256, and plan can tell whether the code changed.
 */
final class FunctionPackages {
    private static final FileTime FIXED_TIME = FileTime.fromMillis(315_532_800_000L + 86_400_000L);

    private FunctionPackages() {}

    static byte[] packageOf(Path code) {
        requireNonNull(code, "code is null");
        try {
            if (!Files.isDirectory(code)) {
                return Files.readAllBytes(code);
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(code)) {
                files = walk.filter(Files::isRegularFile)
                        .filter(file -> !code.relativize(file).toString().contains("__pycache__"))
                        .sorted()
                        .collect(Collectors.toList());
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                for (Path file : files) {
                    ZipEntry entry = new ZipEntry(code.relativize(file).toString().replace('\\', '/'));
                    entry.setLastModifiedTime(FIXED_TIME);
                    zip.putNextEntry(entry);
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot package function code " + code + ": " + e.getMessage(), e);
        }
    }
}
