package dev.hydrant.gateway;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.server.TestingHydrant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * boto3 against a real server: {@code src/test/resources/boto3_firehose.py} makes the calls and prints their results
 * as JSON, which this test checks together with what landed in the bucket.
 */
class Boto3IT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long PROCESS_DEADLINE_SECONDS = 120;

    @Test
    void boto3CreatesPutsListsDescribesDeletesAndSeesAwsErrors() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            JsonNode results = runScript(hydrant);

            assertThat(results.at("/create/arn").asText()).matches("arn:aws:firehose:us-east-1:\\d{12}:deliverystream/py-stream");
            assertThat(results.at("/put_record/record_id").asText()).isNotEmpty();
            assertThat(results.at("/put_record/encrypted").asBoolean()).isFalse();
            assertThat(results.at("/put_record_batch/failed_put_count").asInt()).isZero();
            assertThat(results.at("/put_record_batch/record_ids")).hasSize(3).allSatisfy(id -> assertThat(id.asText()).isNotEmpty());
            assertThat(results.at("/put_record_batch/error_codes")).allSatisfy(code -> assertThat(code.isNull()).isTrue());

            assertThat(results.at("/list/names")).extracting(JsonNode::asText).containsExactly("py-doomed", "py-stream");
            assertThat(results.at("/list/has_more").asBoolean()).isFalse();
            assertThat(results.at("/list_limit_1/names")).extracting(JsonNode::asText).containsExactly("py-doomed");
            assertThat(results.at("/list_limit_1/has_more").asBoolean()).isTrue();
            assertThat(results.at("/list_after_delete")).extracting(JsonNode::asText).containsExactly("py-stream");

            JsonNode description = results.get("describe");
            assertThat(description.get("name").asText()).isEqualTo("py-stream");
            assertThat(description.get("arn").asText()).isEqualTo(results.at("/create/arn").asText());
            assertThat(description.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(description.get("type").asText()).isEqualTo("DirectPut");
            assertThat(description.get("version_id").asText()).isEqualTo("1");
            assertThat(description.get("create_timestamp_is_datetime").asBoolean()).as("botocore parses CreateTimestamp").isTrue();
            assertThat(description.get("bucket_arn").asText()).isEqualTo("arn:aws:s3:::py-bucket");
            assertThat(description.at("/buffering_hints/SizeInMBs").asInt()).isEqualTo(1);
            assertThat(description.at("/buffering_hints/IntervalInSeconds").asInt()).isZero();
            assertThat(description.get("compression_format").asText()).isEqualTo("UNCOMPRESSED");
            assertThat(results.at("/tags/0/Key").asText()).isEqualTo("client");
            assertThat(results.at("/tags/0/Value").asText()).isEqualTo("boto3");

            JsonNode errors = results.get("errors");
            assertError(errors.get("describe_deleted"), "ResourceNotFoundException");
            assertError(errors.get("put_unknown"), "ResourceNotFoundException");
            assertError(errors.get("create_duplicate"), "ResourceInUseException");
            assertError(errors.get("create_bad_hints"), "ValidationException");
            assertError(errors.get("batch_too_many"), "ValidationException");
            assertError(errors.get("update_stale_version"), "ConcurrentModificationException");
            assertError(errors.get("delete_unknown"), "ResourceNotFoundException");

            byte[] sent = Base64.getDecoder().decode(results.get("sent_base64").asText());
            List<byte[]> objects = hydrant.awaitDeliveredBytes("py-bucket", sent.length);
            String expected = new String(sent, ISO_8859_1);
            String delivered = objects.stream()
                    .map(object -> new String(object, ISO_8859_1))
                    .sorted(Comparator.comparingInt(expected::indexOf))
                    .collect(Collectors.joining());
            assertThat(delivered.getBytes(ISO_8859_1)).as("every byte boto3 sent, once, in order").isEqualTo(sent);
        }
    }

    private static void assertError(JsonNode error, String code) {
        assertThat(error.get("code").asText()).as("error %s", error).isEqualTo(code);
        assertThat(error.get("status").asInt()).as("error %s", error).isEqualTo(400);
        assertThat(error.get("message").asText()).as("error %s", error).isNotBlank();
    }

    private static JsonNode runScript(TestingHydrant hydrant) throws Exception {
        Path script = hydrant.dataDirectory().resolve("boto3_firehose.py");
        try (InputStream resource = Boto3IT.class.getResourceAsStream("/boto3_firehose.py")) {
            assertThat(resource).as("boto3_firehose.py on the test class path").isNotNull();
            Files.copy(resource, script);
        }
        ProcessBuilder builder = new ProcessBuilder("python3", script.toString(), hydrant.url());
        builder.environment().put("AWS_CONFIG_FILE", hydrant.dataDirectory().resolve("no-aws-config").toString());
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", hydrant.dataDirectory().resolve("no-aws-config").toString());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().remove("AWS_PROFILE");
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException e) {
            throw new IllegalStateException("python3 with boto3 must be installed to run " + Boto3IT.class.getSimpleName(), e);
        }
        process.getOutputStream().close();
        CompletableFuture<String> stdout = readAsync(process.getInputStream());
        CompletableFuture<String> stderr = readAsync(process.getErrorStream());
        if (!process.waitFor(PROCESS_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("boto3_firehose.py did not finish");
        }
        assertThat(process.exitValue()).as("boto3_firehose.py failed: %s", stderr.get()).isZero();
        return MAPPER.readTree(stdout.get());
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), UTF_8);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
