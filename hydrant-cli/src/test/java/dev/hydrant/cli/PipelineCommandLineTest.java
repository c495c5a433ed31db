package dev.hydrant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.pipeline.TestingFirehoseServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The validate, plan, apply and destroy commands as picocli runs them, against a fake server. */
class PipelineCommandLineTest {
    private static final String PIPELINE = """
            buckets:
              - telemetry-raw
            deliveryStreams:
              telemetry:
                destination:
                  bucket: telemetry-raw
                  buffering: { sizeMiB: 5, intervalSeconds: 60 }
                  compression: GZIP
                tags: { team: racing }
            """;

    @TempDir
    Path directory;

    private TestingFirehoseServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() throws Exception {
        server = TestingFirehoseServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private int run(Object command, String... arguments) {
        return new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(arguments);
    }

    private String pipeline(String yaml) throws Exception {
        return Files.writeString(directory.resolve("pipeline.yaml"), yaml).toString();
    }

    @Test
    void validateExitsZeroForAGoodFile() throws Exception {
        assertThat(run(new ValidateCommand(), pipeline(PIPELINE))).isZero();
        assertThat(out.toString()).isEqualTo("OK: 1 bucket, 1 delivery stream\n");
    }

    @Test
    void validateExitsOneAndPrintsProblemsToStandardError() throws Exception {
        String file = pipeline(PIPELINE.replace("intervalSeconds: 60", "intervalSeconds: 901"));

        assertThat(run(new ValidateCommand(), file)).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith(file + ":7:32: deliveryStreams.telemetry.destination.buffering.intervalSeconds: must be 0..900, not 901\n");
    }

    @Test
    void validateTakesADirectory() throws Exception {
        pipeline(PIPELINE);

        assertThat(run(new ValidateCommand(), directory.toString())).isZero();
    }

    @Test
    void planUsesTheEndpointOptionAndTheDetailedExitCode() throws Exception {
        String file = pipeline(PIPELINE);
        String endpoint = server.endpoint().toString();

        assertThat(run(new PlanCommand(), file, "--endpoint", endpoint)).isZero();
        assertThat(run(new PlanCommand(), file, "--endpoint", endpoint, "--detailed-exitcode")).isEqualTo(2);
        assertThat(out.toString()).contains("  + create bucket telemetry-raw\n", "Plan: 2 to create, 0 to update, 0 to delete.\n");

        assertThat(run(new ApplyCommand(), file, "--endpoint", endpoint)).isZero();
        assertThat(run(new PlanCommand(), file, "--endpoint", endpoint, "--detailed-exitcode")).isZero();
        assertThat(run(new PlanCommand(), file, "--endpoint", endpoint, "--destroy", "--detailed-exitcode")).isEqualTo(2);
        assertThat(out.toString()).contains("  - delete delivery stream telemetry\n");
    }

    @Test
    void applyThenDestroyLeaveTheServerAsItWas() throws Exception {
        String file = pipeline(PIPELINE);
        String endpoint = server.endpoint().toString();

        assertThat(run(new ApplyCommand(), file, "--endpoint", endpoint)).isZero();
        assertThat(server.deliveryStreamNames()).containsExactly("telemetry");
        assertThat(server.tags("telemetry")).containsEntry("team", "racing");

        assertThat(run(new DestroyCommand(), file, "--endpoint", endpoint)).isZero();
        assertThat(server.deliveryStreamNames()).isEmpty();
        assertThat(server.bucketNames()).isEmpty();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void endpointDefaultsToTheLocalServerPort() {
        PlanCommand command = new PlanCommand();
        new CommandLine(command).parseArgs("pipeline.yaml");

        assertThat(command.endpointOptions.endpoint).hasToString("http://127.0.0.1:4573");
    }
}
