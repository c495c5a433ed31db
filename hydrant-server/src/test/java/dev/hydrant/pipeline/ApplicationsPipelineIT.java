package dev.hydrant.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hydrant.application.ApplicationStatus;
import dev.hydrant.application.TestingSqlApplicationEngine;
import dev.hydrant.server.TestingHydrant;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipeline files with {@code applications:}: apply creates, updates and starts them; destroy stops and deletes them. */
class ApplicationsPipelineIT {
    private static final String PIPELINE = """
            buckets: [raw, processed]
            deliveryStreams:
              telemetry: { destination: { bucket: raw } }
              speeding: { destination: { bucket: processed } }
            applications:
              speeding-app:
                codeFile: speeding.sql
                inputs:
                  - namePrefix: sg12_prefix
                    deliveryStream: telemetry
                    columns:
                      - { name: speed, sqlType: DOUBLE, mapping: $.speed }
                      - { name: rpm, sqlType: INTEGER, mapping: $.rpm }
                outputs:
                  - { name: DESTINATION_SQL_STREAM, deliveryStream: speeding, format: CSV }
                autoStart: true
                startingPosition: TRIM_HORIZON
            """;

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void appliesUpdatesAndDestroysAnApplication() throws Exception {
        TestingSqlApplicationEngine engine = new TestingSqlApplicationEngine();
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.of(engine))) {
            URI endpoint = URI.create(hydrant.url());
            Files.writeString(directory.resolve("speeding.sql"), "SELECT STREAM \"speed\" FROM \"sg12_prefix_001\" WHERE \"speed\" >= 200;\n");
            Path file = Files.writeString(directory.resolve("pipeline.yaml"), PIPELINE);

            assertThat(PipelineCommands.apply(file, endpoint, new PrintWriter(out), new PrintWriter(err))).as(out + "" + err).isZero();
            assertThat(out.toString()).contains("+ application speeding-app", "~ application speeding-app (start)");
            await().atMost(Duration.ofSeconds(20)).until(() -> hydrant.server().applications().describe("speeding-app").status() == ApplicationStatus.RUNNING);
            assertThat(engine.lastStart().startingPositions()).containsEntry("1.1", "TRIM_HORIZON");
            assertThat(engine.lastStart().application().outputs()).singleElement().satisfies(output -> assertThat(output.deliveryStream()).isEqualTo("speeding"));
            assertThat(plan(file, endpoint)).as(out.toString()).isEqualTo(PipelineCommands.EXIT_OK);

            Files.writeString(directory.resolve("speeding.sql"), "SELECT STREAM \"speed\" FROM \"sg12_prefix_001\" WHERE \"speed\" >= 250;\n");
            Path changed = Files.writeString(directory.resolve("pipeline.yaml"), PIPELINE.replace("format: CSV", "format: JSON"));
            assertThat(plan(changed, endpoint)).isEqualTo(PipelineCommands.EXIT_CHANGES);
            assertThat(out.toString()).contains("code: 1 lines (sha256 ", "outputs.DESTINATION_SQL_STREAM: speeding as CSV -> speeding as JSON");
            out.getBuffer().setLength(0);
            assertThat(PipelineCommands.apply(changed, endpoint, new PrintWriter(out), new PrintWriter(err))).as(out + "" + err).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> hydrant.server().applications().describe("speeding-app").status() == ApplicationStatus.RUNNING);
            assertThat(plan(changed, endpoint)).as(out.toString()).isEqualTo(PipelineCommands.EXIT_OK);
            assertThat(engine.lastStart().application().code()).contains(">= 250");
            assertThat(engine.lastStart().startingPositions()).containsEntry("1.1", "LAST_STOPPED_POINT");

            out.getBuffer().setLength(0);
            assertThat(PipelineCommands.destroy(changed, endpoint, new PrintWriter(out), new PrintWriter(err))).as(out + "" + err).isZero();
            assertThat(out.toString()).contains("- application speeding-app");
            assertThat(hydrant.server().applications().list()).isEmpty();
            assertThat(hydrant.server().manager().names()).isEmpty();
        }
    }

    private int plan(Path file, URI endpoint) {
        out.getBuffer().setLength(0);
        return PipelineCommands.plan(file, endpoint, Plan.Mode.APPLY, true, new PrintWriter(out), new PrintWriter(err));
    }
}
