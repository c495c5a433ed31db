package dev.hydrant.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.control.DataFormatConversion;
import dev.hydrant.server.HydrantServer;
import dev.hydrant.server.ServerConfig;
import dev.hydrant.spi.EpochClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline file's formatConversion applied to a real server, described back unchanged, then changed and removed. */
class PipelineFormatConversionIT {
    private static final String PARQUET = """
            buckets: [telemetry-raw]
            deliveryStreams:
              telemetry:
                destination:
                  bucket: telemetry-raw
                  buffering: { intervalSeconds: 10 }
                  formatConversion:
                    output: parquet
                    database: racing
                    table: laps
                    schema:
                      - { name: car, type: string }
                      - { name: speed, type: double }
                      - { name: sectors, type: "array<int>" }
            """;

    @TempDir
    Path directory;

    private HydrantServer server;
    private URI endpoint;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() throws Exception {
        server = new HydrantServer(ServerConfig.defaults(directory.resolve("data")).withPort(0), EpochClock.SYSTEM);
        server.start();
        endpoint = URI.create(server.url());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void appliesChangesAndRemovesFormatConversion() throws Exception {
        HydrantClient client = new HydrantClient(endpoint);
        Path file = pipeline(PARQUET);

        assertThat(PipelineCommands.apply(file, endpoint, new PrintWriter(out), new PrintWriter(err))).as(err.toString()).isZero();
        DataFormatConversion applied = client.describeDeliveryStream("telemetry").destination().dataFormatConversion();
        assertThat(applied).isEqualTo(PipelineFile.load(file).spec().deliveryStream("telemetry").orElseThrow().destination().dataFormatConversion());
        assertThat(applied.columns()).hasSize(3);
        assertThat(plan(file)).as(out.toString()).isEqualTo(PipelineCommands.EXIT_OK);

        Path orc = pipeline(PARQUET.replace("output: parquet", "output: orc\n        compression: zlib"));
        assertThat(plan(orc)).as(out.toString()).isEqualTo(PipelineCommands.EXIT_CHANGES);
        assertThat(out.toString()).contains("formatConversion: parquet(SNAPPY)").contains("-> orc(ZLIB)");
        assertThat(PipelineCommands.apply(orc, endpoint, new PrintWriter(out), new PrintWriter(err))).as(err.toString()).isZero();
        assertThat(client.describeDeliveryStream("telemetry").destination().defaultFileExtension()).isEqualTo(".orc");
        assertThat(plan(orc)).as(out.toString()).isEqualTo(PipelineCommands.EXIT_OK);

        Path plain = pipeline("""
                buckets: [telemetry-raw]
                deliveryStreams:
                  telemetry:
                    destination: { bucket: telemetry-raw, buffering: { sizeMiB: 128, intervalSeconds: 10 } }
                """);
        assertThat(PipelineCommands.apply(plain, endpoint, new PrintWriter(out), new PrintWriter(err))).as(err.toString()).isZero();
        assertThat(client.describeDeliveryStream("telemetry").destination().dataFormatConversion().enabled()).isFalse();
        assertThat(plan(plain)).as(out.toString()).isEqualTo(PipelineCommands.EXIT_OK);
    }

    private Path pipeline(String yaml) throws Exception {
        return Files.writeString(directory.resolve("pipeline.yaml"), yaml);
    }

    private int plan(Path file) {
        out.getBuffer().setLength(0);
        return PipelineCommands.plan(file, endpoint, Plan.Mode.APPLY, true, new PrintWriter(out), new PrintWriter(err));
    }
}
