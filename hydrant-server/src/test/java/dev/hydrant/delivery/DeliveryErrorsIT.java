package dev.hydrant.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.server.TestingHydrant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When the destination fails, delivery retries, reports Firehose error events to the CloudWatch log file and the
 * Success metric, and loses nothing: once the bucket is writable again every acknowledged record lands.
 */
class DeliveryErrorsIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void failingDeliveryIsLoggedAsFirehoseErrorEventsAndRetriedUntilItSucceeds() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            // A regular file where the bucket's directory should be: every put of an object fails.
            Path blocked = hydrant.dataDirectory().resolve("buckets").resolve("blocked");
            Files.createDirectories(blocked.getParent());
            Files.writeString(blocked, "not a directory");
            assertThat(hydrant.firehose("CreateDeliveryStream", """
                    {"DeliveryStreamName":"errors","ExtendedS3DestinationConfiguration":{
                      "RoleARN":"%s","BucketARN":"arn:aws:s3:::blocked",
                      "BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":0},
                      "CloudWatchLoggingOptions":{"Enabled":true,"LogGroupName":"/aws/kinesisfirehose/errors","LogStreamName":"DestinationDelivery"}}}"""
                    .formatted(TestingHydrant.ROLE_ARN)).statusCode()).isEqualTo(200);
            assertThat(hydrant.putRecord("errors", "first\n".getBytes(UTF_8)).statusCode()).isEqualTo(200);
            assertThat(hydrant.putRecord("errors", "second\n".getBytes(UTF_8)).statusCode()).isEqualTo(200);

            Path events = hydrant.dataDirectory().resolve("logs/aws/kinesisfirehose/errors/DestinationDelivery");
            await().atMost(TestingHydrant.WAIT).until(() -> Files.exists(events) && !Files.readAllLines(events).isEmpty());
            JsonNode event = MAPPER.readTree(Files.readAllLines(events).get(0));
            assertThat(event.get("deliveryStreamARN").asText()).endsWith(":deliverystream/errors");
            assertThat(event.get("destination").asText()).isEqualTo("arn:aws:s3:::blocked");
            assertThat(event.get("deliveryStreamVersionId").asLong()).isEqualTo(1);
            assertThat(event.get("errorCode").asText()).isNotBlank();
            assertThat(event.get("message").asText()).contains("blocked");
            assertThat(hydrant.get("/metrics").body()).contains("DeliveryToS3_Success{DeliveryStreamName=\"errors\"} 0.0");

            Files.delete(blocked);
            await().atMost(Duration.ofSeconds(60)).until(() -> hydrant.deliveredBytes("blocked") == "first\nsecond\n".length());
            List<byte[]> objects = hydrant.objectContents("blocked");
            // Objects written in the same second have no defined key order; each record is there once.
            String delivered = objects.stream().map(bytes -> new String(bytes, UTF_8)).reduce("", String::concat);
            assertThat(delivered.lines()).containsExactlyInAnyOrder("first", "second");
            await().atMost(TestingHydrant.WAIT).until(() -> hydrant.get("/metrics").body().contains("DeliveryToS3_Success{DeliveryStreamName=\"errors\"} 1.0"));
        }
    }
}
