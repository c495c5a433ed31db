package dev.hydrant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hydrant.application.ApplicationStatus;
import dev.hydrant.application.TestingSqlApplicationEngine;
import dev.hydrant.server.TestingHydrant;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code hydrant apps} against a real server with a testing SQL engine. */
class AppsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(TestingHydrant hydrant, String... arguments) {
        String[] withEndpoint = new String[arguments.length + 2];
        System.arraycopy(arguments, 0, withEndpoint, 0, arguments.length);
        withEndpoint[arguments.length] = "--endpoint";
        withEndpoint[arguments.length + 1] = hydrant.url();
        return new CommandLine(new HydrantCommand()).setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(withEndpoint);
    }

    /** An application {@code telemetry} reading the delivery stream {@code in}, created stopped. */
    private static void createTelemetryApplication(TestingHydrant hydrant) throws Exception {
        hydrant.createDeliveryStream("in", "in-bucket");
        assertThat(hydrant.kinesisAnalytics("CreateApplication", """
                {"ApplicationName":"telemetry","ApplicationCode":"SELECT 1",
                 "Inputs":[{"NamePrefix":"SOURCE_SQL_STREAM",
                   "KinesisFirehoseInput":{"ResourceARN":"arn:aws:firehose:us-east-1:000000000000:deliverystream/in","RoleARN":"%s"},
                   "InputSchema":{"RecordFormat":{"RecordFormatType":"JSON","MappingParameters":{"JSONMappingParameters":{"RecordRowPath":"$"}}},
                     "RecordColumns":[{"Name":"speed","SqlType":"DOUBLE","Mapping":"$.speed"}]}}]}""".formatted(TestingHydrant.ROLE_ARN)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void listsStartsAndStopsApplications() throws Exception {
        TestingSqlApplicationEngine engine = new TestingSqlApplicationEngine();
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.of(engine))) {
            createTelemetryApplication(hydrant);

            assertThat(run(hydrant, "apps", "list")).isZero();
            assertThat(out.toString()).isEqualTo("telemetry  READY\n");

            assertThat(run(hydrant, "apps", "start", "telemetry", "--starting-position", "trim_horizon")).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> hydrant.server().applications().describe("telemetry").status() == ApplicationStatus.RUNNING);
            assertThat(engine.lastStart().startingPositions()).containsEntry("1.1", "TRIM_HORIZON");

            assertThat(run(hydrant, "apps", "stop", "telemetry")).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> hydrant.server().applications().describe("telemetry").status() == ApplicationStatus.READY);

            assertThat(run(hydrant, "apps", "stop", "missing")).isEqualTo(1);
            assertThat(err.toString()).contains("ResourceNotFoundException");
        }
    }

    @Test
    void waitReturnsOnceTheApplicationGotThereAndFailsWhenItCannotStart() throws Exception {
        TestingSqlApplicationEngine engine = new TestingSqlApplicationEngine();
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.of(engine))) {
            createTelemetryApplication(hydrant);

            assertThat(run(hydrant, "apps", "start", "telemetry", "--wait")).as(err.toString()).isZero();
            assertThat(out.toString()).endsWith("telemetry is RUNNING.\n");
            assertThat(hydrant.server().applications().describe("telemetry").status()).isEqualTo(ApplicationStatus.RUNNING);

            assertThat(run(hydrant, "apps", "stop", "telemetry", "--wait", "30")).as(err.toString()).isZero();
            assertThat(out.toString()).endsWith("telemetry is READY.\n");
            assertThat(hydrant.server().applications().describe("telemetry").status()).isEqualTo(ApplicationStatus.READY);

            engine.failNextStart(new IllegalStateException("no slots"));
            assertThat(run(hydrant, "apps", "start", "telemetry", "--wait")).isEqualTo(1);
            assertThat(err.toString()).contains("could not start");
            assertThat(hydrant.server().applications().describe("telemetry").status()).isEqualTo(ApplicationStatus.READY);
        }
    }
}
