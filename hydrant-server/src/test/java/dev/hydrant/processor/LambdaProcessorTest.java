package dev.hydrant.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionInvoker;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessingResult.Dropped;
import dev.hydrant.spi.ProcessingResult.Ok;
import dev.hydrant.spi.ProcessingResult.ProcessingFailed;
import dev.hydrant.spi.ProcessorRecord;
import dev.hydrant.spi.TestingClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LambdaProcessorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:transform";
    private static final String STREAM_ARN = "arn:aws:firehose:us-east-1:123456789012:deliverystream/telemetry";

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void sendsFirehoseEventAndReadsTransformedRecords() {
        TestingFunctionInvoker invoker = new TestingFunctionInvoker(event -> respond(event, (record, response) -> {
            String upper = new String(data(record), UTF_8).toUpperCase();
            response.put("result", "Ok").put("data", Base64.getEncoder().encodeToString(upper.getBytes(UTF_8)));
        }));

        List<ProcessingResult> results = processor(invoker, 0).process(records("a", "b")).join();

        assertThat(results).extracting(LambdaProcessorTest::text).containsExactly("A", "B");
        JsonNode event = invoker.events.get(0);
        assertThat(event.get("deliveryStreamArn").asText()).isEqualTo(STREAM_ARN);
        assertThat(event.get("region").asText()).isEqualTo("us-east-1");
        assertThat(event.get("invocationId").asText()).hasSize(36);
        assertThat(event.get("records")).hasSize(2);
        assertThat(event.get("records").get(0).get("approximateArrivalTimestamp").asLong()).isEqualTo(1_000);
        assertThat(event.get("records").get(0).get("recordId").asText()).matches("\\d{56}");
        assertThat(event.get("records").get(0).get("recordId").asText()).isNotEqualTo(event.get("records").get(1).get("recordId").asText());
        assertThat(invoker.functions).containsExactly(ARN);
    }

    @Test
    void keepsDroppedAndProcessingFailedPerRecord() {
        TestingFunctionInvoker invoker = new TestingFunctionInvoker(event -> respond(event, (record, response) -> {
            String text = new String(data(record), UTF_8);
            if (text.equals("drop")) {
                response.put("result", "Dropped");
            }
            else if (text.equals("fail")) {
                response.put("result", "ProcessingFailed").put("data", record.get("data").asText());
            }
            else {
                response.put("result", "Ok").put("data", record.get("data").asText());
            }
        }));

        List<ProcessingResult> results = processor(invoker, 0).process(records("keep", "drop", "fail")).join();

        assertThat(results.get(0)).isInstanceOf(Ok.class);
        assertThat(results.get(1)).isInstanceOf(Dropped.class);
        assertThat(results.get(2)).isEqualTo(new ProcessingFailed(LambdaProcessor.PROCESSING_FAILED_STATUS, "ProcessingFailed status set for record", 1, ARN));
    }

    @Test
    void readsPartitionKeysFromMetadata() {
        TestingFunctionInvoker invoker = new TestingFunctionInvoker(event -> respond(event, (record, response) -> {
            response.put("result", "Ok").put("data", record.get("data").asText());
            response.putObject("metadata").putObject("partitionKeys").put("team", new String(data(record), UTF_8));
        }));

        List<ProcessingResult> results = processor(invoker, 0).process(records("red")).join();

        assertThat(((Ok) results.get(0)).records().get(0).keysFromLambda()).containsEntry("team", "red");
    }

    @Test
    void failsTheBatchWhenARecordIdIsMissing() {
        TestingFunctionInvoker invoker = new TestingFunctionInvoker(event -> {
            ArrayNode records = responseRecords(event, (record, response) -> response.put("result", "Ok").put("data", record.get("data").asText()));
            records.remove(1);
            return responseWith(records);
        });

        assertAllFailed(processor(invoker, 0).process(records("a", "b")).join(), LambdaProcessor.MISSING_RECORD_ID, 1);
    }

    @Test
    void failsTheBatchWhenARecordIdComesBackTwice() {
        TestingFunctionInvoker invoker = new TestingFunctionInvoker(event -> {
            ArrayNode records = responseRecords(event, (record, response) -> response.put("result", "Ok").put("data", record.get("data").asText()));
            records.add(records.get(0).deepCopy());
            return responseWith(records);
        });

        assertAllFailed(processor(invoker, 0).process(records("a", "b")).join(), LambdaProcessor.DUPLICATED_RECORD_ID, 1);
    }

    @Test
    void failsTheBatchOnUnparsableResponsesAfterRetrying() {
        TestingFunctionInvoker invoker = new TestingFunctionInvoker(event -> FunctionResult.success("not json".getBytes(UTF_8)));

        assertAllFailed(processor(invoker, 2).process(records("a", "b")).join(), LambdaProcessor.JSON_PROCESSING, 3);
        assertThat(invoker.events).hasSize(3);
    }

    @Test
    void retriesFunctionErrorsAndSucceedsWhenTheFunctionRecovers() {
        List<Boolean> failNext = new ArrayList<>(List.of(true, true));
        TestingFunctionInvoker invoker = new TestingFunctionInvoker(event -> {
            if (!failNext.isEmpty()) {
                failNext.remove(0);
                return new FunctionResult("{\"errorMessage\":\"boom\",\"errorType\":\"ValueError\"}".getBytes(UTF_8), FunctionResult.UNHANDLED);
            }
            return respond(event, (record, response) -> response.put("result", "Ok").put("data", record.get("data").asText()));
        });

        List<ProcessingResult> results = processor(invoker, 3).process(records("a")).join();

        assertThat(results).extracting(LambdaProcessorTest::text).containsExactly("a");
        assertThat(invoker.events).hasSize(3);
    }

    @Test
    void reportsTheFunctionErrorAfterTheLastRetry() {
        TestingFunctionInvoker invoker = new TestingFunctionInvoker(event ->
                new FunctionResult("{\"errorMessage\":\"boom\",\"errorType\":\"ValueError\"}".getBytes(UTF_8), FunctionResult.UNHANDLED));

        List<ProcessingResult> results = processor(invoker, 1).process(records("a")).join();

        assertAllFailed(results, LambdaProcessor.FUNCTION_ERROR, 2);
        assertThat(((ProcessingFailed) results.get(0)).errorMessage()).isEqualTo("ValueError: boom");
    }

    @Test
    void mapsAnUnknownFunctionToResourceNotFound() {
        FunctionInvoker invoker = (function, payload) -> CompletableFuture.failedFuture(new HydrantException(ErrorCode.RESOURCE_NOT_FOUND, "Function not found: " + function));

        assertAllFailed(processor(invoker, 0).process(records("a")).join(), LambdaProcessor.RESOURCE_NOT_FOUND, 1);
    }

    @Test
    void splitsBatchesThatWouldExceedTheSixMegabytePayloadLimit() {
        TestingFunctionInvoker invoker = new TestingFunctionInvoker(event -> respond(event, (record, response) -> response.put("result", "Ok").put("data", record.get("data").asText())));
        byte[] large = new byte[1_000 * 1024];
        List<ProcessorRecord> batch = new ArrayList<>();
        for (int index = 0; index < 10; index++) {
            batch.add(ProcessorRecord.of(large, 1_000 + index));
        }

        List<ProcessingResult> results = processor(invoker, 0).process(batch).join();

        assertThat(results).hasSize(10).allMatch(Ok.class::isInstance);
        assertThat(invoker.payloadSizes).hasSizeGreaterThan(1).allMatch(size -> size <= LambdaProcessor.MAX_REQUEST_BYTES);
    }

    private LambdaProcessor processor(FunctionInvoker invoker, int retries) {
        LambdaProcessorConfig config = new LambdaProcessorConfig(ARN, retries, java.util.Optional.empty(), java.math.BigDecimal.ONE, 60);
        return new LambdaProcessor(config, STREAM_ARN, "us-east-1", invoker, scheduler, new TestingClock(1_700_000_000_000L), Duration.ofMillis(1));
    }

    private static List<ProcessorRecord> records(String... texts) {
        List<ProcessorRecord> records = new ArrayList<>();
        for (int index = 0; index < texts.length; index++) {
            records.add(ProcessorRecord.of(texts[index].getBytes(UTF_8), 1_000 + index));
        }
        return records;
    }

    private static void assertAllFailed(List<ProcessingResult> results, String errorCode, int attempts) {
        assertThat(results).isNotEmpty().allSatisfy(result -> {
            assertThat(result).isInstanceOf(ProcessingFailed.class);
            assertThat(((ProcessingFailed) result).errorCode()).isEqualTo(errorCode);
            assertThat(((ProcessingFailed) result).attemptsMade()).isEqualTo(attempts);
            assertThat(((ProcessingFailed) result).processorArn()).isEqualTo(ARN);
        });
    }

    private static String text(ProcessingResult result) {
        return new String(((Ok) result).records().get(0).data(), UTF_8);
    }

    private static byte[] data(JsonNode record) {
        return Base64.getDecoder().decode(record.get("data").asText());
    }

    private interface RecordResponder {
        void respond(JsonNode record, ObjectNode response);
    }

    /** A response with one entry per event record, in order, filled in by {@code responder}. */
    private static FunctionResult respond(JsonNode event, RecordResponder responder) {
        return responseWith(responseRecords(event, responder));
    }

    private static ArrayNode responseRecords(JsonNode event, RecordResponder responder) {
        ArrayNode records = MAPPER.createArrayNode();
        for (JsonNode record : event.get("records")) {
            ObjectNode response = records.addObject().put("recordId", record.get("recordId").asText());
            responder.respond(record, response);
        }
        return records;
    }

    private static FunctionResult responseWith(ArrayNode records) {
        ObjectNode response = MAPPER.createObjectNode();
        response.set("records", records);
        try {
            return FunctionResult.success(MAPPER.writeValueAsBytes(response));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The edge: stands in for a deployed function, answering each event with what {@code handler} computes. */
    private static final class TestingFunctionInvoker implements FunctionInvoker {
        private final Function<JsonNode, FunctionResult> handler;
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        final List<Integer> payloadSizes = new CopyOnWriteArrayList<>();
        final List<String> functions = new CopyOnWriteArrayList<>();

        TestingFunctionInvoker(Function<JsonNode, FunctionResult> handler) {
            this.handler = handler;
        }

        @Override
        public CompletableFuture<FunctionResult> invoke(String function, byte[] payload) {
            functions.add(function);
            payloadSizes.add(payload.length);
            try {
                JsonNode event = MAPPER.readTree(payload);
                events.add(event);
                return CompletableFuture.completedFuture(handler.apply(event));
            }
            catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }
}
