package dev.hydrant.gateway;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.server.TestingHydrant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad requests over raw HTTP: each gets an AWS-shaped error with the right {@code __type} and status, and the server
 * keeps serving afterwards.
 */
class BadInputIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STREAM = "alive";
    private static final String BUCKET = "alive-bucket";
    private static final int SOCKET_TIMEOUT_MILLIS = 20_000;

    @Test
    void putRecordToUnknownStreamIsResourceNotFound() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            HttpResponse<String> response = hydrant.firehose("PutRecord", putRecordBody("nowhere", "aGk="));

            JsonNode error = assertAwsError(response, 400, "ResourceNotFoundException");
            assertThat(error.get("message").asText()).contains("nowhere");
            assertStillServes(hydrant);
        }
    }

    @Test
    void malformedJsonIsSerializationException() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            assertAwsError(hydrant.firehose("PutRecord", "{\"DeliveryStreamName\":\"alive\",\"Record\":{\"Data\":"), 400, "SerializationException");
            assertAwsError(hydrant.firehose("PutRecordBatch", "{\"DeliveryStreamName\":\"alive\",\"Records\":[{\"Data\":\"aGk=\"},]}"), 400, "SerializationException");
            assertAwsError(hydrant.firehose("CreateDeliveryStream", "{\"DeliveryStreamName\":\"x\",,}"), 400, "SerializationException");
            assertAwsError(hydrant.firehose("DescribeDeliveryStream", "{'DeliveryStreamName':'alive'}"), 400, "SerializationException");
            assertStillServes(hydrant);
        }
    }

    @Test
    void dataOfTheWrongJsonTypeIsSerializationException() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            assertAwsError(hydrant.firehose("PutRecord", "{\"DeliveryStreamName\":\"alive\",\"Record\":{\"Data\":42}}"), 400, "SerializationException");
            assertAwsError(hydrant.firehose("PutRecordBatch", "{\"DeliveryStreamName\":\"alive\",\"Records\":{\"Data\":\"aGk=\"}}"), 400, "SerializationException");
            assertStillServes(hydrant);
        }
    }

    @Test
    void invalidBase64DataIsSerializationException() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            assertAwsError(hydrant.firehose("PutRecord", putRecordBody(STREAM, "!!not*base64")), 400, "SerializationException");
            assertAwsError(hydrant.firehose("PutRecordBatch",
                    "{\"DeliveryStreamName\":\"alive\",\"Records\":[{\"Data\":\"aGk=\"},{\"Data\":\"a\"}]}"), 400, "SerializationException");
            assertStillServes(hydrant);
            assertThat(hydrant.awaitDeliveredBytes(BUCKET, "still serving\n".length()))
                    .as("nothing of the rejected batch is stored")
                    .allSatisfy(content -> assertThat(new String(content, UTF_8)).isEqualTo("still serving\n"));
        }
    }

    @Test
    void unusualButValidJsonSpellingsAreAcceptedAndStoredExactly() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            List<byte[]> data = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                data.add(new byte[] {(byte) ('a' + i), (byte) 0xff, (byte) 0xff, (byte) 0xff, '\n'});
            }
            List<String> base64 = data.stream().map(Base64.getEncoder()::encodeToString).toList();
            assertThat(base64).allSatisfy(encoded -> assertThat(encoded).contains("/"));
            List<String[]> calls = List.of(
                    new String[] {"PutRecord", "{\"Record\":{\"Data\":\"" + base64.get(0) + "\"},\"DeliveryStreamName\":\"alive\"}"},
                    new String[] {"PutRecord", " {\n \"DeliveryStreamName\" : \"al\\u0069ve\" ,\t\"Record\" : { \"Data\" : \"" + base64.get(1) + "\" } }\n"},
                    new String[] {"PutRecord", "{\"DeliveryStreamName\":\"alive\",\"Record\":{\"Data\":\"" + base64.get(2).replace("/", "\\/") + "\"}}"},
                    new String[] {"PutRecord", "{\"DeliveryStreamName\":\"alive\",\"Record\":{\"Data\":\"" + base64.get(3)
                            + "\",\"Extra\":1},\"Unknown\":[1,{\"a\":null}]}"},
                    new String[] {"PutRecordBatch", "{\"Records\" : [ {\"Data\":\"" + base64.get(4) + "\"} ,\n{ \"Data\":\""
                            + base64.get(5).replace("/", "\\/") + "\" , \"PartitionKey\":\"ignored\"} ], \"DeliveryStreamName\":\"\\u0061live\"}"},
                    new String[] {"PutRecordBatch", "{\"DeliveryStreamName\":\"alive\",\"Records\":[{\"Data\":\"" + base64.get(6) + "\"}]}"});

            for (String[] call : calls) {
                HttpResponse<String> response = hydrant.firehose(call[0], call[1]);
                assertThat(response.statusCode()).as("%s %s: %s", call[0], call[1], response.body()).isEqualTo(200);
            }

            String expected = data.stream().map(bytes -> new String(bytes, ISO_8859_1)).collect(Collectors.joining());
            String delivered = hydrant.awaitDeliveredBytes(BUCKET, expected.length()).stream()
                    .map(object -> new String(object, ISO_8859_1))
                    .sorted(Comparator.comparingInt(expected::indexOf))
                    .collect(Collectors.joining());
            assertThat(delivered).isEqualTo(expected);
        }
    }

    @Test
    void batchOfMoreThanFiveHundredRecordsIsValidationException() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            JsonNode error = assertAwsError(hydrant.firehose("PutRecordBatch", batchBody(501, 1)), 400, "ValidationException");
            assertThat(error.get("message").asText()).contains("500");

            HttpResponse<String> fiveHundred = hydrant.firehose("PutRecordBatch", batchBody(500, 1));
            assertThat(fiveHundred.statusCode()).isEqualTo(200);
            assertThat(MAPPER.readTree(fiveHundred.body()).get("RequestResponses")).hasSize(500);
            assertAwsError(hydrant.firehose("PutRecordBatch", "{\"DeliveryStreamName\":\"alive\",\"Records\":[]}"), 400, "ValidationException");
            assertStillServes(hydrant);
        }
    }

    @Test
    void batchOfMoreThanFourMebibytesIsInvalidArgument() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            assertAwsError(hydrant.firehose("PutRecordBatch", batchBody(5, 1_000_000)), 400, "InvalidArgumentException");

            int fourMebibytes = 4 * 1024 * 1024;
            String exactlyFourMebibytes = batchBodyOfSizes(1_024_000, 1_024_000, 1_024_000, 1_024_000, fourMebibytes - 4 * 1_024_000);
            assertThat(hydrant.firehose("PutRecordBatch", exactlyFourMebibytes).statusCode()).as("4 MiB exactly is allowed").isEqualTo(200);
            String oneByteMore = batchBodyOfSizes(1_024_000, 1_024_000, 1_024_000, 1_024_000, fourMebibytes - 4 * 1_024_000 + 1);
            assertAwsError(hydrant.firehose("PutRecordBatch", oneByteMore), 400, "InvalidArgumentException");
            assertStillServes(hydrant);
        }
    }

    @Test
    void recordOverOneMillionTwentyFourThousandBytesIsValidationException() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            assertAwsError(hydrant.firehose("PutRecord", putRecordBody(STREAM, base64OfSize(1_024_001))), 400, "ValidationException");
            assertAwsError(hydrant.firehose("PutRecordBatch", batchBodyOfSizes(10, 1_024_001)), 400, "ValidationException");

            assertThat(hydrant.firehose("PutRecord", putRecordBody(STREAM, base64OfSize(1_024_000))).statusCode())
                    .as("1,024,000 bytes exactly is allowed")
                    .isEqualTo(200);
            assertStillServes(hydrant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "slash/name", "star*", "", "sixty-five-characters-are-one-too-many-for-a-delivery-stream-name"})
    void createWithBadStreamNameIsValidationException(String name) throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            assertAwsError(hydrant.firehose("CreateDeliveryStream", createBody(name, "{\"SizeInMBs\":1,\"IntervalInSeconds\":0}")), 400, "ValidationException");

            assertThat(MAPPER.readTree(hydrant.firehose("ListDeliveryStreams", "{}").body()).get("DeliveryStreamNames"))
                    .extracting(JsonNode::asText)
                    .containsExactly(STREAM);
            assertStillServes(hydrant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"SizeInMBs\":0,\"IntervalInSeconds\":60}",
            "{\"SizeInMBs\":129,\"IntervalInSeconds\":60}",
            "{\"SizeInMBs\":5,\"IntervalInSeconds\":-1}",
            "{\"SizeInMBs\":5,\"IntervalInSeconds\":901}"})
    void bufferingHintsOutOfRangeAreValidationException(String bufferingHints) throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            JsonNode error = assertAwsError(hydrant.firehose("CreateDeliveryStream", createBody("hinted", bufferingHints)), 400, "ValidationException");
            assertThat(error.get("message").asText()).contains("bufferingHints");

            assertAwsError(hydrant.firehose("DescribeDeliveryStream", "{\"DeliveryStreamName\":\"hinted\"}"), 400, "ResourceNotFoundException");
            assertStillServes(hydrant);
        }
    }

    @Test
    void creatingAnExistingStreamIsResourceInUse() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            JsonNode error = assertAwsError(hydrant.firehose("CreateDeliveryStream", createBody(STREAM, "{\"SizeInMBs\":2,\"IntervalInSeconds\":60}")),
                    400, "ResourceInUseException");
            assertThat(error.get("message").asText()).contains(STREAM);

            JsonNode hints = MAPPER.readTree(hydrant.firehose("DescribeDeliveryStream", "{\"DeliveryStreamName\":\"alive\"}").body())
                    .at("/DeliveryStreamDescription/Destinations/0/ExtendedS3DestinationDescription/BufferingHints");
            assertThat(hints.get("SizeInMBs").asInt()).as("the existing stream is untouched").isEqualTo(1);
            assertStillServes(hydrant);
        }
    }

    @Test
    void unknownOperationIsUnknownOperationException() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            assertAwsError(hydrant.firehose("Frobnicate", "{}"), 400, "UnknownOperationException");
            assertAwsError(hydrant.send("POST", "/", "{}".getBytes(UTF_8),
                    "Content-Type", TestingHydrant.JSON_CONTENT_TYPE, "X-Amz-Target", "Kinesis_20131202.PutRecord"), 400, "UnknownOperationException");
            assertStillServes(hydrant);
        }
    }

    @Test
    void missingTargetHeaderIsUnknownOperationException() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            assertAwsError(hydrant.send("POST", "/", putRecordBody(STREAM, "aGk=").getBytes(UTF_8), "Content-Type", TestingHydrant.JSON_CONTENT_TYPE),
                    400, "UnknownOperationException");
            assertStillServes(hydrant);
        }
    }

    @Test
    void emptyBodyIsSerializationException() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            assertAwsError(hydrant.firehose("PutRecord", new byte[0]), 400, "SerializationException");
            assertAwsError(hydrant.firehose("PutRecordBatch", new byte[0]), 400, "SerializationException");
            assertAwsError(hydrant.firehose("CreateDeliveryStream", new byte[0]), 400, "SerializationException");
            assertStillServes(hydrant);
        }
    }

    @Test
    void garbageBinaryBodyIsSerializationException() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            byte[] garbage = new byte[4096];
            new java.util.Random(3).nextBytes(garbage);
            garbage[0] = (byte) 0xff;
            assertAwsError(hydrant.firehose("PutRecord", garbage), 400, "SerializationException");
            assertAwsError(hydrant.firehose("PutRecordBatch", garbage), 400, "SerializationException");
            assertAwsError(hydrant.firehose("CreateDeliveryStream", garbage), 400, "SerializationException");
            assertStillServes(hydrant);
        }
    }

    @Test
    void bodyOverSixteenMebibytesIsRequestEntityTooLarge() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            byte[] body = new byte[16 * 1024 * 1024 + 1];
            Arrays.fill(body, (byte) ' ');
            body[0] = '{';
            body[body.length - 1] = '}';

            assertAwsError(hydrant.firehose("PutRecord", body), 413, "RequestEntityTooLargeException");
            assertStillServes(hydrant);
        }
    }

    @Test
    void truncatedBodyIsNeverAcknowledgedNorStored() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            byte[] body = putRecordBody(STREAM, Base64.getEncoder().encodeToString("truncated\n".getBytes(UTF_8))).getBytes(UTF_8);
            byte[] head = ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
                    + "X-Amz-Target: Firehose_20150804.PutRecord\r\nContent-Length: " + (body.length + 1000) + "\r\n\r\n").getBytes(US_ASCII);

            String answer = exchangeOverSocket(hydrant, concat(head, body), true);

            assertThat(answer).as("a request whose body never completed is not answered with success").doesNotStartWith("HTTP/1.1 200");
            assertStillServes(hydrant);
            assertThat(hydrant.awaitDeliveredBytes(BUCKET, "still serving\n".length()))
                    .as("only the follow-up record is stored")
                    .allSatisfy(content -> assertThat(new String(content, UTF_8)).isEqualTo("still serving\n"));
        }
    }

    @Test
    void bytesThatAreNotHttpAreRefusedAndTheServerKeepsServing() throws Exception {
        try (TestingHydrant hydrant = startWithStream()) {
            byte[] garbage = new byte[2048];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = (byte) (i * 31 + 7);
            }

            String answer = exchangeOverSocket(hydrant, garbage, false);

            assertThat(answer).matches("(?s)HTTP/1\\.[01] 400 .*");
            assertStillServes(hydrant);
        }
    }

    private static TestingHydrant startWithStream() throws IOException {
        TestingHydrant hydrant = TestingHydrant.start();
        try {
            hydrant.createDeliveryStream(STREAM, BUCKET);
        }
        catch (RuntimeException e) {
            hydrant.close();
            throw e;
        }
        return hydrant;
    }

    /** Checks the status, the AWS error body {@code {"__type": ..., "message": ...}}, and returns the body. */
    private static JsonNode assertAwsError(HttpResponse<String> response, int status, String type) throws IOException {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(value -> assertThat(value).contains("json"));
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.isObject()).as("body %s", response.body()).isTrue();
        assertThat(body.path("__type").asText()).as("body %s", response.body()).isEqualTo(type);
        assertThat(body.path("message").isTextual()).as("body %s", response.body()).isTrue();
        assertThat(body.get("message").asText()).isNotBlank();
        return body;
    }

    /** A follow-up PutRecord succeeds. */
    private static void assertStillServes(TestingHydrant hydrant) throws IOException {
        HttpResponse<String> response = hydrant.putRecord(STREAM, "still serving\n".getBytes(UTF_8));
        assertThat(response.statusCode()).as("follow-up PutRecord: %s", response.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(response.body()).path("RecordId").asText()).isNotEmpty();
    }

    /**
     * Writes raw bytes to the server, optionally half-closes, and reads whatever comes back until the server closes
     * the connection.
     */
    private static String exchangeOverSocket(TestingHydrant hydrant, byte[] request, boolean halfClose) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", hydrant.port())) {
            socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    answer.write(buffer, 0, read);
                }
            }
            catch (SocketTimeoutException | java.net.SocketException e) {
                // what arrived so far is the answer
            }
            return answer.toString(US_ASCII);
        }
    }

    private static String putRecordBody(String stream, String base64Data) {
        return "{\"DeliveryStreamName\":\"" + stream + "\",\"Record\":{\"Data\":\"" + base64Data + "\"}}";
    }

    private static String batchBody(int records, int bytesEach) {
        int[] sizes = new int[records];
        Arrays.fill(sizes, bytesEach);
        return batchBodyOfSizes(sizes);
    }

    private static String batchBodyOfSizes(int... sizes) {
        StringJoiner records = new StringJoiner(",", "[", "]");
        for (int size : sizes) {
            records.add("{\"Data\":\"" + base64OfSize(size) + "\"}");
        }
        return "{\"DeliveryStreamName\":\"" + STREAM + "\",\"Records\":" + records + "}";
    }

    private static String base64OfSize(int bytes) {
        byte[] data = new byte[bytes];
        Arrays.fill(data, (byte) 'x');
        return Base64.getEncoder().encodeToString(data);
    }

    private static String createBody(String name, String bufferingHints) {
        return """
                {"DeliveryStreamName":"%s",
                 "ExtendedS3DestinationConfiguration":{"RoleARN":"%s","BucketARN":"arn:aws:s3:::bad-input-bucket","BufferingHints":%s}}"""
                .formatted(name, TestingHydrant.ROLE_ARN, bufferingHints);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
