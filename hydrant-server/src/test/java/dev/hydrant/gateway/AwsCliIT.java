package dev.hydrant.gateway;

import static dev.hydrant.gateway.TestingAwsCli.aws;
import static dev.hydrant.gateway.TestingAwsCli.awsFailing;
import static dev.hydrant.gateway.TestingAwsCli.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.server.TestingHydrant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The real {@code aws} command line (aws-cli v1) against a real server, run as a child process with dummy
 * credentials and {@code --endpoint-url}.
 */
class AwsCliIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long PROCESS_DEADLINE_SECONDS = 120;
    private static final String DESTINATION = """
            {"RoleARN":"arn:aws:iam::123456789012:role/cli","BucketARN":"arn:aws:s3:::%s",
             "BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":0}}""";

    @Test
    void managesADeliveryStreamThroughItsWholeLifecycle() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            TestingAwsCli.Result created = aws(hydrant, "firehose", "create-delivery-stream", "--delivery-stream-name", "s",
                    "--delivery-stream-type", "DirectPut",
                    "--extended-s3-destination-configuration", DESTINATION.formatted("cli-bucket"));
            assertThat(created.json().get("DeliveryStreamARN").asText()).matches("arn:aws:firehose:us-east-1:\\d{12}:deliverystream/s");

            TestingAwsCli.Result listed = aws(hydrant, "firehose", "list-delivery-streams");
            assertThat(listed.json().get("DeliveryStreamNames")).extracting(JsonNode::asText).containsExactly("s");
            assertThat(listed.json().get("HasMoreDeliveryStreams").asBoolean()).isFalse();

            JsonNode description = aws(hydrant, "firehose", "describe-delivery-stream", "--delivery-stream-name", "s")
                    .json().get("DeliveryStreamDescription");
            assertThat(description.get("DeliveryStreamStatus").asText()).isEqualTo("ACTIVE");
            assertThat(description.get("VersionId").asText()).isEqualTo("1");
            assertThat(description.get("DeliveryStreamARN").asText()).isEqualTo(created.json().get("DeliveryStreamARN").asText());
            JsonNode destination = description.at("/Destinations/0/ExtendedS3DestinationDescription");
            assertThat(destination.get("BucketARN").asText()).isEqualTo("arn:aws:s3:::cli-bucket");
            assertThat(destination.at("/BufferingHints/IntervalInSeconds").asInt()).isZero();
            String destinationId = description.at("/Destinations/0/DestinationId").asText();

            TestingAwsCli.Result staleUpdate = awsFailing(hydrant, "firehose", "update-destination", "--delivery-stream-name", "s",
                    "--current-delivery-stream-version-id", "5", "--destination-id", destinationId,
                    "--extended-s3-destination-update", "{\"Prefix\":\"v2/\"}");
            assertThat(staleUpdate.stderr()).contains("ConcurrentModificationException");
            aws(hydrant, "firehose", "update-destination", "--delivery-stream-name", "s",
                    "--current-delivery-stream-version-id", "1", "--destination-id", destinationId,
                    "--extended-s3-destination-update", "{\"Prefix\":\"v2/\"}");
            JsonNode updated = aws(hydrant, "firehose", "describe-delivery-stream", "--delivery-stream-name", "s").json().get("DeliveryStreamDescription");
            assertThat(updated.get("VersionId").asText()).isEqualTo("2");
            assertThat(updated.at("/Destinations/0/ExtendedS3DestinationDescription/Prefix").asText()).isEqualTo("v2/");

            aws(hydrant, "firehose", "tag-delivery-stream", "--delivery-stream-name", "s", "--tags", "Key=env,Value=test", "Key=team,Value=data");
            JsonNode tags = aws(hydrant, "firehose", "list-tags-for-delivery-stream", "--delivery-stream-name", "s").json();
            assertThat(tagsOf(tags)).containsExactly(Map.entry("env", "test"), Map.entry("team", "data"));
            assertThat(tags.get("HasMoreTags").asBoolean()).isFalse();
            aws(hydrant, "firehose", "untag-delivery-stream", "--delivery-stream-name", "s", "--tag-keys", "env");
            assertThat(tagsOf(aws(hydrant, "firehose", "list-tags-for-delivery-stream", "--delivery-stream-name", "s").json()))
                    .containsExactly(Map.entry("team", "data"));

            aws(hydrant, "firehose", "delete-delivery-stream", "--delivery-stream-name", "s");
            assertThat(aws(hydrant, "firehose", "list-delivery-streams").json().get("DeliveryStreamNames")).isEmpty();
            assertThat(awsFailing(hydrant, "firehose", "describe-delivery-stream", "--delivery-stream-name", "s").stderr())
                    .contains("ResourceNotFoundException");
        }
    }

    /**
     * aws-cli v1 treats a blob given on the command line as text and base64-encodes it itself, so base64-looking
     * input lands in the bucket as those very characters, not decoded.
     */
    @Test
    void putRecordStoresTheDataArgumentAsTheCliSendsIt() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            aws(hydrant, "firehose", "create-delivery-stream", "--delivery-stream-name", "s",
                    "--extended-s3-destination-configuration", DESTINATION.formatted("put-bucket"));

            TestingAwsCli.Result put = aws(hydrant, "firehose", "put-record", "--delivery-stream-name", "s", "--record", "{\"Data\":\"aGVsbG8K\"}");

            assertThat(put.json().get("RecordId").asText()).isNotEmpty();
            assertThat(put.json().get("Encrypted").asBoolean()).isFalse();
            List<byte[]> contents = hydrant.awaitDeliveredBytes("put-bucket", "aGVsbG8K".length());
            assertThat(joined(contents)).isEqualTo("aGVsbG8K");

            aws(hydrant, "firehose", "put-record", "--delivery-stream-name", "s", "--record", "{\"Data\":\"caf\\u00e9 \\\"quoted\\\"\\n\"}");
            String second = "café \"quoted\"\n";
            assertThat(joined(hydrant.awaitDeliveredBytes("put-bucket", "aGVsbG8K".length() + second.getBytes(UTF_8).length)))
                    .isIn("aGVsbG8K" + second, second + "aGVsbG8K");
        }
    }

    @Test
    void putRecordBatchStoresEveryRecordOnceInOrder() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            aws(hydrant, "firehose", "create-delivery-stream", "--delivery-stream-name", "batched",
                    "--extended-s3-destination-configuration", DESTINATION.formatted("batch-bucket"));
            List<String> records = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                records.add("record-%02d\n".formatted(i));
            }
            String recordsArgument = records.stream()
                    .map(record -> "{\"Data\":\"" + record.replace("\n", "\\n") + "\"}")
                    .collect(Collectors.joining(",", "[", "]"));

            JsonNode answer = aws(hydrant, "firehose", "put-record-batch", "--delivery-stream-name", "batched", "--records", recordsArgument).json();

            assertThat(answer.get("FailedPutCount").asInt()).isZero();
            assertThat(answer.get("RequestResponses")).hasSize(25);
            String expected = String.join("", records);
            List<byte[]> contents = hydrant.awaitDeliveredBytes("batch-bucket", expected.length());
            String delivered = contents.stream()
                    .map(content -> new String(content, UTF_8))
                    .sorted(Comparator.comparingInt(expected::indexOf))
                    .collect(Collectors.joining());
            assertThat(delivered).isEqualTo(expected);
        }
    }

    @Test
    void errorsExitWithStatus255AndNameTheAwsError() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            TestingAwsCli.Result unknown = awsFailing(hydrant, "firehose", "describe-delivery-stream", "--delivery-stream-name", "unknown");
            assertThat(unknown.exitCode()).isEqualTo(255);
            assertThat(unknown.stderr()).contains("ResourceNotFoundException").contains("unknown");

            TestingAwsCli.Result badName = awsFailing(hydrant, "firehose", "create-delivery-stream", "--delivery-stream-name", "bad name",
                    "--extended-s3-destination-configuration", DESTINATION.formatted("error-bucket"));
            assertThat(badName.exitCode()).isEqualTo(255);
            assertThat(badName.stderr()).contains("ValidationException");

            aws(hydrant, "firehose", "create-delivery-stream", "--delivery-stream-name", "twice",
                    "--extended-s3-destination-configuration", DESTINATION.formatted("error-bucket"));
            TestingAwsCli.Result twice = awsFailing(hydrant, "firehose", "create-delivery-stream", "--delivery-stream-name", "twice",
                    "--extended-s3-destination-configuration", DESTINATION.formatted("error-bucket"));
            assertThat(twice.stderr()).contains("ResourceInUseException");

            TestingAwsCli.Result putUnknown = awsFailing(hydrant, "firehose", "put-record", "--delivery-stream-name", "unknown", "--record", "{\"Data\":\"x\"}");
            assertThat(putUnknown.stderr()).contains("ResourceNotFoundException");
        }
    }

    private static List<Map.Entry<String, String>> tagsOf(JsonNode listTagsAnswer) {
        List<Map.Entry<String, String>> tags = new ArrayList<>();
        listTagsAnswer.get("Tags").forEach(tag -> tags.add(Map.entry(tag.get("Key").asText(), tag.get("Value").asText())));
        return tags;
    }

    private static String joined(List<byte[]> contents) {
        return contents.stream().map(content -> new String(content, UTF_8)).collect(Collectors.joining());
    }


}
