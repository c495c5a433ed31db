package dev.hydrant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's tour as a new user runs it: {@code hydrant up examples/f1-telemetry}, {@code hydrant apps start
 * example-application --wait}, then {@code hydrant generate}. Every record lands in the bucket once, transformed by the
 * example's unchanged Python Lambda handler (which adds {@code EXTRA2 = fuel_consumption * lap_time}), within the buffer
 * interval; and the reference SQL application writes exactly the (speed, rpm, gear, throttle) CSV rows of the records
 * with speed >= 200 into the bucket {@code telemetry-fast}.
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
            assertThat(HydrantProcess.cli("apps", "list", "--endpoint", hydrant.url())).contains("example-application").contains("READY");
            assertThat(HydrantProcess.cli("apps", "start", "example-application", "--wait", "--endpoint", hydrant.url()))
                    .contains("Starting example-application from NOW.").contains("example-application is RUNNING.");
            assertThat(HydrantProcess.cli("apps", "list", "--endpoint", hydrant.url())).contains("RUNNING");

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
            List<String> expectedFast = new ArrayList<>();
            for (String line : Files.readAllLines(sent)) {
                if (!line.isEmpty()) {
                    ObjectNode record = (ObjectNode) MAPPER.readTree(line);
                    if (record.get("speed").asDouble() >= 200) {
                        expectedFast.add(record.get("speed").asDouble() + "," + record.get("rpm").asInt() + "," + record.get("gear").asInt() + ","
                                + record.get("throttle").asDouble());
                    }
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

            assertThat(expectedFast).isNotEmpty();
            Path fast = dataDirectory.resolve("buckets/telemetry-fast/fast");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> lines(fast).size() >= expectedFast.size());
            assertThat(lines(fast)).containsExactlyInAnyOrderElementsOf(expectedFast);
            assertThat(hydrant.terminate()).isEqualTo(0);
        }
    }

    /** Every record of every object: back-to-back JSON objects, as the reference transform leaves them. */
    private static List<JsonNode> records(Path bucket) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        MAPPER.readerFor(JsonNode.class).readValues(HydrantProcess.objects(bucket)).forEachRemaining(node -> records.add((JsonNode) node));
        return records;
    }

    /** Every line of every object: the SQL application's CSV rows, each ended by a newline. */
    private static List<String> lines(Path bucket) throws Exception {
        String text = new String(HydrantProcess.objects(bucket), StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
