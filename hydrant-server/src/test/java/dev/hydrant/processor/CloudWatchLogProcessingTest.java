package dev.hydrant.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.control.ProcessingConfiguration.Processor;
import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessorRecord;
import dev.hydrant.spi.RecordProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudWatchLogProcessingTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void extractsEachLogEventMessageOfGzippedSubscriptionRecord() {
        byte[] payload = DecompressionTest.gzip(subscriptionMessage("DATA_MESSAGE",
                "[ERROR] timeout calling \"orders\"", "{\"level\":\"info\",\"msg\":\"ok\"}", "ünïcödé").getBytes(UTF_8));
        ProcessorRecord record = new ProcessorRecord(payload, 1704067200123L, Map.of(), Map.of());

        List<ProcessorRecord> records = runChain(List.of(decompression(), processor(Map.of("DataMessageExtraction", "true"))), record);

        assertThat(records).extracting(out -> new String(out.data(), UTF_8))
                .containsExactly("[ERROR] timeout calling \"orders\"\n", "{\"level\":\"info\",\"msg\":\"ok\"}\n", "ünïcödé\n");
        assertThat(records).allSatisfy(out -> assertThat(out.arrivalTimestamp()).isEqualTo(1704067200123L));
    }

    @Test
    void dropsControlMessages() {
        byte[] control = subscriptionMessage("CONTROL_MESSAGE", "CWL CONTROL MESSAGE: Checking health of destination Firehose.").getBytes(UTF_8);

        ProcessingResult result = processor(Map.of("DataMessageExtraction", "TRUE")).process(List.of(ProcessorRecord.of(control, 1))).join().get(0);

        assertThat(result).isInstanceOf(ProcessingResult.Dropped.class);
    }

    @Test
    void failsRecordsThatAreNotSubscriptionMessages() {
        RecordProcessor processor = processor(Map.of("DataMessageExtraction", "true"));

        List<ProcessingResult> results = processor.process(List.of(
                ProcessorRecord.of(DecompressionTest.gzip("{}".getBytes(UTF_8)), 1),
                ProcessorRecord.of("{\"messageType\":\"OTHER\"}".getBytes(UTF_8), 1),
                ProcessorRecord.of("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":{}}".getBytes(UTF_8), 1),
                ProcessorRecord.of("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"id\":\"1\"}]}".getBytes(UTF_8), 1))).join();

        assertThat(results).allSatisfy(result -> {
            assertThat(result).isInstanceOf(ProcessingResult.ProcessingFailed.class);
            assertThat(((ProcessingResult.ProcessingFailed) result).errorCode()).isEqualTo("CloudWatchLogProcessing.InvalidMessage");
        });
        assertThat(((ProcessingResult.ProcessingFailed) results.get(0)).errorMessage()).contains("is Decompression configured before it?");
        assertThat(((ProcessingResult.ProcessingFailed) results.get(1)).errorMessage()).contains("messageType 'OTHER'");
        assertThat(((ProcessingResult.ProcessingFailed) results.get(3)).errorMessage()).contains("logEvents[0].message");
    }

    @Test
    void passesRecordsThroughWithoutExtraction() {
        byte[] data = subscriptionMessage("DATA_MESSAGE", "line").getBytes(UTF_8);

        ProcessingResult result = processor(Map.of("DataMessageExtraction", "false")).process(List.of(ProcessorRecord.of(data, 1))).join().get(0);

        assertThat(((ProcessingResult.Ok) result).records().get(0).data()).isEqualTo(data);
    }

    @Test
    void reportsInvalidFlag() {
        List<String> problems = new ArrayList<>();

        CloudWatchLogProcessingConfig.from(new Processor("CloudWatchLogProcessing", Map.of("DataMessageExtraction", "yes")), "Processors[1]", problems);

        assertThat(problems).containsExactly("Processors[1].Parameters.DataMessageExtraction: must be true or false, was 'yes'");
    }

    private static List<ProcessorRecord> runChain(List<RecordProcessor> processors, ProcessorRecord record) {
        List<ProcessorRecord> records = List.of(record);
        for (RecordProcessor processor : processors) {
            List<ProcessorRecord> next = new ArrayList<>();
            for (ProcessingResult result : processor.process(records).join()) {
                assertThat(result).isInstanceOf(ProcessingResult.Ok.class);
                next.addAll(((ProcessingResult.Ok) result).records());
            }
            records = next;
        }
        return records;
    }

    private static RecordProcessor decompression() {
        return new Decompression(DecompressionConfig.gzip());
    }

    private static CloudWatchLogProcessing processor(Map<String, String> parameters) {
        List<String> problems = new ArrayList<>();
        CloudWatchLogProcessingConfig config = CloudWatchLogProcessingConfig.from(new Processor("CloudWatchLogProcessing", parameters), "Processors[0]", problems);
        assertThat(problems).isEmpty();
        return new CloudWatchLogProcessing(config);
    }

    /** The JSON CloudWatch Logs sends to a subscription destination, before gzip. */
    private static String subscriptionMessage(String messageType, String... messages) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("messageType", messageType);
        root.put("owner", messageType.equals("CONTROL_MESSAGE") ? "CloudwatchLogs" : "123456789012");
        root.put("logGroup", messageType.equals("CONTROL_MESSAGE") ? "" : "/aws/lambda/orders");
        root.put("logStream", messageType.equals("CONTROL_MESSAGE") ? "" : "2024/01/01/[$LATEST]0123456789abcdef");
        root.putArray("subscriptionFilters").add(messageType.equals("CONTROL_MESSAGE") ? "" : "to-firehose");
        ArrayNode events = root.putArray("logEvents");
        long timestamp = 1704067200000L;
        for (int index = 0; index < messages.length; index++) {
            events.addObject()
                    .put("id", "3719526082618458752" + index)
                    .put("timestamp", timestamp + index)
                    .put("message", messages[index]);
        }
        return root.toString();
    }
}
