package dev.hydrant.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineCommandsTest {
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

    private Path pipeline(String yaml) throws Exception {
        return Files.writeString(directory.resolve("pipeline.yaml"), yaml);
    }

    private PrintWriter out() {
        return new PrintWriter(out);
    }

    private PrintWriter err() {
        return new PrintWriter(err);
    }

    @Test
    void validateSaysOkWithCounts() throws Exception {
        int exitCode = PipelineCommands.validate(pipeline(PipelineFileTest.EXAMPLE), out(), err());

        assertThat(exitCode).isEqualTo(PipelineCommands.EXIT_OK);
        assertThat(out.toString()).isEqualTo("OK: 1 bucket, 1 delivery stream\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void validatePrintsEveryProblemToStandardErrorAndFails() throws Exception {
        Path file = pipeline("buckets: [raw]\ndeliveryStreams:\n  telemetry: { destination: { bucket: raw, buffering: { intervalSeconds: 1000 }, bufer: 1 } }\n");

        int exitCode = PipelineCommands.validate(file, out(), err());

        assertThat(exitCode).isEqualTo(PipelineCommands.EXIT_FAILED);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo(
                file + ":3:57: deliveryStreams.telemetry.destination.buffering.intervalSeconds: must be 0..900, not 1000\n"
                + file + ":3:82: deliveryStreams.telemetry.destination.bufer: unknown field 'bufer'; did you mean 'buffering'?\n"
                + "2 problems in " + file + ".\n");
    }

    @Test
    void planShowsChangesAndExitsTwoWithDetailedExitCode() throws Exception {
        Path file = pipeline(PipelineFileTest.EXAMPLE);

        assertThat(PipelineCommands.plan(file, server.endpoint(), Plan.Mode.APPLY, false, out(), err())).isEqualTo(PipelineCommands.EXIT_OK);
        assertThat(PipelineCommands.plan(file, server.endpoint(), Plan.Mode.APPLY, true, out(), err())).isEqualTo(PipelineCommands.EXIT_CHANGES);
        assertThat(out.toString()).startsWith("Comparing the pipeline (1 bucket, 1 delivery stream) with " + server.endpoint() + ":\n\n  + create bucket telemetry-raw\n")
                .contains("Plan: 2 to create, 0 to update, 0 to delete.\n");
        assertThat(server.bucketNames()).isEmpty();
    }

    @Test
    void applyMakesTheChangesThenPlanFindsNone() throws Exception {
        Path file = pipeline(PipelineFileTest.EXAMPLE);

        int exitCode = PipelineCommands.apply(file, server.endpoint(), out(), err());

        assertThat(exitCode).isEqualTo(PipelineCommands.EXIT_OK);
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).endsWith("""
                Plan: 2 to create, 0 to update, 0 to delete.

                Applying:
                  + bucket telemetry-raw: created
                  + delivery stream telemetry: created
                Apply complete: 2 created, 0 updated, 0 deleted.
                """);
        out.getBuffer().setLength(0);
        assertThat(PipelineCommands.plan(file, server.endpoint(), Plan.Mode.APPLY, true, out(), err())).isEqualTo(PipelineCommands.EXIT_OK);
        assertThat(out.toString()).endsWith("\nNo changes. The server matches the pipeline file.\n");
    }

    @Test
    void destroyRemovesWhatApplyCreated() throws Exception {
        Path file = pipeline(PipelineFileTest.EXAMPLE);
        PipelineCommands.apply(file, server.endpoint(), out(), err());
        out.getBuffer().setLength(0);

        int exitCode = PipelineCommands.destroy(file, server.endpoint(), out(), err());

        assertThat(exitCode).isEqualTo(PipelineCommands.EXIT_OK);
        assertThat(out.toString()).endsWith("""
                Destroying:
                  - delivery stream telemetry: deleted
                  - bucket telemetry-raw (only if empty): deleted
                Destroy complete: 0 created, 0 updated, 2 deleted.
                """);
        assertThat(server.bucketNames()).isEmpty();
        assertThat(server.deliveryStreamNames()).isEmpty();
    }

    @Test
    void applyReportsTheChangeThatFailedAndExitsOne() throws Exception {
        server.failNext("CreateDeliveryStream", "LimitExceededException", "You have already reached the limit of delivery streams");

        int exitCode = PipelineCommands.apply(pipeline(PipelineFileTest.EXAMPLE), server.endpoint(), out(), err());

        assertThat(exitCode).isEqualTo(PipelineCommands.EXIT_FAILED);
        assertThat(out.toString()).endsWith("""
                Applying:
                  + bucket telemetry-raw: created
                  + delivery stream telemetry: failed
                """);
        assertThat(err.toString()).isEqualTo("""
                Error: LimitExceededException: You have already reached the limit of delivery streams
                Apply stopped after 1 of 2 changes: 1 created, 0 updated, 0 deleted.
                """);
    }

    @Test
    void refusesAnInvalidPipelineWithoutCallingTheServer() throws Exception {
        int exitCode = PipelineCommands.apply(pipeline("buckets: [Bad_Name]\n"), server.endpoint(), out(), err());

        assertThat(exitCode).isEqualTo(PipelineCommands.EXIT_FAILED);
        assertThat(err.toString()).contains("buckets[0]: bucket name 'Bad_Name' may contain only lowercase letters, digits, dots and hyphens");
        assertThat(server.operations()).isEmpty();
    }

    @Test
    void applyAndReportWritesOneStreamAndSaysWhenTheServerIsDown() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, true, Charset.defaultCharset());

        int exitCode = PipelineCommands.applyAndReport(pipeline(PipelineFileTest.EXAMPLE), URI.create("http://127.0.0.1:" + freePort), stream);

        assertThat(exitCode).isEqualTo(PipelineCommands.EXIT_FAILED);
        assertThat(bytes.toString(Charset.defaultCharset())).startsWith("Error: ConnectionFailed: cannot reach Hydrant at http://127.0.0.1:" + freePort);
        bytes.reset();
        assertThat(PipelineCommands.applyAndReport(pipeline(PipelineFileTest.EXAMPLE), server.endpoint(), stream)).isEqualTo(PipelineCommands.EXIT_OK);
        assertThat(bytes.toString(Charset.defaultCharset())).contains("Apply complete: 2 created, 0 updated, 0 deleted.");
    }
}
