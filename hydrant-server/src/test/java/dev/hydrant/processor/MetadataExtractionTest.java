package dev.hydrant.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.control.ProcessingConfiguration.Processor;
import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessorRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataExtractionTest {
    // 2021-08-27T10:30:15Z
    private static final String EVENT = "{\"customer_id\":\"C-17\",\"type\":{\"device\":\"mobile\"},\"event_timestamp\":1630060215,\"amount\":12.5,\"vip\":true}";

    @Test
    void extractsPartitionKeysWithAwsDocumentationQuery() {
        MetadataExtraction processor = processor("{customer_id:.customer_id, device:.type.device, year:.event_timestamp|strftime(\"%Y\"), "
                + "month:.event_timestamp|strftime(\"%m\"), day:.event_timestamp|strftime(\"%d\"), hour:.event_timestamp|strftime(\"%H\")}");
        ProcessorRecord record = new ProcessorRecord(EVENT.getBytes(UTF_8), 99, Map.of(), Map.of("fromLambda", "x"));

        ProcessingResult result = processor.process(List.of(record)).join().get(0);

        ProcessorRecord out = single(result);
        assertThat(out.keysFromQuery()).isEqualTo(Map.of(
                "customer_id", "C-17", "device", "mobile", "year", "2021", "month", "08", "day", "27", "hour", "10"));
        assertThat(new String(out.data(), UTF_8)).isEqualTo(EVENT);
        assertThat(out.arrivalTimestamp()).isEqualTo(99);
        assertThat(out.keysFromLambda()).isEqualTo(Map.of("fromLambda", "x"));
    }

    @Test
    void turnsNumbersAndBooleansIntoText() {
        MetadataExtraction processor = processor("{amount:.amount, vip:.vip, ts:.event_timestamp, seconds:(.event_timestamp * 1000 / 1000), tenth:(1 / 10)}");

        ProcessorRecord out = single(processor.process(List.of(ProcessorRecord.of(EVENT.getBytes(UTF_8), 1))).join().get(0));

        assertThat(out.keysFromQuery()).isEqualTo(Map.of("amount", "12.5", "vip", "true", "ts", "1630060215", "seconds", "1630060215", "tenth", "0.1"));
    }

    @Test
    void supportsTheJq16DateFunctionsJacksonJqLacks() {
        MetadataExtraction processor = processor("{iso:.event_timestamp|todate, path:.event_timestamp|strftime(\"%Y/%m/%d/%H:%M:%S %j %a %b %Z\"), "
                + "back:(.event_timestamp|gmtime|mktime), millis:((.event_timestamp * 1000 + 999) / 1000 | strftime(\"%s\")), from:(\"2021-08-27T10:30:15Z\"|fromdate)}");

        ProcessorRecord out = single(processor.process(List.of(ProcessorRecord.of(EVENT.getBytes(UTF_8), 1))).join().get(0));

        assertThat(out.keysFromQuery()).containsEntry("iso", "2021-08-27T10:30:15Z")
                .containsEntry("path", "2021/08/27/10:30:15 239 Fri Aug UTC")
                .containsEntry("back", "1630060215")
                .containsEntry("millis", "1630060215")
                .containsEntry("from", "1630060215");
    }

    @Test
    void failsRecordThatIsNotJson() {
        ProcessingResult result = processor("{id:.id}").process(List.of(ProcessorRecord.of("id=7".getBytes(UTF_8), 1))).join().get(0);

        assertFailed(result, "Record is not valid JSON");
    }

    @Test
    void failsRecordHoldingTwoJsonObjects() {
        ProcessingResult result = processor("{id:.id}").process(List.of(ProcessorRecord.of("{\"id\":1}\n{\"id\":2}".getBytes(UTF_8), 1))).join().get(0);

        assertFailed(result, "Record is not valid JSON");
    }

    @Test
    void failsWhenQueryDoesNotProduceAnObjectOfScalars() {
        byte[] data = EVENT.getBytes(UTF_8);

        assertFailed(processor(".customer_id").process(List.of(ProcessorRecord.of(data, 1))).join().get(0), "must produce an object, produced string");
        assertFailed(processor("{device:.type}").process(List.of(ProcessorRecord.of(data, 1))).join().get(0), "'device' must be a string, number or boolean, was object");
        assertFailed(processor("{missing:.nothing}").process(List.of(ProcessorRecord.of(data, 1))).join().get(0), "'missing' must be a string, number or boolean, was null");
        assertFailed(processor("{a:.customer_id}, {b:.vip}").process(List.of(ProcessorRecord.of(data, 1))).join().get(0), "exactly one object, produced 2");
    }

    @Test
    void failsWhenQueryRaisesAnError() {
        ProcessingResult result = processor("{year:.customer_id|strftime(\"%Y\")}").process(List.of(ProcessorRecord.of(EVENT.getBytes(UTF_8), 1))).join().get(0);

        assertFailed(result, "strftime/1 requires parsed datetime inputs");
    }

    @Test
    void processesEachRecordOfABatchOnItsOwn() {
        List<ProcessingResult> results = processor("{id:.id}").process(List.of(
                ProcessorRecord.of("{\"id\":\"a\"}".getBytes(UTF_8), 1),
                ProcessorRecord.of("not json".getBytes(UTF_8), 2),
                ProcessorRecord.of("{\"id\":\"c\"}".getBytes(UTF_8), 3))).join();

        assertThat(single(results.get(0)).keysFromQuery()).isEqualTo(Map.of("id", "a"));
        assertThat(results.get(1)).isInstanceOf(ProcessingResult.ProcessingFailed.class);
        assertThat(single(results.get(2)).keysFromQuery()).isEqualTo(Map.of("id", "c"));
    }

    @Test
    void reportsInvalidQueryEngineAndMissingQuery() {
        List<String> problems = new ArrayList<>();

        MetadataExtractionConfig.from(new Processor("MetadataExtraction", Map.of("JsonParsingEngine", "JQ-1.5")), "Processors[0]", problems);
        MetadataExtractionConfig.from(new Processor("MetadataExtraction", Map.of("MetadataExtractionQuery", "{id: .id")), "Processors[1]", problems);

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).isEqualTo("Processors[0].Parameters.JsonParsingEngine: must be JQ-1.6, was 'JQ-1.5'");
        assertThat(problems.get(1)).isEqualTo("Processors[0].Parameters.MetadataExtractionQuery: is required for this processor type");
        assertThat(problems.get(2)).startsWith("Processors[1].Parameters.MetadataExtractionQuery: is not a valid jq 1.6 expression");
    }

    private static MetadataExtraction processor(String query) {
        List<String> problems = new ArrayList<>();
        MetadataExtractionConfig config = MetadataExtractionConfig.from(
                new Processor("MetadataExtraction", Map.of("MetadataExtractionQuery", query, "JsonParsingEngine", "JQ-1.6")), "Processors[0]", problems);
        assertThat(problems).isEmpty();
        return new MetadataExtraction(config);
    }

    private static ProcessorRecord single(ProcessingResult result) {
        assertThat(result).isInstanceOf(ProcessingResult.Ok.class);
        List<ProcessorRecord> records = ((ProcessingResult.Ok) result).records();
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static void assertFailed(ProcessingResult result, String messagePart) {
        assertThat(result).isInstanceOf(ProcessingResult.ProcessingFailed.class);
        ProcessingResult.ProcessingFailed failed = (ProcessingResult.ProcessingFailed) result;
        assertThat(failed.errorCode()).isEqualTo("DynamicPartitioning.MetadataExtractionFailed");
        assertThat(failed.errorMessage()).contains(messagePart);
        assertThat(failed.attemptsMade()).isEqualTo(1);
        assertThat(failed.processorArn()).isNull();
    }
}
