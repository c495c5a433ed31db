package dev.hydrant.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.server.TestingHydrant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The REST routes the reference deployment's API Gateway puts in front of Firehose, plus health and metrics, over
 * plain HTTP.
 */
class StreamsRouteIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STAGE = "/SG12-Serverless-processing-event-production-stage";
    private static final String STREAM = "sg12-kinesis-firehose-extended-s3-stream";
    private static final String BUCKET = "sg12-bucket";
    private static final String JSON = TestingHydrant.JSON_CONTENT_TYPE;

    @Test
    void stageListRouteAnswersLikeListDeliveryStreams() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            hydrant.createDeliveryStream(STREAM, BUCKET);
            hydrant.createDeliveryStream("another-stream", BUCKET);

            HttpResponse<String> routed = hydrant.send("GET", STAGE + "/streams", "{}".getBytes(UTF_8), "Content-Type", JSON);
            HttpResponse<String> direct = hydrant.firehose("ListDeliveryStreams", "{}");

            assertThat(routed.statusCode()).isEqualTo(200);
            JsonNode listed = MAPPER.readTree(routed.body());
            assertThat(listed).isEqualTo(MAPPER.readTree(direct.body()));
            assertThat(listed.get("DeliveryStreamNames")).extracting(JsonNode::asText).containsExactly("another-stream", STREAM);
            assertThat(listed.get("HasMoreDeliveryStreams").asBoolean()).isFalse();

            JsonNode unprefixed = MAPPER.readTree(hydrant.get("/streams").body());
            assertThat(unprefixed).as("GET /streams without a stage or a body").isEqualTo(listed);
            JsonNode limited = MAPPER.readTree(hydrant.send("GET", STAGE + "/streams", "{\"Limit\":1}".getBytes(UTF_8), "Content-Type", JSON).body());
            assertThat(limited.get("DeliveryStreamNames")).extracting(JsonNode::asText).containsExactly("another-stream");
            assertThat(limited.get("HasMoreDeliveryStreams").asBoolean()).isTrue();
        }
    }

    @Test
    void stagePutRouteAnswersLikePutRecordAndStoresTheRecord() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            hydrant.createDeliveryStream(STREAM, BUCKET);
            String event = "{\"eventId\":\"e-1\",\"status\":\"processed\"}\n";

            HttpResponse<String> response = hydrant.send("PUT", STAGE + "/streams", putRecordBody(STREAM, event), "Content-Type", JSON);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = MAPPER.readTree(response.body());
            assertThat(answer.get("RecordId").asText()).isNotEmpty();
            assertThat(answer.get("Encrypted").isBoolean()).isTrue();
            assertThat(answer.get("Encrypted").asBoolean()).isFalse();
            assertThat(answer.size()).as("only RecordId and Encrypted").isEqualTo(2);
            List<byte[]> contents = hydrant.awaitDeliveredBytes(BUCKET, event.length());
            assertThat(concatenate(contents)).asString(UTF_8).isEqualTo(event);
        }
    }

    @Test
    void putRouteAcceptsPostAndWorksWithoutAStage() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            hydrant.createDeliveryStream(STREAM, BUCKET);

            assertThat(hydrant.send("POST", STAGE + "/streams", putRecordBody(STREAM, "a\n"), "Content-Type", JSON).statusCode()).isEqualTo(200);
            hydrant.awaitDeliveredBytes(BUCKET, 2);
            assertThat(hydrant.send("PUT", "/streams", putRecordBody(STREAM, "b\n"), "Content-Type", JSON).statusCode()).isEqualTo(200);
            hydrant.awaitDeliveredBytes(BUCKET, 4);
            assertThat(hydrant.send("POST", "/streams", putRecordBody(STREAM, "c\n"), "Content-Type", JSON).statusCode()).isEqualTo(200);

            List<byte[]> contents = hydrant.awaitDeliveredBytes(BUCKET, 6);
            assertThat(contents).extracting(content -> new String(content, UTF_8)).containsExactlyInAnyOrder("a\n", "b\n", "c\n");
        }
    }

    @Test
    void putRouteToUnknownStreamIsResourceNotFound() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            HttpResponse<String> response = hydrant.send("PUT", STAGE + "/streams", putRecordBody("missing-stream", "x"), "Content-Type", JSON);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(MAPPER.readTree(response.body()).get("__type").asText()).isEqualTo("ResourceNotFoundException");
        }
    }

    @Test
    void ndjsonRouteStoresOneRecordPerLineKeepingTheNewlines() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            hydrant.createDeliveryStream(STREAM, BUCKET);
            String body = "{\"n\":1}\n{\"n\":2}\r\n\n{\"n\":3}\n{\"n\":4}";

            HttpResponse<String> response = hydrant.send("POST", "/streams/" + STREAM + "/records", body.getBytes(UTF_8), "Content-Type", "application/x-ndjson");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = MAPPER.readTree(response.body());
            assertThat(answer.get("FailedPutCount").asInt()).isZero();
            assertThat(answer.get("RequestResponses")).hasSize(4);
            answer.get("RequestResponses").forEach(entry -> assertThat(entry.get("RecordId").asText()).isNotEmpty());
            String expected = "{\"n\":1}\n{\"n\":2}\r\n{\"n\":3}\n{\"n\":4}";
            List<byte[]> contents = hydrant.awaitDeliveredBytes(BUCKET, expected.length());
            assertThat(inOrderOf(expected, contents)).as("the blank line is skipped, every terminator kept").isEqualTo(expected);
        }
    }

    @Test
    void ndjsonRouteWorksUnderAStage() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            hydrant.createDeliveryStream(STREAM, BUCKET);

            HttpResponse<String> response = hydrant.send("POST", STAGE + "/streams/" + STREAM + "/records", "{\"n\":1}\n{\"n\":2}\n".getBytes(UTF_8));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(MAPPER.readTree(response.body()).get("RequestResponses")).hasSize(2);
            String expected = "{\"n\":1}\n{\"n\":2}\n";
            assertThat(inOrderOf(expected, hydrant.awaitDeliveredBytes(BUCKET, expected.length()))).isEqualTo(expected);
        }
    }

    @Test
    void metricsCountIncomingAndDeliveredRecordsPerStream() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            hydrant.createDeliveryStream(STREAM, BUCKET);
            hydrant.createDeliveryStream("quiet-stream", "quiet-bucket");

            for (int i = 0; i < 3; i++) {
                assertThat(hydrant.send("PUT", STAGE + "/streams", putRecordBody(STREAM, "event " + i + "\n"), "Content-Type", JSON).statusCode()).isEqualTo(200);
            }
            String batch = "{\"DeliveryStreamName\":\"" + STREAM + "\",\"Records\":[{\"Data\":\"" + base64("x\n") + "\"},{\"Data\":\"" + base64("y\n") + "\"}]}";
            assertThat(hydrant.firehose("PutRecordBatch", batch).statusCode()).isEqualTo(200);

            String afterPuts = hydrant.metrics();
            assertThat(TestingHydrant.metricValue(afterPuts, "IncomingRecords", STREAM)).hasValue(5.0);
            assertThat(TestingHydrant.metricValue(afterPuts, "IncomingRecords", "quiet-stream")).hasValue(0.0);

            await().atMost(TestingHydrant.WAIT).untilAsserted(() ->
                    assertThat(TestingHydrant.metricValue(hydrant.metrics(), "DeliveryToS3_Records", STREAM)).hasValue(5.0));
            assertThat(TestingHydrant.metricValue(hydrant.metrics(), "DeliveryToS3_Records", "quiet-stream")).hasValue(0.0);
            assertThat(hydrant.deliveredBytes(BUCKET)).isEqualTo(3 * "event 0\n".length() + 4);
        }
    }

    @Test
    void healthIsUp() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            HttpResponse<String> response = hydrant.get("/health");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(MAPPER.readTree(response.body()).get("status").asText()).isEqualTo("UP");
        }
    }

    private static byte[] putRecordBody(String stream, String data) {
        return ("{\"DeliveryStreamName\":\"" + stream + "\",\"Record\":{\"Data\":\"" + base64(data) + "\"}}").getBytes(UTF_8);
    }

    private static String base64(String data) {
        return Base64.getEncoder().encodeToString(data.getBytes(UTF_8));
    }

    /**
     * The objects joined in the order their contents appear in {@code expected}: objects written within the same
     * second have no defined key order, so key order cannot tell which came first.
     */
    private static String inOrderOf(String expected, List<byte[]> objects) {
        return objects.stream()
                .map(object -> new String(object, UTF_8))
                .sorted(Comparator.comparingInt(expected::indexOf))
                .collect(Collectors.joining());
    }

    private static byte[] concatenate(List<byte[]> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part);
        }
        return out.toByteArray();
    }
}
