package dev.hydrant.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.function.TestingZips;
import dev.hydrant.generator.TelemetryGenerator;
import dev.hydrant.server.TestingHydrant;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.ProcessorParameterName;
import software.amazon.awssdk.services.firehose.model.ProcessorType;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Firehose transform Lambdas written for AWS, unchanged, through the real AWS SDK clients: the function is created
 * with the Lambda API from a zip, the delivery stream with a Lambda processor through the Firehose API, and what
 * lands in the bucket is checked record by record. Every acknowledged record ends up delivered, dropped by the
 * function, or in the {@code processing-failed} error output.
 */
class TransformIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";

    /** The reference deployment's transform, as it runs on AWS Lambda (python3.8, hello.lambda_handler). */
    static final String REFERENCE_TRANSFORM = """
            import base64
            import json


            def lambda_handler(event, context):
                output = []
                print(event)

                for record in event['records']:
                    payload = base64.b64decode(record['data']).decode('utf-8')
                    data = json.loads(payload)
                    data['EXTRA2'] = float(data['fuel_consumption']) * float(data['lap_time'])

                    output_record = {
                        'recordId': record['recordId'],
                        'result': 'Ok',
                        'data': base64.b64encode(json.dumps(data).encode('utf-8')).decode('utf-8')
                    }
                    output.append(output_record)

                print('Successfully processed {} records.'.format(len(event['records'])))

                return {'records': output}
            """;

    /** A handler whose misbehaviour each record asks for, to drive every failure of the contract. */
    private static final String MISBEHAVING = """
            import base64
            import os
            import time


            def handler(event, context):
                modes = [base64.b64decode(r['data']).decode('utf-8') for r in event['records']]
                if 'raise' in modes:
                    raise ValueError('cannot handle this batch')
                if 'sleep' in modes:
                    time.sleep(30)
                if 'garbage' in modes:
                    return 'this is not a Firehose response'
                if 'exit' in modes:
                    os._exit(3)
                out = []
                for record, mode in zip(event['records'], modes):
                    if mode == 'skip-id':
                        continue
                    if mode == 'fail':
                        out.append({'recordId': record['recordId'], 'result': 'ProcessingFailed', 'data': record['data']})
                    elif mode == 'drop':
                        out.append({'recordId': record['recordId'], 'result': 'Dropped'})
                    else:
                        out.append({'recordId': record['recordId'], 'result': 'Ok', 'data': record['data']})
                        if mode == 'dup':
                            out.append({'recordId': record['recordId'], 'result': 'Ok', 'data': record['data']})
                return {'records': out}
            """;

    @Test
    void referenceTransformRunsUnchangedFromALambdaZip() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start();
                LambdaClient lambda = lambdaClient(hydrant);
                FirehoseClient firehose = firehoseClient(hydrant)) {
            String functionArn = lambda.createFunction(request -> request
                    .functionName("firehose_lambda_processor")
                    .runtime(Runtime.PYTHON3_8)
                    .handler("hello.lambda_handler")
                    .role(ROLE)
                    .timeout(60)
                    .code(code -> code.zipFile(SdkBytes.fromByteArray(TestingZips.zip(Map.of("hello.py", REFERENCE_TRANSFORM))))))
                    .functionArn();
            createStream(firehose, "telemetry", "telemetry-raw", functionArn, 3);

            TelemetryGenerator generator = new TelemetryGenerator(new Random(7));
            List<byte[]> sent = new ArrayList<>();
            for (int batch = 0; batch < 4; batch++) {
                List<Record> records = new ArrayList<>();
                for (int index = 0; index < 100; index++) {
                    byte[] data = generator.next();
                    sent.add(data);
                    records.add(Record.builder().data(SdkBytes.fromByteArray(data)).build());
                }
                PutRecordBatchResponse response = firehose.putRecordBatch(request -> request.deliveryStreamName("telemetry").records(records));
                assertThat(response.failedPutCount()).isZero();
            }

            // Objects written in the same second have no defined key order: compare the records as a multiset.
            List<JsonNode> delivered = awaitJsonRecords(hydrant, "telemetry-raw", "raw/", sent.size());
            List<JsonNode> expected = new ArrayList<>();
            for (byte[] data : sent) {
                ObjectNode original = (ObjectNode) MAPPER.readTree(data);
                original.put("EXTRA2", original.get("fuel_consumption").asDouble() * original.get("lap_time").asDouble());
                expected.add(original);
            }
            assertThat(delivered).containsExactlyInAnyOrderElementsOf(expected);
            Path functionLog = hydrant.dataDirectory().resolve("logs/functions/firehose_lambda_processor.log");
            assertThat(Files.readString(functionLog)).contains("Successfully processed").contains("'deliveryStreamArn': 'arn:aws:firehose:");
        }
    }

    @Test
    void everyFailureOfTheContractEndsInTheErrorOutput() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start();
                LambdaClient lambda = lambdaClient(hydrant);
                FirehoseClient firehose = firehoseClient(hydrant)) {
            String functionArn = lambda.createFunction(request -> request
                    .functionName("misbehaving")
                    .runtime(Runtime.PYTHON3_12)
                    .handler("misbehaving.handler")
                    .role(ROLE)
                    .timeout(2)
                    .code(code -> code.zipFile(SdkBytes.fromByteArray(TestingZips.zip(Map.of("misbehaving.py", MISBEHAVING))))))
                    .functionArn();
            Map<String, String> batchFailures = Map.of(
                    "raise", "Lambda.FunctionError",
                    "sleep", "Lambda.FunctionError",
                    "garbage", "Lambda.JsonProcessingException",
                    "exit", "Lambda.FunctionError",
                    "skip-id", "Lambda.MissingRecordId",
                    "dup", "Lambda.DuplicatedRecordId");
            for (String mode : batchFailures.keySet()) {
                createStream(firehose, stream(mode), bucket(mode), functionArn, 1);
                put(firehose, stream(mode), "first", mode, "last");
            }
            createStream(firehose, stream("fail"), bucket("fail"), functionArn, 1);
            put(firehose, stream("fail"), "first", "fail", "last");
            createStream(firehose, stream("drop"), bucket("drop"), functionArn, 1);
            put(firehose, stream("drop"), "first", "drop", "last");

            for (Map.Entry<String, String> failure : batchFailures.entrySet()) {
                List<JsonNode> documents = awaitFailedDocuments(hydrant, bucket(failure.getKey()), 3);
                assertThat(documents).extracting(document -> decode(document.get("rawData").asText())).containsExactly("first", failure.getKey(), "last");
                assertThat(documents).allSatisfy(document -> {
                    assertThat(document.get("errorCode").asText()).as(failure.getKey()).isEqualTo(failure.getValue());
                    assertThat(document.get("attemptsMade").asInt()).as(failure.getKey()).isEqualTo(2);
                    assertThat(document.get("lambdaArn").asText()).isEqualTo(functionArn);
                    assertThat(document.get("attemptEndingTimestamp").asLong()).isGreaterThanOrEqualTo(document.get("arrivalTimestamp").asLong());
                });
                assertThat(hydrant.objectKeys(bucket(failure.getKey()))).allMatch(key -> key.startsWith("errors/processing-failed/"));
            }
            assertThat(awaitFailedDocuments(hydrant, bucket("sleep"), 3).get(0).get("errorMessage").asText()).contains("Task timed out after 2.00 seconds");
            assertThat(awaitFailedDocuments(hydrant, bucket("raise"), 3).get(0).get("errorMessage").asText()).contains("cannot handle this batch");

            List<JsonNode> failed = awaitFailedDocuments(hydrant, bucket("fail"), 1);
            assertThat(failed.get(0).get("errorCode").asText()).isEqualTo("Lambda.ProcessingFailedStatus");
            assertThat(decode(failed.get(0).get("rawData").asText())).isEqualTo("fail");
            assertThat(awaitText(hydrant, bucket("fail"), "data/")).isEqualTo("firstlast");
            assertThat(awaitText(hydrant, bucket("drop"), "data/")).isEqualTo("firstlast");
            assertThat(hydrant.objectKeys(bucket("drop"))).noneMatch(key -> key.startsWith("errors/"));

            // The worker that exited was replaced: the function works again.
            put(firehose, stream("exit"), "after-exit");
            assertThat(awaitText(hydrant, bucket("exit"), "data/")).isEqualTo("after-exit");
        }
    }

    @Test
    void partitionKeysFromTheFunctionChooseEachRecordsPrefix() throws Exception {
        String partitioner = """
                import base64
                import json


                def handler(event, context):
                    out = []
                    for record in event['records']:
                        team = json.loads(base64.b64decode(record['data']))['team']
                        out.append({'recordId': record['recordId'], 'result': 'Ok', 'data': record['data'],
                                    'metadata': {'partitionKeys': {'team': team}}})
                    return {'records': out}
                """;
        try (TestingHydrant hydrant = TestingHydrant.start();
                LambdaClient lambda = lambdaClient(hydrant);
                FirehoseClient firehose = firehoseClient(hydrant)) {
            String functionArn = lambda.createFunction(request -> request
                    .functionName("partitioner").runtime(Runtime.PYTHON3_11).handler("partitioner.handler").role(ROLE)
                    .code(code -> code.zipFile(SdkBytes.fromByteArray(TestingZips.zip(Map.of("partitioner.py", partitioner))))))
                    .functionArn();
            firehose.createDeliveryStream(request -> request
                    .deliveryStreamName("teams")
                    .extendedS3DestinationConfiguration(destination -> destination
                            .roleARN(ROLE)
                            .bucketARN("arn:aws:s3:::teams")
                            .prefix("team=!{partitionKeyFromLambda:team}/")
                            .errorOutputPrefix("errors/!{firehose:error-output-type}/")
                            .bufferingHints(hints -> hints.sizeInMBs(64).intervalInSeconds(1))
                            .dynamicPartitioningConfiguration(partitioning -> partitioning.enabled(true))
                            .processingConfiguration(processing -> processing.enabled(true).processors(processor -> processor
                                    .type(ProcessorType.LAMBDA)
                                    .parameters(parameter -> parameter.parameterName(ProcessorParameterName.LAMBDA_ARN).parameterValue(functionArn))))));
            put(firehose, "teams", "{\"team\":\"red\",\"n\":1}", "{\"team\":\"blue\",\"n\":2}", "{\"team\":\"red\",\"n\":3}");

            List<String> keys = hydrant.awaitObjectKeys("teams", found -> found.size() == 2);
            assertThat(keys).anyMatch(key -> key.startsWith("team=blue/")).anyMatch(key -> key.startsWith("team=red/"));
            assertThat(awaitText(hydrant, "teams", "team=red/")).isEqualTo("{\"team\":\"red\",\"n\":1}{\"team\":\"red\",\"n\":3}");
            assertThat(awaitText(hydrant, "teams", "team=blue/")).isEqualTo("{\"team\":\"blue\",\"n\":2}");
        }
    }

    private static String stream(String mode) {
        return "mode-" + mode;
    }

    private static String bucket(String mode) {
        return "mode-" + mode;
    }

    private static void createStream(FirehoseClient firehose, String name, String bucket, String functionArn, int retries) {
        firehose.createDeliveryStream(request -> request
                .deliveryStreamName(name)
                .extendedS3DestinationConfiguration(destination -> destination
                        .roleARN(ROLE)
                        .bucketARN("arn:aws:s3:::" + bucket)
                        .prefix(name.equals("telemetry") ? "raw/" : "data/")
                        .errorOutputPrefix("errors/!{firehose:error-output-type}/")
                        .bufferingHints(hints -> hints.sizeInMBs(1).intervalInSeconds(1))
                        .processingConfiguration(processing -> processing
                                .enabled(true)
                                .processors(processor -> processor
                                        .type(ProcessorType.LAMBDA)
                                        .parameters(
                                                parameter -> parameter.parameterName(ProcessorParameterName.LAMBDA_ARN).parameterValue(functionArn),
                                                parameter -> parameter.parameterName(ProcessorParameterName.NUMBER_OF_RETRIES).parameterValue(Integer.toString(retries)),
                                                parameter -> parameter.parameterName(ProcessorParameterName.BUFFER_INTERVAL_IN_SECONDS).parameterValue("0"))))));
    }

    private static void put(FirehoseClient firehose, String stream, String... texts) {
        List<Record> records = new ArrayList<>();
        for (String text : texts) {
            records.add(Record.builder().data(SdkBytes.fromUtf8String(text)).build());
        }
        assertThat(firehose.putRecordBatch(request -> request.deliveryStreamName(stream).records(records)).failedPutCount()).isZero();
    }

    private static List<JsonNode> awaitJsonRecords(TestingHydrant hydrant, String bucket, String prefix, int count) {
        List<JsonNode> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            records.clear();
            for (int index = 0; index < hydrant.objectKeys(bucket).size(); index++) {
                if (hydrant.objectKeys(bucket).get(index).startsWith(prefix)) {
                    MAPPER.readerFor(JsonNode.class).readValues(TestingHydrant.readObject(hydrant.objectFiles(bucket).get(index)))
                            .forEachRemaining(node -> records.add((JsonNode) node));
                }
            }
            return records.size() >= count;
        });
        assertThat(records).hasSize(count);
        return records;
    }

    private static List<JsonNode> awaitFailedDocuments(TestingHydrant hydrant, String bucket, int count) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            documents.clear();
            List<String> keys = hydrant.objectKeys(bucket);
            List<Path> files = hydrant.objectFiles(bucket);
            for (int index = 0; index < keys.size(); index++) {
                if (keys.get(index).startsWith("errors/")) {
                    for (String line : new String(TestingHydrant.readObject(files.get(index)), UTF_8).split("\n")) {
                        documents.add(MAPPER.readTree(line));
                    }
                }
            }
            return documents.size() >= count;
        });
        assertThat(documents).hasSize(count);
        return documents;
    }

    private static String awaitText(TestingHydrant hydrant, String bucket, String prefix) {
        StringBuilder text = new StringBuilder();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            text.setLength(0);
            List<String> keys = hydrant.objectKeys(bucket);
            List<Path> files = hydrant.objectFiles(bucket);
            for (int index = 0; index < keys.size(); index++) {
                if (keys.get(index).startsWith(prefix)) {
                    text.append(new String(TestingHydrant.readObject(files.get(index)), UTF_8));
                }
            }
            return text.length() > 0;
        });
        return text.toString();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), UTF_8);
    }

    private static LambdaClient lambdaClient(TestingHydrant hydrant) {
        return LambdaClient.builder()
                .endpointOverride(URI.create(hydrant.url()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static FirehoseClient firehoseClient(TestingHydrant hydrant) {
        return FirehoseClient.builder()
                .endpointOverride(URI.create(hydrant.url()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
