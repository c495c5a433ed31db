package dev.hydrant.gateway;

import static dev.hydrant.gateway.TestingAwsCli.aws;
import static dev.hydrant.gateway.TestingAwsCli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.application.TestingSqlApplicationEngine;
import dev.hydrant.server.TestingHydrant;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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

            TestingAwsCli.Result invalid = run(hydrant, "kinesisanalytics", "update-application", "--application-name", "example-application",
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


}
