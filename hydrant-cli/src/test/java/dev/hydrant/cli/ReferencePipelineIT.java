package dev.hydrant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference deployment, run unchanged from {@code examples/reference-pipeline} as a user would: {@code hydrant up},
 * {@code hydrant apps start example-application} (created stopped, as on AWS), then the generator through the API
 * Gateway route under the reference stage. The raw bucket gets every record with EXTRA2; the processed bucket gets,
 * as CSV, exactly the rows with speed >= 200, from the KDA SQL application running on the embedded Flink.
 */
class ReferencePipelineIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STAGE = "SG12-Serverless-processing-event-production-stage";

    @TempDir
    Path workDirectory;

    @Test
    void referenceDeploymentFiltersFastLapsIntoTheProcessedBucketAsCsv() throws Exception {
        Path example = Path.of(System.getProperty("hydrant.root")).resolve("examples/reference-pipeline");
        int port = HydrantProcess.freePort();
        Path dataDirectory = workDirectory.resolve("hydrant-data");
        try (HydrantProcess hydrant = HydrantProcess.start(port, "up", example.toString(), "--port", Integer.toString(port), "--data-dir", dataDirectory.toString())) {
            assertThat(hydrant.readyLine()).isEqualTo("Hydrant ready at http://127.0.0.1:" + port);
            assertThat(HydrantProcess.cli("apps", "start", "example-application", "--endpoint", hydrant.url())).contains("Starting example-application from NOW.");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> HydrantProcess.cli("apps", "list", "--endpoint", hydrant.url()).contains("RUNNING"));

            Path sent = workDirectory.resolve("sent.jsonl");
            String generated = HydrantProcess.cli("generate", "--stream", "sg12-kinesis-firehose-extended-s3-stream", "--via", "streams", "--count", "300",
                    "--endpoint", hydrant.url() + "/" + STAGE, "--save", sent.toString());
            assertThat(generated).contains("acknowledged  300");

            List<String> expectedRows = new ArrayList<>();
            for (String line : Files.readAllLines(sent)) {
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode record = MAPPER.readTree(line);
                if (record.get("speed").asDouble() >= 200) {
                    expectedRows.add(record.get("speed").asDouble() + "," + record.get("rpm").asInt() + "," + record.get("gear").asInt() + ","
                            + record.get("throttle").asDouble());
                }
            }
            assertThat(expectedRows).isNotEmpty();
            Path processed = dataDirectory.resolve("buckets/sg12-tf-processed-bucket");
            // The processed stream buffers 5 MiB or 60 s, as in the reference deployment.
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).until(() -> lines(processed).size() >= expectedRows.size());
            assertThat(lines(processed)).containsExactlyInAnyOrderElementsOf(expectedRows);
            assertThat(new String(HydrantProcess.objects(processed), StandardCharsets.UTF_8)).endsWith("\n");

            Path raw = dataDirectory.resolve("buckets/sg12-tf-initial-bucket");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> rawRecords(raw).size() >= 300);
            assertThat(rawRecords(raw)).hasSize(300).allSatisfy(record -> assertThat(record.get("EXTRA2").asDouble())
                    .isEqualTo(record.get("fuel_consumption").asDouble() * record.get("lap_time").asDouble()));
            assertThat(hydrant.terminate()).isEqualTo(0);
        }
    }

    private static List<String> lines(Path bucket) throws Exception {
        String text = new String(HydrantProcess.objects(bucket), StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static List<JsonNode> rawRecords(Path bucket) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        MAPPER.readerFor(JsonNode.class).readValues(HydrantProcess.objects(bucket)).forEachRemaining(node -> records.add((JsonNode) node));
        return records;
    }
}
