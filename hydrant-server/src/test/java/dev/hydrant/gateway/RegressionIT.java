package dev.hydrant.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.server.TestingHydrant;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Regression tests for bugs found by the integration suite: each failed before its fix. */
class RegressionIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STREAM = "sg12-kinesis-firehose-extended-s3-stream";
    private static final String BUCKET = "sg12-bucket";
    private static final String JSON = TestingHydrant.JSON_CONTENT_TYPE;

    @Test
    void metricsKeepCountingAcrossUpdateDestination() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            hydrant.createDeliveryStream(STREAM, BUCKET);
            for (int i = 0; i < 3; i++) {
                assertThat(hydrant.putRecord(STREAM, ("before " + i + "\n").getBytes(UTF_8)).statusCode()).isEqualTo(200);
            }
            await().atMost(TestingHydrant.WAIT).untilAsserted(() ->
                    assertThat(TestingHydrant.metricValue(hydrant.metrics(), "DeliveryToS3_Records", STREAM)).hasValue(3.0));

            HttpResponse<String> update = hydrant.firehose("UpdateDestination", """
                    {"DeliveryStreamName":"%s","CurrentDeliveryStreamVersionId":"1","DestinationId":"destinationId-000000000001",
                     "ExtendedS3DestinationUpdate":{"Prefix":"v2/"}}""".formatted(STREAM));
            assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
            assertThat(hydrant.putRecord(STREAM, "after\n".getBytes(UTF_8)).statusCode()).isEqualTo(200);

            assertThat(TestingHydrant.metricValue(hydrant.metrics(), "IncomingRecords", STREAM)).as("a Prometheus counter only goes up while the process lives").hasValue(4.0);
            await().atMost(TestingHydrant.WAIT).untilAsserted(() ->
                    assertThat(TestingHydrant.metricValue(hydrant.metrics(), "DeliveryToS3_Records", STREAM)).hasValue(4.0));
        }
    }

    @Test
    void createRejectsBucketArnsThatNoLocalBucketCanHave() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            for (String bucket : new String[] {"two..dots", ".dot-first"}) {
                HttpResponse<String> created = hydrant.firehose("CreateDeliveryStream", """
                        {"DeliveryStreamName":"s%d","ExtendedS3DestinationConfiguration":{"RoleARN":"%s",
                         "BucketARN":"arn:aws:s3:::%s","BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":0}}}"""
                        .formatted(bucket.length(), TestingHydrant.ROLE_ARN, bucket));

                assertThat(created.statusCode())
                        .as("bucket %s: records acknowledged for this stream could never be delivered: %s", bucket, created.body())
                        .isEqualTo(400);
                assertThat(MAPPER.readTree(created.body()).get("__type").asText()).isEqualTo("InvalidArgumentException");
            }
        }
    }

    @Test
    void listTagsRejectsLimitOutsideOneToFifty() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            hydrant.createDeliveryStream(STREAM, BUCKET);
            for (String limit : new String[] {"-1", "0", "51"}) {
                HttpResponse<String> response = hydrant.firehose("ListTagsForDeliveryStream",
                        "{\"DeliveryStreamName\":\"" + STREAM + "\",\"Limit\":" + limit + "}");
                assertThat(response.statusCode()).as("Limit %s: %s", limit, response.body()).isEqualTo(400);
                assertThat(MAPPER.readTree(response.body()).get("__type").asText()).as("Limit %s", limit).isEqualTo("ValidationException");
            }
        }
    }

    @Test
    void listDeliveryStreamsRejectsAnUnknownDeliveryStreamType() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            hydrant.createDeliveryStream(STREAM, BUCKET);

            HttpResponse<String> response = hydrant.firehose("ListDeliveryStreams", "{\"DeliveryStreamType\":\"Bogus\"}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(MAPPER.readTree(response.body()).get("__type").asText()).isEqualTo("ValidationException");
        }
    }
}
