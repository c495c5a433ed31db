package dev.hydrant.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.server.HydrantServer;
import dev.hydrant.server.ServerConfig;
import dev.hydrant.spi.EpochClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apply, plan, drift and destroy against a real Hydrant server on a random port with a temp data directory. */
class PipelineCommandsIT {
    @TempDir
    Path directory;

    private HydrantServer server;
    private URI endpoint;
    private HydrantClient client;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() throws Exception {
        server = new HydrantServer(ServerConfig.defaults(directory.resolve("data")).withPort(0), EpochClock.SYSTEM);
        server.start();
        endpoint = URI.create(server.url());
        client = new HydrantClient(endpoint);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Path pipeline(String yaml) throws Exception {
        return Files.writeString(directory.resolve("pipeline.yaml"), yaml);
    }

    private int plan(Path file) {
        out.getBuffer().setLength(0);
        return PipelineCommands.plan(file, endpoint, Plan.Mode.APPLY, true, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void appliesUpdatesReportsDriftAndDestroys() throws Exception {
        Path file = pipeline(PipelineFileTest.EXAMPLE);

        assertThat(PipelineCommands.apply(file, endpoint, new PrintWriter(out), new PrintWriter(err))).as(err.toString()).isZero();
        assertThat(client.listBuckets()).contains("telemetry-raw");
        assertThat(client.describeDeliveryStream("telemetry").destination())
                .isEqualTo(PipelineFile.load(file).spec().deliveryStream("telemetry").orElseThrow().destination());
        assertThat(client.listTagsForDeliveryStream("telemetry")).isEqualTo(Map.of("team", "racing"));
        assertThat(plan(file)).as(out.toString()).isEqualTo(PipelineCommands.EXIT_OK);

        Path changed = pipeline("""
                buckets: [telemetry-raw]
                deliveryStreams:
                  telemetry:
                    destination: { bucket: telemetry-raw, buffering: { intervalSeconds: 120 } }
                """);
        assertThat(plan(changed)).isEqualTo(PipelineCommands.EXIT_CHANGES);
        assertThat(out.toString()).contains("buffering.intervalSeconds: 60 -> 120", "prefix: \"raw/\" -> \"\"", "tags.team: \"racing\" -> (unset)");
        assertThat(PipelineCommands.apply(changed, endpoint, new PrintWriter(out), new PrintWriter(err))).as(err.toString()).isZero();
        assertThat(plan(changed)).as(out.toString()).isEqualTo(PipelineCommands.EXIT_OK);
        assertThat(client.describeDeliveryStream("telemetry").versionId()).isEqualTo("2");

        client.createDeliveryStream("telemetry-extra", client.describeDeliveryStream("telemetry").destination(), Map.of());
        assertThat(plan(changed)).isEqualTo(PipelineCommands.EXIT_OK);
        assertThat(out.toString()).contains("! delivery stream telemetry-extra: exists on the server but not in the pipeline file");

        out.getBuffer().setLength(0);
        assertThat(PipelineCommands.destroy(changed, endpoint, new PrintWriter(out), new PrintWriter(err))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("! bucket telemetry-raw: kept, because delivery streams the pipeline file does not declare deliver to it: telemetry-extra");
        assertThat(client.listDeliveryStreams()).containsExactly("telemetry-extra");
        assertThat(client.listBuckets()).contains("telemetry-raw");

        client.deleteDeliveryStream("telemetry-extra");
        assertThat(PipelineCommands.destroy(changed, endpoint, new PrintWriter(out), new PrintWriter(err))).as(err.toString()).isZero();
        assertThat(client.listBuckets()).doesNotContain("telemetry-raw");
    }

    @Test
    void deploysFunctionsAndPlansTheirChanges() throws Exception {
        Files.createDirectories(directory.resolve("transform"));
        Files.writeString(directory.resolve("transform/upper.py"), """
                import base64
                def handler(event, context):
                    return {'records': [{'recordId': r['recordId'], 'result': 'Ok',
                                         'data': base64.b64encode(base64.b64decode(r['data']).upper()).decode()} for r in event['records']]}
                """);
        String yaml = """
                buckets: [upper]
                functions:
                  upper: { runtime: python3.11, handler: upper.handler, code: transform/, timeoutSeconds: 10, concurrency: 3 }
                deliveryStreams:
                  shout:
                    destination:
                      bucket: upper
                      buffering: { intervalSeconds: 0 }
                      processors:
                        - type: Lambda
                          function: upper
                          parameters: { BufferIntervalInSeconds: 0 }
                        - type: AppendDelimiterToRecord
                """;
        Path file = pipeline(yaml);

        assertThat(plan(file)).isEqualTo(PipelineCommands.EXIT_CHANGES);
        assertThat(out.toString()).contains("+ create function upper", "runtime: python3.11", "concurrency: 3");
        assertThat(PipelineCommands.apply(file, endpoint, new PrintWriter(out), new PrintWriter(err))).as(err.toString()).isZero();
        assertThat(plan(file)).as(out.toString()).isEqualTo(PipelineCommands.EXIT_OK);
        assertThat(client.getFunctionConcurrency("upper")).isEqualTo(3);

        {
            var http = java.net.http.HttpClient.newHttpClient();
            String body = "{\"DeliveryStreamName\":\"shout\",\"Record\":{\"Data\":\"" + java.util.Base64.getEncoder().encodeToString("quiet".getBytes()) + "\"}}";
            var response = http.send(java.net.http.HttpRequest.newBuilder(endpoint.resolve("/"))
                    .header("X-Amz-Target", "Firehose_20150804.PutRecord").header("Content-Type", "application/x-amz-json-1.1")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        Path bucket = directory.resolve("data/buckets/upper");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> Files.isDirectory(bucket)
                && Files.walk(bucket).anyMatch(Files::isRegularFile));
        try (var objects = Files.walk(bucket)) {
            Path object = objects.filter(Files::isRegularFile).findFirst().orElseThrow();
            assertThat(Files.readString(object)).isEqualTo("QUIET\n");
        }

        Files.writeString(directory.resolve("transform/upper.py"), Files.readString(directory.resolve("transform/upper.py")) + "\n# changed\n");
        assertThat(plan(file)).isEqualTo(PipelineCommands.EXIT_CHANGES);
        assertThat(out.toString()).contains("~ update function upper", "code (CodeSha256): ");
        assertThat(PipelineCommands.apply(file, endpoint, new PrintWriter(out), new PrintWriter(err))).as(err.toString()).isZero();
        assertThat(plan(file)).as(out.toString()).isEqualTo(PipelineCommands.EXIT_OK);

        assertThat(PipelineCommands.destroy(file, endpoint, new PrintWriter(out), new PrintWriter(err))).as(err.toString()).isZero();
        assertThat(client.getFunctionConfiguration("upper")).isEmpty();
    }
}
