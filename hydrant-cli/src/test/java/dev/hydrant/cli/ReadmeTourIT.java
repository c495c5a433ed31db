package dev.hydrant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * and every record lands in the bucket once, transformed by the example's unchanged Python Lambda handler (which
 * adds {@code EXTRA2 = fuel_consumption * lap_time}), within the buffer interval.
 */
class ReadmeTourIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path workDirectory;

    @Test
    void upThenGenerateLandsEveryRecordOnceTransformed() throws Exception {
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

            List<JsonNode> expected = new ArrayList<>();
            for (String line : Files.readAllLines(sent)) {
                if (!line.isEmpty()) {
                    ObjectNode record = (ObjectNode) MAPPER.readTree(line);
                    record.put("EXTRA2", record.get("fuel_consumption").asDouble() * record.get("lap_time").asDouble());
                    expected.add(record);
                }
            }
            assertThat(expected).hasSize(10_000);
            Path bucket = dataDirectory.resolve("buckets/telemetry-raw/raw");
            // The transform's batches are 1 MiB or 60 s; the example buffers objects by 5 MiB or 60 s.
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> records(bucket).size() >= expected.size());
            // Objects hold the transformed records back to back, as on AWS; each record must be there exactly once.
            List<JsonNode> delivered = records(bucket);
            assertThat(delivered).hasSameSizeAs(expected);
            assertThat(delivered).containsExactlyInAnyOrderElementsOf(expected);
            Path functionLog = dataDirectory.resolve("logs/functions/firehose_lambda_processor.log");
            assertThat(Files.readString(functionLog)).contains("Successfully processed");
            assertThat(hydrant.terminate()).isEqualTo(0);
        }
    }

    /** Every record of every object: back-to-back JSON objects, as the reference transform leaves them. */
    private static List<JsonNode> records(Path bucket) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        MAPPER.readerFor(JsonNode.class).readValues(concatenatedObjects(bucket)).forEachRemaining(node -> records.add((JsonNode) node));
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
