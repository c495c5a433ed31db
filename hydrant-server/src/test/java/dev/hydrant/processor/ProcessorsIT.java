package dev.hydrant.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.server.TestingHydrant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Firehose's built-in processors end to end: streams are created and fed through the Firehose API of a real server,
 * and the tests read what lands in its buckets.
 */
class ProcessorsIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DATE_PATH = "\\d{4}/\\d{2}/\\d{2}/\\d{2}/";
    private static final String FILE_NAME_SUFFIX = "-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void appendDelimiterToRecordDeliversRecordsNewlineDelimited() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            // The Java text block turns \\\\n into the JSON string "\\n", whose value is the escaped delimiter \n.
            createDeliveryStream(hydrant, """
                    {"DeliveryStreamName":"delimited","ExtendedS3DestinationConfiguration":{
                      "RoleARN":"%s","BucketARN":"arn:aws:s3:::delimited",
                      "BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":0},
                      "ProcessingConfiguration":{"Enabled":true,"Processors":[
                        {"Type":"AppendDelimiterToRecord","Parameters":[{"ParameterName":"Delimiter","ParameterValue":"\\\\n"}]}]}}}"""
                    .formatted(TestingHydrant.ROLE_ARN));
            List<String> records = List.of("{\"id\":1}", "second record", "{\"id\":3}");
            for (String record : records) {
                assertThat(hydrant.putRecord("delimited", record.getBytes(UTF_8)).statusCode()).isEqualTo(200);
            }

            List<byte[]> objects = hydrant.awaitDeliveredBytes("delimited", "{\"id\":1}\nsecond record\n{\"id\":3}\n".length());
            // Every object is whole lines; objects written in the same second have no defined key order.
            assertThat(objects).allSatisfy(object -> assertThat(new String(object, UTF_8)).endsWith("\n"));
            assertThat(lines(objects)).containsExactlyInAnyOrderElementsOf(records);
        }
    }

    @Test
    void dynamicPartitioningWritesEachRecordUnderItsPrefixAndFailedRecordsToTheErrorOutput() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            createDeliveryStream(hydrant, """
                    {"DeliveryStreamName":"partitioned","ExtendedS3DestinationConfiguration":{
                      "RoleARN":"%s","BucketARN":"arn:aws:s3:::partitioned",
                      "Prefix":"team=!{partitionKeyFromQuery:team}/",
                      "ErrorOutputPrefix":"errors/!{firehose:error-output-type}/",
                      "BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":0},
                      "DynamicPartitioningConfiguration":{"Enabled":true},
                      "ProcessingConfiguration":{"Enabled":true,"Processors":[
                        {"Type":"MetadataExtraction","Parameters":[
                          {"ParameterName":"MetadataExtractionQuery","ParameterValue":"{team: .team}"},
                          {"ParameterName":"JsonParsingEngine","ParameterValue":"JQ-1.6"}]},
                        {"Type":"AppendDelimiterToRecord","Parameters":[]}]}}}"""
                    .formatted(TestingHydrant.ROLE_ARN));
            List<String> red = List.of("{\"team\":\"red\",\"n\":1}", "{\"team\":\"red\",\"n\":3}");
            List<String> blue = List.of("{\"team\":\"blue\",\"n\":2}");
            String lacksKey = "{\"n\":4}";
            String notJson = "not json at all";
            List<String> sent = List.of(red.get(0), blue.get(0), lacksKey, red.get(1), notJson);
            for (String record : sent) {
                assertThat(hydrant.putRecord("partitioned", record.getBytes(UTF_8)).statusCode()).isEqualTo(200);
            }

            await().atMost(TestingHydrant.WAIT).until(() -> deliveredAndFailed(hydrant, "partitioned") >= sent.size());
            Map<String, List<String>> linesByPrefix = new HashMap<>();
            List<JsonNode> failedDocuments = new ArrayList<>();
            Path bucket = hydrant.bucketDirectory("partitioned");
            for (Path file : hydrant.objectFiles("partitioned")) {
                String key = bucket.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                String content = new String(TestingHydrant.readObject(file), UTF_8);
                if (key.startsWith("errors/")) {
                    assertThat(key).matches("errors/processing-failed/" + DATE_PATH + "partitioned" + FILE_NAME_SUFFIX);
                    failedDocuments.addAll(jsonLines(content));
                }
                else {
                    assertThat(key).matches("team=(red|blue)/" + DATE_PATH + "partitioned" + FILE_NAME_SUFFIX);
                    linesByPrefix.computeIfAbsent(key.substring(0, key.indexOf('/')), prefix -> new ArrayList<>()).addAll(content.lines().toList());
                }
            }
            assertThat(linesByPrefix).containsOnlyKeys("team=red", "team=blue");
            assertThat(linesByPrefix.get("team=red")).containsExactlyInAnyOrderElementsOf(red);
            assertThat(linesByPrefix.get("team=blue")).containsExactlyInAnyOrderElementsOf(blue);

            assertThat(failedDocuments).hasSize(2);
            for (JsonNode document : failedDocuments) {
                assertThat(document.fieldNames()).toIterable().containsExactly(
                        "attemptsMade", "arrivalTimestamp", "errorCode", "errorMessage", "attemptEndingTimestamp", "rawData");
                assertThat(document.get("attemptsMade").isIntegralNumber()).isTrue();
                assertThat(document.get("attemptsMade").asInt()).isGreaterThanOrEqualTo(1);
                assertThat(document.get("arrivalTimestamp").isIntegralNumber()).isTrue();
                assertThat(document.get("attemptEndingTimestamp").isIntegralNumber()).isTrue();
                assertThat(document.get("attemptEndingTimestamp").asLong()).isGreaterThanOrEqualTo(document.get("arrivalTimestamp").asLong());
                assertThat(document.get("errorCode").asText()).isEqualTo(ProcessorErrorCode.METADATA_EXTRACTION_FAILED.wireName());
                assertThat(document.get("errorMessage").asText()).isNotBlank();
            }
            assertThat(failedDocuments).extracting(document -> new String(Base64.getDecoder().decode(document.get("rawData").asText()), UTF_8))
                    .containsExactlyInAnyOrder(lacksKey, notJson);
            int delivered = linesByPrefix.values().stream().mapToInt(List::size).sum();
            assertThat(delivered + failedDocuments.size()).isEqualTo(sent.size());
        }
    }

    @Test
    void recordDeAggregationSplitsConcatenatedJsonIntoLines() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            createDeliveryStream(hydrant, """
                    {"DeliveryStreamName":"aggregated","ExtendedS3DestinationConfiguration":{
                      "RoleARN":"%s","BucketARN":"arn:aws:s3:::aggregated",
                      "BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":0},
                      "ProcessingConfiguration":{"Enabled":true,"Processors":[
                        {"Type":"RecordDeAggregation","Parameters":[{"ParameterName":"SubRecordType","ParameterValue":"JSON"}]},
                        {"Type":"AppendDelimiterToRecord","Parameters":[]}]}}}"""
                    .formatted(TestingHydrant.ROLE_ARN));
            String aggregate = "{\"a\":1}{\"a\":{\"b\":[2]}}\n{\"a\":\"}{\"}";
            assertThat(hydrant.putRecord("aggregated", aggregate.getBytes(UTF_8)).statusCode()).isEqualTo(200);

            String expected = "{\"a\":1}\n{\"a\":{\"b\":[2]}}\n{\"a\":\"}{\"}\n";
            List<byte[]> objects = hydrant.awaitDeliveredBytes("aggregated", expected.length());
            // One source record: its sub-records go out together, in order, in one object.
            assertThat(objects).hasSize(1);
            assertThat(new String(objects.get(0), UTF_8)).isEqualTo(expected);
        }
    }

    @Test
    void cloudWatchLogsSubscriptionDataLandsAsItsMessagesAndControlMessagesAreDropped() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            createDeliveryStream(hydrant, """
                    {"DeliveryStreamName":"logs","ExtendedS3DestinationConfiguration":{
                      "RoleARN":"%s","BucketARN":"arn:aws:s3:::logs",
                      "BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":0},
                      "ProcessingConfiguration":{"Enabled":true,"Processors":[
                        {"Type":"Decompression","Parameters":[{"ParameterName":"CompressionFormat","ParameterValue":"GZIP"}]},
                        {"Type":"CloudWatchLogProcessing","Parameters":[{"ParameterName":"DataMessageExtraction","ParameterValue":"true"}]}]}}}"""
                    .formatted(TestingHydrant.ROLE_ARN));
            String control = """
                    {"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"",
                     "subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1700000000000,
                     "message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}""";
            List<String> messages = List.of("{\"level\":\"INFO\",\"msg\":\"started\"}", "plain text line", "caf\u00e9 \u2603");
            ObjectNode data = MAPPER.createObjectNode()
                    .put("messageType", "DATA_MESSAGE")
                    .put("owner", "123456789012")
                    .put("logGroup", "/aws/lambda/app")
                    .put("logStream", "2024/01/01/[$LATEST]abc");
            data.putArray("subscriptionFilters").add("to-firehose");
            ArrayNode logEvents = data.putArray("logEvents");
            for (int index = 0; index < messages.size(); index++) {
                logEvents.addObject().put("id", "3700000000000000000000000000000000000000000000000" + index)
                        .put("timestamp", 1700000000000L + index)
                        .put("message", messages.get(index));
            }
            // The control message goes first: once the data message has landed, the control message has been processed.
            assertThat(hydrant.putRecord("logs", gzip(control.getBytes(UTF_8))).statusCode()).isEqualTo(200);
            assertThat(hydrant.putRecord("logs", gzip(MAPPER.writeValueAsBytes(data))).statusCode()).isEqualTo(200);

            long messageBytes = messages.stream().mapToLong(message -> message.getBytes(UTF_8).length).sum();
            List<byte[]> objects = hydrant.awaitDeliveredBytes("logs", messageBytes);
            assertThat(lines(objects)).containsExactlyElementsOf(messages);
            assertThat(String.join("", objects.stream().map(object -> new String(object, UTF_8)).toList()))
                    .doesNotContain("CONTROL").doesNotContain("logEvents");
        }
    }

    @Test
    void s3BackupHoldsTheUntransformedSourceRecordsByteForByte() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            createDeliveryStream(hydrant, """
                    {"DeliveryStreamName":"backedup","ExtendedS3DestinationConfiguration":{
                      "RoleARN":"%1$s","BucketARN":"arn:aws:s3:::transformed",
                      "BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":0},
                      "ProcessingConfiguration":{"Enabled":true,"Processors":[{"Type":"AppendDelimiterToRecord","Parameters":[]}]},
                      "S3BackupMode":"Enabled",
                      "S3BackupConfiguration":{"RoleARN":"%1$s","BucketARN":"arn:aws:s3:::sources","Prefix":"source/",
                        "BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":0}}}}"""
                    .formatted(TestingHydrant.ROLE_ARN));
            // Fixed-size binary records, not valid UTF-8 and holding newlines, so objects can be cut back into records.
            int size = 16;
            List<byte[]> records = new ArrayList<>();
            for (int index = 0; index < 4; index++) {
                byte[] record = new byte[size];
                for (int offset = 0; offset < size; offset++) {
                    record[offset] = (byte) (0xF0 - index * 31 + offset * 7);
                }
                record[3] = '\n';
                record[size - 1] = (byte) 0xFF;
                records.add(record);
                assertThat(hydrant.putRecord("backedup", record).statusCode()).isEqualTo(200);
            }

            List<byte[]> transformed = hydrant.awaitDeliveredBytes("transformed", (long) records.size() * (size + 1));
            List<byte[]> sources = hydrant.awaitDeliveredBytes("sources", (long) records.size() * size);
            assertThat(hydrant.objectKeys("sources")).allSatisfy(key -> assertThat(key).matches("source/" + DATE_PATH + "backedup" + FILE_NAME_SUFFIX));
            assertThat(hydrant.objectKeys("transformed")).allSatisfy(key -> assertThat(key).matches(DATE_PATH + "backedup" + FILE_NAME_SUFFIX));

            List<String> expectedSources = records.stream().map(Base64.getEncoder()::encodeToString).toList();
            List<String> expectedTransformed = records.stream().map(record -> Base64.getEncoder().encodeToString(append(record, (byte) '\n'))).toList();
            assertThat(cut(sources, size)).containsExactlyInAnyOrderElementsOf(expectedSources);
            assertThat(cut(transformed, size + 1)).containsExactlyInAnyOrderElementsOf(expectedTransformed);
        }
    }

    @Test
    void describeDeliveryStreamReturnsProcessorsBackupAndDynamicPartitioningAsCreated() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            String processing = """
                    {"Enabled":true,"Processors":[
                      {"Type":"RecordDeAggregation","Parameters":[{"ParameterName":"SubRecordType","ParameterValue":"JSON"}]},
                      {"Type":"MetadataExtraction","Parameters":[
                        {"ParameterName":"MetadataExtractionQuery","ParameterValue":"{team: .team}"},
                        {"ParameterName":"JsonParsingEngine","ParameterValue":"JQ-1.6"}]},
                      {"Type":"AppendDelimiterToRecord","Parameters":[{"ParameterName":"Delimiter","ParameterValue":"\\\\n"}]}]}""";
            createDeliveryStream(hydrant, """
                    {"DeliveryStreamName":"described","ExtendedS3DestinationConfiguration":{
                      "RoleARN":"%1$s","BucketARN":"arn:aws:s3:::described",
                      "Prefix":"team=!{partitionKeyFromQuery:team}/",
                      "ErrorOutputPrefix":"errors/!{firehose:error-output-type}/",
                      "BufferingHints":{"SizeInMBs":64,"IntervalInSeconds":1},
                      "DynamicPartitioningConfiguration":{"Enabled":true,"RetryOptions":{"DurationInSeconds":120}},
                      "ProcessingConfiguration":%2$s,
                      "S3BackupMode":"Enabled",
                      "S3BackupConfiguration":{"RoleARN":"%1$s","BucketARN":"arn:aws:s3:::described-backup","Prefix":"source/",
                        "BufferingHints":{"SizeInMBs":2,"IntervalInSeconds":1},"CompressionFormat":"GZIP"}}}"""
                    .formatted(TestingHydrant.ROLE_ARN, processing));

            JsonNode extended = describeDestination(hydrant, "described").get("ExtendedS3DestinationDescription");
            assertThat(extended.get("Prefix").asText()).isEqualTo("team=!{partitionKeyFromQuery:team}/");
            assertThat(extended.get("ErrorOutputPrefix").asText()).isEqualTo("errors/!{firehose:error-output-type}/");
            assertThat(withSortedParameters(extended.get("ProcessingConfiguration"))).isEqualTo(withSortedParameters(MAPPER.readTree(processing)));
            assertThat(extended.get("ProcessingConfiguration").get("Processors")).extracting(processor -> processor.get("Type").asText())
                    .containsExactly("RecordDeAggregation", "MetadataExtraction", "AppendDelimiterToRecord");
            assertThat(extended.get("DynamicPartitioningConfiguration")).isEqualTo(MAPPER.readTree("""
                    {"Enabled":true,"RetryOptions":{"DurationInSeconds":120}}"""));
            assertThat(extended.get("S3BackupMode").asText()).isEqualTo("Enabled");
            JsonNode backup = extended.get("S3BackupDescription");
            assertThat(backup).isNotNull();
            assertThat(backup.get("RoleARN").asText()).isEqualTo(TestingHydrant.ROLE_ARN);
            assertThat(backup.get("BucketARN").asText()).isEqualTo("arn:aws:s3:::described-backup");
            assertThat(backup.get("Prefix").asText()).isEqualTo("source/");
            assertThat(backup.get("BufferingHints")).isEqualTo(MAPPER.readTree("{\"SizeInMBs\":2,\"IntervalInSeconds\":1}"));
            assertThat(backup.get("CompressionFormat").asText()).isEqualTo("GZIP");
        }
    }

    @Test
    void describeDeliveryStreamKeepsTheOrderOfProcessorParameters() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            String processing = """
                    {"Enabled":true,"Processors":[
                      {"Type":"Lambda","Parameters":[
                        {"ParameterName":"LambdaArn","ParameterValue":"arn:aws:lambda:us-east-1:123456789012:function:f"},
                        {"ParameterName":"NumberOfRetries","ParameterValue":"2"},
                        {"ParameterName":"RoleArn","ParameterValue":"%1$s"},
                        {"ParameterName":"BufferSizeInMBs","ParameterValue":"1"},
                        {"ParameterName":"BufferIntervalInSeconds","ParameterValue":"60"}]}]}"""
                    .formatted(TestingHydrant.ROLE_ARN);
            createDeliveryStream(hydrant, """
                    {"DeliveryStreamName":"ordered","ExtendedS3DestinationConfiguration":{
                      "RoleARN":"%s","BucketARN":"arn:aws:s3:::ordered","ProcessingConfiguration":%s}}"""
                    .formatted(TestingHydrant.ROLE_ARN, processing));

            JsonNode extended = describeDestination(hydrant, "ordered").get("ExtendedS3DestinationDescription");
            assertThat(extended.get("ProcessingConfiguration")).isEqualTo(MAPPER.readTree(processing));
        }
    }

    private static void createDeliveryStream(TestingHydrant hydrant, String body) {
        HttpResponse<String> response = hydrant.firehose("CreateDeliveryStream", body);
        assertThat(response.statusCode()).as("CreateDeliveryStream: %s", response.body()).isEqualTo(200);
    }

    private static JsonNode describeDestination(TestingHydrant hydrant, String stream) throws IOException {
        HttpResponse<String> response = hydrant.firehose("DescribeDeliveryStream", "{\"DeliveryStreamName\":\"" + stream + "\"}");
        assertThat(response.statusCode()).as("DescribeDeliveryStream: %s", response.body()).isEqualTo(200);
        JsonNode destinations = MAPPER.readTree(response.body()).get("DeliveryStreamDescription").get("Destinations");
        assertThat(destinations).hasSize(1);
        return destinations.get(0);
    }

    /** Records delivered (lines outside {@code errors/}) plus failed-record documents in {@code bucket}. */
    private static int deliveredAndFailed(TestingHydrant hydrant, String bucket) {
        int count = 0;
        for (byte[] object : hydrant.objectContents(bucket)) {
            count += (int) new String(object, UTF_8).lines().count();
        }
        return count;
    }

    private static List<String> lines(List<byte[]> objects) {
        List<String> lines = new ArrayList<>();
        for (byte[] object : objects) {
            lines.addAll(new String(object, UTF_8).lines().toList());
        }
        return lines;
    }

    private static List<JsonNode> jsonLines(String content) {
        List<JsonNode> documents = new ArrayList<>();
        assertThat(content).endsWith("\n");
        for (String line : content.lines().toList()) {
            try {
                documents.add(MAPPER.readTree(line));
            }
            catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return documents;
    }

    /** Cuts each object into pieces of {@code size} bytes, base64-encoded for comparison. */
    private static List<String> cut(List<byte[]> objects, int size) {
        List<String> pieces = new ArrayList<>();
        for (byte[] object : objects) {
            assertThat(object.length % size).as("object length %s is a multiple of %s", object.length, size).isZero();
            for (int offset = 0; offset < object.length; offset += size) {
                pieces.add(Base64.getEncoder().encodeToString(Arrays.copyOfRange(object, offset, offset + size)));
            }
        }
        return pieces;
    }

    private static byte[] append(byte[] bytes, byte last) {
        byte[] result = Arrays.copyOf(bytes, bytes.length + 1);
        result[bytes.length] = last;
        return result;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    /** A ProcessingConfiguration with each processor's Parameters sorted by name, to compare regardless of their order. */
    private static JsonNode withSortedParameters(JsonNode processingConfiguration) {
        ObjectNode copy = processingConfiguration.deepCopy();
        for (JsonNode processor : copy.get("Processors")) {
            List<JsonNode> parameters = new ArrayList<>();
            processor.get("Parameters").forEach(parameters::add);
            parameters.sort((left, right) -> left.get("ParameterName").asText().compareTo(right.get("ParameterName").asText()));
            ((ObjectNode) processor).putArray("Parameters").addAll(parameters);
        }
        return copy;
    }
}
