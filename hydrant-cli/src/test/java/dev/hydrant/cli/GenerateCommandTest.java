package dev.hydrant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.generator.IngestRoute;
import dev.hydrant.generator.LoadConfig;
import dev.hydrant.generator.LoadLimit;
import dev.hydrant.generator.TelemetryGenerator;
import dev.hydrant.generator.TestingFirehoseServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class GenerateCommandTest {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final StringWriter errors = new StringWriter();
    private final GenerateCommand command = new GenerateCommand(new PrintStream(output, true, StandardCharsets.UTF_8), false);
    private final CommandLine commandLine = new CommandLine(command).setErr(new PrintWriter(errors, true));

    @Test
    void sendsTheSeededRecordsAndExitsWithZeroWhenAllAreAcknowledged(@TempDir Path directory) throws Exception {
        Path saveFile = directory.resolve("sent.ndjson");
        try (TestingFirehoseServer server = TestingFirehoseServer.start().shedFirstAttemptOfEveryNthBatchEntry(5)) {
            int exitCode = commandLine.execute("--stream", "telemetry", "--endpoint", server.endpoint().toString(),
                    "--count", "120", "--batch", "50", "--seed", "9", "--save", saveFile.toString());

            assertThat(exitCode).isZero();
            List<String> expected = records(new TelemetryGenerator(9), 120);
            assertThat(Files.readAllLines(saveFile, StandardCharsets.UTF_8)).isEqualTo(expected);
            assertThat(server.records()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(server.requestCount(TestingFirehoseServer.PUT_RECORD_BATCH)).isGreaterThan(3);
            assertThat(output()).contains("F1 telemetry records, seed 9\n", "\n  acknowledged  120\n", "\n  failed        0\n");
        }
    }

    @Test
    void exitsWithOneWhenRecordsAreNotAcknowledged() throws Exception {
        try (TestingFirehoseServer server = TestingFirehoseServer.start().rejectEveryRequest(400, "ResourceNotFoundException")) {
            int exitCode = commandLine.execute("--stream", "missing", "--endpoint", server.endpoint().toString(), "--count", "10");

            assertThat(exitCode).isEqualTo(1);
            assertThat(output()).contains("\n  first error   HTTP 400 ResourceNotFoundException");
        }
    }

    @Test
    void sendsEveryRecordToTheStreamsRoute() throws Exception {
        try (TestingFirehoseServer server = TestingFirehoseServer.start()) {
            int exitCode = commandLine.execute("--stream", "telemetry", "--endpoint", server.endpoint().toString(),
                    "--via", "STREAMS", "--count", "12", "--concurrency", "3");

            assertThat(exitCode).isZero();
            assertThat(server.requestCount(TestingFirehoseServer.STREAMS)).isEqualTo(12);
            assertThat(server.records()).hasSize(12);
        }
    }

    @Test
    void sendsForTheGivenDuration() throws Exception {
        try (TestingFirehoseServer server = TestingFirehoseServer.start()) {
            int exitCode = commandLine.execute("--stream", "telemetry", "--endpoint", server.endpoint().toString(),
                    "--duration", "0.3", "--rate", "100", "--batch", "1");

            assertThat(exitCode).isZero();
            assertThat(server.records()).isNotEmpty();
            assertThat(server.requestCount(TestingFirehoseServer.PUT_RECORD)).isEqualTo(server.records().size());
        }
    }

    @Test
    void defaultsMatchTheLoadDefaults() {
        commandLine.parseArgs("--stream", "telemetry");

        assertThat(command.loadConfig()).isEqualTo(LoadConfig.builder("telemetry").build());
    }

    @Test
    void mapsEveryOption() {
        commandLine.parseArgs("--stream", "sg12-kinesis-firehose-extended-s3-stream", "--endpoint", "http://localhost:9000/stage",
                "--rate", "250", "--duration", "1.5", "--batch", "20", "--via", "streams", "--concurrency", "8",
                "--max-attempts", "2", "--seed", "3", "--save", "out.ndjson");

        assertThat(command.loadConfig()).isEqualTo(LoadConfig.builder("sg12-kinesis-firehose-extended-s3-stream")
                .endpoint(URI.create("http://localhost:9000/stage"))
                .recordsPerSecond(250)
                .limit(LoadLimit.duration(Duration.ofMillis(1_500)))
                .batchSize(20)
                .route(IngestRoute.STREAMS)
                .concurrency(8)
                .maxAttempts(2)
                .saveFile(Path.of("out.ndjson"))
                .build());
        assertThat(command.seed).isEqualTo(3);
    }

    @Test
    void rejectsCountTogetherWithDuration() {
        int exitCode = commandLine.execute("--stream", "telemetry", "--count", "10", "--duration", "5");

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).contains("mutually exclusive");
    }

    @Test
    void rejectsBatchOverFiveHundredRecords() {
        int exitCode = commandLine.execute("--stream", "telemetry", "--batch", "501", "--concurrency", "0");

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).contains("batchSize: must be 1..500", "concurrency: must be 1..1024");
    }

    @Test
    void rejectsUnknownRoute() {
        int exitCode = commandLine.execute("--stream", "telemetry", "--via", "kinesis");

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).contains("unknown route 'kinesis': expected firehose or streams");
    }

    @Test
    void requiresTheStreamName() {
        int exitCode = commandLine.execute("--count", "1");

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).contains("Missing required option: '--stream=NAME'");
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private static List<String> records(TelemetryGenerator generator, int count) {
        List<String> records = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            records.add(new String(generator.next(), StandardCharsets.UTF_8));
        }
        return records;
    }
}
