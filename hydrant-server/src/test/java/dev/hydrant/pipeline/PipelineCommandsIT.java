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
}
