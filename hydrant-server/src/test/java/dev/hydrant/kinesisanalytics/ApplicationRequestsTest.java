package dev.hydrant.kinesisanalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.application.ApplicationInput;
import dev.hydrant.application.ApplicationUpdate;
import dev.hydrant.application.NewApplication;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ApplicationRequestsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/r";
    private static final String FIREHOSE = "arn:aws:firehose:us-east-1:000000000000:deliverystream/in";

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static String referenceInput() throws Exception {
        try (InputStream in = ApplicationRequestsTest.class.getResourceAsStream("/reference-pipeline/kda-input.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesTheReferenceInput() throws Exception {
        NewApplication application = ApplicationRequests.parseCreate(json("{\"ApplicationName\":\"example-application\",\"Inputs\":[" + referenceInput() + "]}"));
        ApplicationInput input = application.inputs().get(0);
        assertThat(input.namePrefix()).isEqualTo("sg12_prefix");
        assertThat(input.resourceArn()).endsWith("deliverystream/sg12-kinesis-firehose-extended-s3-stream");
        assertThat(input.parallelism()).isEqualTo(1);
        assertThat(input.schema().recordFormat().type()).isEqualTo("JSON");
        assertThat(input.schema().recordFormat().recordRowPath()).isEqualTo("$");
        assertThat(input.schema().recordColumns()).hasSize(31);
        assertThat(input.schema().recordColumns().get(6).mapping()).isEqualTo("$.suspension.ride_height");
        assertThat(application.code()).isEmpty();
    }

    @Test
    void reportsEveryProblemOfACreateRequestAtOnce() throws Exception {
        assertThatThrownBy(() -> ApplicationRequests.parseCreate(json("""
                {"ApplicationName":"bad name",
                 "Inputs":[{"NamePrefix":"%s","KinesisFirehoseInput":{"ResourceARN":"%s","RoleARN":"%s"},"InputParallelism":{"Count":65},
                   "InputSchema":{"RecordFormat":{"RecordFormatType":"XML"},"RecordColumns":[]}}],
                 "Outputs":[{"Name":"OUT","KinesisFirehoseOutput":{"ResourceARN":"%s","RoleARN":"%s"}}]}
                """.formatted("P".repeat(33), FIREHOSE, ROLE, FIREHOSE, ROLE))))
                .isInstanceOfSatisfying(HydrantException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage())
                            .startsWith("6 validation errors detected: ")
                            .contains("at 'applicationName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
                            .contains("at 'inputs.1.member.namePrefix' failed to satisfy constraint: Member must have length less than or equal to 32")
                            .contains("Value '65' at 'inputs.1.member.inputParallelism.count'")
                            .contains("Value 'XML' at 'inputs.1.member.inputSchema.recordFormat.recordFormatType' failed to satisfy constraint: Member must satisfy enum value set: [JSON, CSV]")
                            .contains("'inputs.1.member.inputSchema.recordColumns' failed to satisfy constraint: Member must have length between 1 and 1000")
                            .contains("Value null at 'outputs.1.member.destinationSchema' failed to satisfy constraint: Member must not be null");
                });
    }

    @Test
    void refusesKinesisStreamsAndLambdaOutputs() throws Exception {
        assertThatThrownBy(() -> ApplicationRequests.parseCreate(json("""
                {"ApplicationName":"app",
                 "Outputs":[{"Name":"OUT","LambdaOutput":{"ResourceARN":"arn:aws:lambda:us-east-1:000000000000:function:f","RoleARN":"%s"},
                   "DestinationSchema":{"RecordFormatType":"JSON"}},
                   {"Name":"OUT2","KinesisStreamsOutput":{"ResourceARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s","RoleARN":"%s"},
                   "DestinationSchema":{"RecordFormatType":"JSON"}}]}
                """.formatted(ROLE, ROLE))))
                .isInstanceOfSatisfying(HydrantException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("LambdaOutput at 'outputs.1.member' is not supported by Hydrant")
                            .contains("KinesisStreamsOutput at 'outputs.2.member' is not supported by Hydrant");
                });
    }

    @Test
    void reportsWrongJsonTypesAsSerializationErrors() throws Exception {
        assertThatThrownBy(() -> ApplicationRequests.parseCreate(json("{\"ApplicationName\":\"app\",\"Inputs\":{}}")))
                .isInstanceOfSatisfying(HydrantException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SERIALIZATION));
    }

    @Test
    void parsesStartingPositionsByInputId() throws Exception {
        assertThat(ApplicationRequests.parseStart(json("""
                {"ApplicationName":"app","InputConfigurations":[{"Id":"1.1","InputStartingPositionConfiguration":{"InputStartingPosition":"TRIM_HORIZON"}}]}""")))
                .containsExactly(java.util.Map.entry("1.1", "TRIM_HORIZON"));
        assertThatThrownBy(() -> ApplicationRequests.parseStart(json("""
                {"ApplicationName":"app","InputConfigurations":[{"Id":"1.1","InputStartingPositionConfiguration":{"InputStartingPosition":"LATEST"}}]}""")))
                .hasMessageContaining("Member must satisfy enum value set: [NOW, TRIM_HORIZON, LAST_STOPPED_POINT]");
        assertThatThrownBy(() -> ApplicationRequests.parseStart(json("{\"ApplicationName\":\"app\"}")))
                .hasMessageContaining("Value null at 'inputConfigurations'");
    }

    @Test
    void parsesUpdatesLeavingOutWhatIsNotChanged() throws Exception {
        ApplicationUpdate update = ApplicationRequests.parseUpdate(json("""
                {"ApplicationName":"app","CurrentApplicationVersionId":3,"ApplicationUpdate":{
                  "ApplicationCodeUpdate":"SELECT 1",
                  "InputUpdates":[{"InputId":"1.1","InputParallelismUpdate":{"CountUpdate":4}}],
                  "OutputUpdates":[{"OutputId":"2.1","DestinationSchemaUpdate":{"RecordFormatType":"JSON"}}]}}"""));
        assertThat(update.codeUpdate()).isEqualTo("SELECT 1");
        assertThat(update.inputUpdates()).singleElement().satisfies(input -> {
            assertThat(input.parallelism()).isEqualTo(4);
            assertThat(input.namePrefix()).isNull();
            assertThat(input.recordColumns()).isNull();
        });
        assertThat(update.outputUpdates()).singleElement().satisfies(output -> assertThat(output.recordFormatType()).isEqualTo("JSON"));
        assertThat(ApplicationRequests.currentApplicationVersionId(json("{\"ApplicationName\":\"app\",\"CurrentApplicationVersionId\":3}"))).isEqualTo(3);
        assertThatThrownBy(() -> ApplicationRequests.parseUpdate(json("{\"ApplicationName\":\"app\",\"CurrentApplicationVersionId\":3,\"ApplicationUpdate\":{}}")))
                .hasMessageContaining("must change something");
    }

    @Test
    void readsCreateTimestampInEpochSeconds() throws Exception {
        assertThat(ApplicationRequests.createTimestampMillis(json("{\"ApplicationName\":\"app\",\"CreateTimestamp\":1732572817.123}"))).isEqualTo(1732572817123L);
        assertThatThrownBy(() -> ApplicationRequests.createTimestampMillis(json("{\"ApplicationName\":\"app\"}"))).hasMessageContaining("createTimestamp");
    }

    @Test
    void discoversEitherFromADeliveryStreamOrFromAnObject() throws Exception {
        ApplicationRequests.DiscoverInputSchemaRequest fromStream = ApplicationRequests.parseDiscoverInputSchema(json("""
                {"ResourceARN":"%s","RoleARN":"%s","InputStartingPositionConfiguration":{"InputStartingPosition":"NOW"}}""".formatted(FIREHOSE, ROLE)));
        assertThat(fromStream).isEqualTo(new ApplicationRequests.DiscoverInputSchemaRequest(FIREHOSE, "NOW", null, null));
        ApplicationRequests.DiscoverInputSchemaRequest fromObject = ApplicationRequests.parseDiscoverInputSchema(json("""
                {"S3Configuration":{"RoleARN":"%s","BucketARN":"arn:aws:s3:::samples","FileKey":"a/b.json"}}""".formatted(ROLE)));
        assertThat(fromObject).isEqualTo(new ApplicationRequests.DiscoverInputSchemaRequest(null, null, "samples", "a/b.json"));
        assertThatThrownBy(() -> ApplicationRequests.parseDiscoverInputSchema(json("{}"))).hasMessageContaining("Either ResourceARN");
        assertThatThrownBy(() -> ApplicationRequests.parseDiscoverInputSchema(json("""
                {"ResourceARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s","InputStartingPositionConfiguration":{"InputStartingPosition":"NOW"}}""")))
                .hasMessageContaining("Kinesis data streams are not supported by Hydrant");
    }

    @Test
    void checksTagRequests() throws Exception {
        String arn = "arn:aws:kinesisanalytics:us-east-1:000000000000:application/app";
        assertThat(ApplicationRequests.parseTags(json("{\"ResourceARN\":\"" + arn + "\",\"Tags\":[{\"Key\":\"k\"}]}"))).containsEntry("k", "");
        assertThatThrownBy(() -> ApplicationRequests.parseTags(json("{\"ResourceARN\":\"arn:aws:firehose:x\",\"Tags\":[]}")))
                .hasMessageContaining("resourceARN").hasMessageContaining("'tags'");
        assertThat(ApplicationRequests.parseTagKeys(json("{\"ResourceARN\":\"" + arn + "\",\"TagKeys\":[\"a\",\"b\"]}"))).containsExactly("a", "b");
    }
}
