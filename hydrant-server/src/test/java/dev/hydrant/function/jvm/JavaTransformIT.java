package dev.hydrant.function.jvm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.generator.TelemetryGenerator;
import dev.hydrant.server.TestingHydrant;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.ProcessorParameterName;
import software.amazon.awssdk.services.firehose.model.ProcessorType;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * A Java Firehose transform built against aws-lambda-java-events, deployed as a shaded jar through the Lambda API
 * (as {@code aws lambda create-function --runtime java17 --zip-file fileb://transform.jar} would), transforms the
 * records of a delivery stream end to end.
 */
class JavaTransformIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";

    @TempDir
    Path temporary;

    @Test
    void javaHandlerJarTransformsTheRecordsOfADeliveryStream() throws Exception {
        Path classes = TestingHandlerJars.compile(temporary, Map.of("com.example.FirehoseTransform", JavaFunctionRuntimeTest.FIREHOSE_TRANSFORM));
        Path jar = TestingHandlerJars.jar(temporary.resolve("transform.jar"), classes, List.of(TestingHandlerJars.eventsJar(), TestingHandlerJars.coreJar()));
        try (TestingHydrant hydrant = TestingHydrant.start();
                LambdaClient lambda = LambdaClient.builder().endpointOverride(URI.create(hydrant.url())).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .httpClient(UrlConnectionHttpClient.create()).build();
                FirehoseClient firehose = FirehoseClient.builder().endpointOverride(URI.create(hydrant.url())).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
            String functionArn = lambda.createFunction(request -> request
                    .functionName("java-transform")
                    .runtime(Runtime.JAVA17)
                    .handler("com.example.FirehoseTransform::handleRequest")
                    .role(ROLE)
                    .timeout(30)
                    .code(code -> code.zipFile(SdkBytes.fromByteArray(readAllBytes(jar)))))
                    .functionArn();
            firehose.createDeliveryStream(request -> request
                    .deliveryStreamName("telemetry")
                    .extendedS3DestinationConfiguration(destination -> destination
                            .roleARN(ROLE)
                            .bucketARN("arn:aws:s3:::telemetry-raw")
                            .bufferingHints(hints -> hints.sizeInMBs(1).intervalInSeconds(1))
                            .processingConfiguration(processing -> processing.enabled(true).processors(processor -> processor
                                    .type(ProcessorType.LAMBDA)
                                    .parameters(parameter -> parameter.parameterName(ProcessorParameterName.LAMBDA_ARN).parameterValue(functionArn))))));

            TelemetryGenerator generator = new TelemetryGenerator(11);
            List<Record> records = new ArrayList<>();
            List<JsonNode> expected = new ArrayList<>();
            for (int index = 0; index < 50; index++) {
                byte[] data = generator.next();
                records.add(Record.builder().data(SdkBytes.fromByteArray(data)).build());
                ObjectNode record = (ObjectNode) MAPPER.readTree(data);
                record.put("EXTRA2", record.get("fuel_consumption").asDouble() * record.get("lap_time").asDouble());
                expected.add(record);
            }
            assertThat(firehose.putRecordBatch(request -> request.deliveryStreamName("telemetry").records(records)).failedPutCount()).isZero();

            List<JsonNode> delivered = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                delivered.clear();
                for (byte[] content : hydrant.objectContents("telemetry-raw")) {
                    for (String line : new String(content, UTF_8).split("\n")) {
                        delivered.add(MAPPER.readTree(line));
                    }
                }
                return delivered.size() >= expected.size();
            });
            assertThat(delivered).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(Files.readString(hydrant.dataDirectory().resolve("logs/functions/java-transform.log"))).contains(":deliverystream/telemetry");
        }
    }

    private static byte[] readAllBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
