package dev.hydrant.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.application.TestingSqlApplicationEngine;
import dev.hydrant.server.TestingHydrant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code aws kinesisanalytics} (aws-cli v1) against a real server with a testing SQL engine. */
class KinesisAnalyticsAwsCliIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long PROCESS_DEADLINE_SECONDS = 60;

    @Test
    void managesTheReferenceApplication() throws Exception {
        TestingSqlApplicationEngine engine = new TestingSqlApplicationEngine();
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.of(engine))) {
            hydrant.createDeliveryStream("sg12-kinesis-firehose-extended-s3-stream", "raw");
            hydrant.createDeliveryStream("sg12-kinesis-firehose-processed-s3-stream", "processed");
            Path input = hydrant.dataDirectory().resolve("kda-input.json");
            try (InputStream in = getClass().getResourceAsStream("/reference-pipeline/kda-input.json")) {
                Files.write(input, in.readAllBytes());
            }
            Path code = hydrant.dataDirectory().resolve("reference.sql");
            Files.writeString(code, KinesisAnalyticsSdkIT.referenceSql());

            JsonNode created = aws(hydrant, "kinesisanalytics", "create-application", "--application-name", "example-application",
                    "--application-code", "file://" + code, "--inputs", "[" + Files.readString(input) + "]",
                    "--outputs", """
                            [{"Name":"DESTINATION_SQL_STREAM","KinesisFirehoseOutput":{"ResourceARN":"arn:aws:firehose:us-east-1:000000000000:deliverystream/sg12-kinesis-firehose-processed-s3-stream",
                              "RoleARN":"arn:aws:iam::000000000000:role/kinesis_analytics_role"},"DestinationSchema":{"RecordFormatType":"CSV"}}]""").json();
            assertThat(created.at("/ApplicationSummary/ApplicationStatus").asText()).isEqualTo("READY");

            JsonNode detail = aws(hydrant, "kinesisanalytics", "describe-application", "--application-name", "example-application").json().get("ApplicationDetail");
            assertThat(detail.get("ApplicationVersionId").asLong()).isEqualTo(1);
            assertThat(detail.at("/InputDescriptions/0/InAppStreamNames/0").asText()).isEqualTo("sg12_prefix_001");
            assertThat(detail.at("/InputDescriptions/0/InputSchema/RecordColumns")).hasSize(31);
            assertThat(detail.get("CreateTimestamp").isNumber() || detail.get("CreateTimestamp").isTextual()).isTrue();

            JsonNode listed = aws(hydrant, "kinesisanalytics", "list-applications").json();
            assertThat(listed.at("/ApplicationSummaries/0/ApplicationName").asText()).isEqualTo("example-application");
            assertThat(listed.get("HasMoreApplications").asBoolean()).isFalse();

            aws(hydrant, "kinesisanalytics", "start-application", "--application-name", "example-application",
                    "--input-configurations", "Id=1.1,InputStartingPositionConfiguration={InputStartingPosition=TRIM_HORIZON}");
            await().atMost(Duration.ofSeconds(20)).until(() -> status(hydrant).equals("RUNNING"));
            assertThat(engine.lastStart().startingPositions()).containsEntry("1.1", "TRIM_HORIZON");
            aws(hydrant, "kinesisanalytics", "stop-application", "--application-name", "example-application");
            await().atMost(Duration.ofSeconds(20)).until(() -> status(hydrant).equals("READY"));

            Result invalid = run(hydrant, "kinesisanalytics", "update-application", "--application-name", "example-application",
                    "--current-application-version-id", "1", "--application-update",
                    "{\"ApplicationCodeUpdate\":\"SELECT STREAM *\\n FROM x " + TestingSqlApplicationEngine.INVALID_MARKER + "\"}");
            assertThat(invalid.exitCode()).isNotZero();
            assertThat(invalid.stderr()).contains("CodeValidationException").contains("line 2, column 9");

            aws(hydrant, "kinesisanalytics", "delete-application", "--application-name", "example-application",
                    "--create-timestamp", detail.get("CreateTimestamp").isNumber()
                            ? detail.get("CreateTimestamp").decimalValue().toPlainString() : detail.get("CreateTimestamp").asText());
            assertThat(aws(hydrant, "kinesisanalytics", "list-applications").json().get("ApplicationSummaries")).isEmpty();
        }
    }

    private static String status(TestingHydrant hydrant) throws Exception {
        return aws(hydrant, "kinesisanalytics", "describe-application", "--application-name", "example-application").json()
                .at("/ApplicationDetail/ApplicationStatus").asText();
    }

    private record Result(int exitCode, String stdout, String stderr) {
        JsonNode json() {
            try {
                return MAPPER.readTree(stdout);
            }
            catch (IOException e) {
                throw new UncheckedIOException("aws printed no JSON: " + stdout, e);
            }
        }
    }

    private static Result aws(TestingHydrant hydrant, String... arguments) throws Exception {
        Result result = run(hydrant, arguments);
        assertThat(result.exitCode()).as("aws %s failed: %s", String.join(" ", arguments), result.stderr()).isZero();
        return result;
    }

    private static Result run(TestingHydrant hydrant, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--endpoint-url", hydrant.url(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        environment.put("AWS_DEFAULT_REGION", "us-east-1");
        environment.remove("AWS_SESSION_TOKEN");
        environment.remove("AWS_PROFILE");
        Path missing = hydrant.dataDirectory().resolve("no-aws-config");
        environment.put("AWS_CONFIG_FILE", missing.toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", missing.toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> stdout = readAsync(process.getInputStream());
        CompletableFuture<String> stderr = readAsync(process.getErrorStream());
        if (!process.waitFor(PROCESS_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("aws " + String.join(" ", arguments) + " did not finish");
        }
        return new Result(process.exitValue(), stdout.get(), stderr.get());
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), UTF_8);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
