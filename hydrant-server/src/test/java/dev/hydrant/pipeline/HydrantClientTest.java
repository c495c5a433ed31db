package dev.hydrant.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hydrant.control.BufferingHints;
import dev.hydrant.control.CloudWatchLoggingOptions;
import dev.hydrant.control.CompressionFormat;
import dev.hydrant.control.DeliveryStreamStatus;
import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.control.S3DestinationConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HydrantClientTest {
    private TestingFirehoseServer server;
    private HydrantClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = TestingFirehoseServer.start();
        client = new HydrantClient(server.endpoint());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static S3DestinationConfig destination(String bucket) {
        return new S3DestinationConfig(S3DestinationConfig.DEFAULT_ROLE_ARN, S3DestinationConfig.bucketArnOf(bucket), "raw/", null,
                new BufferingHints(1, 60), CompressionFormat.SNAPPY, new CloudWatchLoggingOptions(true, "group", "stream"),
                ProcessingConfiguration.disabled(), ".json", "Europe/Paris");
    }

    @Test
    void followsDeliveryStreamPagesToTheEnd() {
        server.createBucket("raw");
        IntStream.range(0, 7).forEach(index -> server.createDeliveryStream("stream-" + index, "raw"));
        server.setMaximumPageSize(3);

        assertThat(client.listDeliveryStreams()).containsExactly("stream-0", "stream-1", "stream-2", "stream-3", "stream-4", "stream-5", "stream-6");
        assertThat(server.operations()).containsExactly("ListDeliveryStreams", "ListDeliveryStreams", "ListDeliveryStreams");
    }

    @Test
    void stopsPagingWhenTheServerIgnoresTheExclusiveStart() {
        server.createBucket("raw");
        IntStream.range(0, 5).forEach(index -> server.createDeliveryStream("stream-" + index, "raw"));
        client.createDeliveryStream("tagged", destination("raw"), Map.of("a", "1", "b", "2", "c", "3"));
        server.setMaximumPageSize(2);
        server.ignoreExclusiveStart();

        assertThat(client.listDeliveryStreams()).containsExactly("stream-0", "stream-1");
        assertThat(client.listTagsForDeliveryStream("tagged")).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void followsTagPagesToTheEnd() {
        server.createBucket("raw");
        Map<String, String> tags = Map.of("a", "1", "b", "2", "c", "3", "d", "");
        client.createDeliveryStream("tagged", destination("raw"), tags);
        server.setMaximumPageSize(2);

        assertThat(client.listTagsForDeliveryStream("tagged")).isEqualTo(tags);
    }

    @Test
    void describesWhatItCreated() {
        server.createBucket("raw");
        String arn = client.createDeliveryStream("telemetry", destination("raw"), Map.of());

        DeliveryStreamDescription description = client.describeDeliveryStream("telemetry");

        assertThat(arn).isEqualTo("arn:aws:firehose:us-east-1:000000000000:deliverystream/telemetry");
        assertThat(description).isEqualTo(new DeliveryStreamDescription(
                "telemetry", arn, DeliveryStreamStatus.ACTIVE, "1", TestingFirehoseServer.DESTINATION_ID, true, destination("raw")));
    }

    @Test
    void tagsAndUntags() {
        server.createBucket("raw");
        client.createDeliveryStream("telemetry", destination("raw"), Map.of("team", "racing"));

        client.tagDeliveryStream("telemetry", Map.of("owner", "data", "team", "pit-wall"));
        client.untagDeliveryStream("telemetry", List.of("owner"));

        assertThat(client.listTagsForDeliveryStream("telemetry")).isEqualTo(Map.of("team", "pit-wall"));
    }

    @Test
    void createsListsAndDeletesBuckets() {
        assertThat(client.createBucket("raw")).isTrue();
        assertThat(client.createBucket("raw")).isFalse();
        assertThat(client.listBuckets()).containsExactly("raw");

        client.deleteBucket("raw");

        assertThat(client.listBuckets()).isEmpty();
    }

    @Test
    void surfacesAwsErrorsWithTheirTypeAndMessage() {
        assertThatThrownBy(() -> client.describeDeliveryStream("missing"))
                .isInstanceOfSatisfying(HydrantClientException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(400);
                    assertThat(error.type()).isEqualTo("ResourceNotFoundException");
                    assertThat(error.errorMessage()).isEqualTo("Firehose missing under account 000000000000 not found.");
                    assertThat(error).hasMessage("ResourceNotFoundException: Firehose missing under account 000000000000 not found.");
                });

        client.createBucket("raw");
        server.putObject("raw");
        assertThatThrownBy(() -> client.deleteBucket("raw"))
                .isInstanceOfSatisfying(HydrantClientException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(409);
                    assertThat(error.type()).isEqualTo("BucketNotEmpty");
                });
    }

    @Test
    void saysWhenTheServerCannotBeReached() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        HydrantClient unreachable = new HydrantClient(URI.create("http://127.0.0.1:" + freePort));

        assertThatThrownBy(unreachable::listBuckets)
                .isInstanceOfSatisfying(HydrantClientException.class, error -> {
                    assertThat(error.type()).isEqualTo(HydrantClientException.CONNECTION_FAILED);
                    assertThat(error.errorMessage()).startsWith("cannot reach Hydrant at http://127.0.0.1:" + freePort).endsWith("is the server running?");
                });
    }
}
