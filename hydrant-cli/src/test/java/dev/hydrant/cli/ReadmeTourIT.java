package dev.hydrant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's tour as a new user runs it: {@code hydrant up examples/f1-telemetry}, then {@code hydrant generate},
 * and every record lands in the bucket once, byte for byte, within the buffer interval.
 */
class ReadmeTourIT {
    @TempDir
    Path workDirectory;

    @Test
    void upThenGenerateLandsEveryRecordOnceByteForByte() throws Exception {
        Path example = Path.of(System.getProperty("hydrant.root")).resolve("examples/f1-telemetry");
        int port = HydrantProcess.freePort();
        Path dataDirectory = workDirectory.resolve("hydrant-data");
        try (HydrantProcess hydrant = HydrantProcess.start(port, "up", example.toString(), "--port", Integer.toString(port), "--data-dir", dataDirectory.toString())) {
            assertThat(hydrant.readyLine()).isEqualTo("Hydrant ready at http://127.0.0.1:" + port);

            Path sent = workDirectory.resolve("sent.jsonl");
            Process generate = new ProcessBuilder("java", "-jar", HydrantProcess.jar().toString(), "generate", "--stream", "telemetry",
                    "--count", "10000", "--endpoint", hydrant.url(), "--save", sent.toString())
                    .redirectErrorStream(true)
                    .start();
            String generateOutput = new String(generate.getInputStream().readAllBytes());
            assertThat(generate.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(generate.exitValue()).as(generateOutput).isEqualTo(0);
            assertThat(generateOutput).contains("acknowledged  10,000");

            List<String> expected = Files.readAllLines(sent).stream().filter(line -> !line.isEmpty()).sorted().toList();
            assertThat(expected).hasSize(10_000);
            long expectedBytes = expected.stream().mapToLong(line -> line.getBytes(StandardCharsets.UTF_8).length).sum();
            Path bucket = dataDirectory.resolve("buckets/telemetry-raw/raw");
            // The example buffers 5 MiB or 60 s: the first object is written at 5 MiB, the rest after the interval.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> concatenatedObjects(bucket).length >= expectedBytes);
            // Concurrent batches may arrive in any order; each record must be there exactly once, byte for byte.
            List<String> delivered = splitConcatenatedJson(new String(concatenatedObjects(bucket), StandardCharsets.UTF_8)).stream().sorted().toList();
            assertThat(delivered.size()).isEqualTo(expected.size());
            assertThat(delivered.equals(expected)).as("delivered records equal the sent records").isTrue();
            assertThat(hydrant.terminate()).isEqualTo(0);
        }
    }

    /** Splits back-to-back JSON objects (Firehose adds no delimiter); telemetry strings hold no braces. */
    private static List<String> splitConcatenatedJson(String text) {
        List<String> records = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' && depth++ == 0) {
                start = i;
            }
            else if (c == '}' && --depth == 0) {
                records.add(text.substring(start, i + 1));
            }
        }
        assertThat(depth).as("objects end on a record boundary").isZero();
        return records;
    }

    /** Objects in key order; the key's timestamp and offsets-derived order match the order of arrival here. */
    private static byte[] concatenatedObjects(Path bucket) throws Exception {
        if (!Files.isDirectory(bucket)) {
            return new byte[0];
        }
        List<Path> objects;
        try (Stream<Path> walk = Files.walk(bucket)) {
            objects = walk.filter(Files::isRegularFile).sorted().toList();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Path object : objects) {
            out.write(Files.readAllBytes(object));
        }
        return out.toByteArray();
    }
}
