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

class RecordDeAggregationTest {
    @Test
    void splitsNewlineSeparatedJsonObjectsKeepingTheirBytes() {
        RecordDeAggregation processor = processor(Map.of("SubRecordType", "JSON"));
        String data = "{\"id\":1, \"name\":\"a b\"}\n{\"id\":2,\"nested\":{\"x\":[1,2]}}\r\n  {\"id\":3}\n";
        ProcessorRecord record = new ProcessorRecord(data.getBytes(UTF_8), 77, Map.of("k", "v"), Map.of());

        ProcessingResult result = processor.process(List.of(record)).join().get(0);

        assertThat(texts(result)).containsExactly("{\"id\":1, \"name\":\"a b\"}", "{\"id\":2,\"nested\":{\"x\":[1,2]}}", "{\"id\":3}");
        assertThat(((ProcessingResult.Ok) result).records()).allSatisfy(out -> {
            assertThat(out.arrivalTimestamp()).isEqualTo(77);
            assertThat(out.keysFromQuery()).isEqualTo(Map.of("k", "v"));
        });
    }

    @Test
    void splitsConcatenatedJsonObjectsWithMultiByteText() {
        RecordDeAggregation processor = processor(Map.of("SubRecordType", "JSON"));

        ProcessingResult result = processor.process(List.of(ProcessorRecord.of("{\"city\":\"Zürich\"}{\"city\":\"東京\"}".getBytes(UTF_8), 1))).join().get(0);

        assertThat(texts(result)).containsExactly("{\"city\":\"Zürich\"}", "{\"city\":\"東京\"}");
    }

    @Test
    void failsRecordThatIsNotJsonObjects() {
        RecordDeAggregation processor = processor(Map.of("SubRecordType", "JSON"));

        List<ProcessingResult> results = processor.process(List.of(
                ProcessorRecord.of("{\"id\":1}\n[1,2]".getBytes(UTF_8), 1),
                ProcessorRecord.of("{\"id\":1}\n{\"id\":".getBytes(UTF_8), 1),
                ProcessorRecord.of("plain text".getBytes(UTF_8), 1))).join();

        assertThat(results).allSatisfy(result -> {
            assertThat(result).isInstanceOf(ProcessingResult.ProcessingFailed.class);
            assertThat(((ProcessingResult.ProcessingFailed) result).errorCode()).isEqualTo("RecordDeAggregation.Failed");
        });
        assertThat(((ProcessingResult.ProcessingFailed) results.get(0)).errorMessage()).contains("sub-record 2 is a START_ARRAY");
    }

    @Test
    void dropsRecordWithNothingInIt() {
        assertThat(processor(Map.of("SubRecordType", "JSON")).process(List.of(ProcessorRecord.of(" \n ".getBytes(UTF_8), 1))).join().get(0))
                .isInstanceOf(ProcessingResult.Dropped.class);
        assertThat(processor(Map.of("SubRecordType", "DELIMITED", "Delimiter", "IyMjIw==")).process(List.of(ProcessorRecord.of("####".getBytes(UTF_8), 1))).join().get(0))
                .isInstanceOf(ProcessingResult.Dropped.class);
    }

    @Test
    void passesRecordOfMoreThanFiveHundredSubRecordsOnWhole() {
        StringBuilder data = new StringBuilder();
        for (int index = 0; index < RecordDeAggregation.MAX_SUB_RECORDS + 1; index++) {
            data.append("{\"i\":").append(index).append("}\n");
        }
        ProcessorRecord record = ProcessorRecord.of(data.toString().getBytes(UTF_8), 1);

        ProcessingResult result = processor(Map.of("SubRecordType", "JSON")).process(List.of(record)).join().get(0);

        assertThat(texts(result)).containsExactly(data.toString());
    }

    @Test
    void splitsDelimitedRecordsOnBase64Delimiter() {
        RecordDeAggregation processor = processor(Map.of("SubRecordType", "DELIMITED", "Delimiter", "IyMjIw=="));

        ProcessingResult result = processor.process(List.of(ProcessorRecord.of("a,1####b,2######c,3####".getBytes(UTF_8), 1))).join().get(0);

        assertThat(texts(result)).containsExactly("a,1", "b,2", "##c,3");
    }

    @Test
    void keepsRecordWithoutDelimiterAsOneSubRecord() {
        RecordDeAggregation processor = processor(Map.of("SubRecordType", "DELIMITED", "Delimiter", "Cg=="));

        ProcessingResult result = processor.process(List.of(ProcessorRecord.of("only line".getBytes(UTF_8), 1))).join().get(0);

        assertThat(texts(result)).containsExactly("only line");
    }

    @Test
    void reportsMissingAndInvalidParameters() {
        List<String> problems = new ArrayList<>();

        RecordDeAggregationConfig.from(new Processor("RecordDeAggregation", Map.of()), "Processors[0]", problems);
        RecordDeAggregationConfig.from(new Processor("RecordDeAggregation", Map.of("SubRecordType", "XML")), "Processors[1]", problems);
        RecordDeAggregationConfig.from(new Processor("RecordDeAggregation", Map.of("SubRecordType", "DELIMITED")), "Processors[2]", problems);
        RecordDeAggregationConfig.from(new Processor("RecordDeAggregation", Map.of("SubRecordType", "DELIMITED", "Delimiter", "not base64!")), "Processors[3]", problems);

        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).isEqualTo("Processors[0].Parameters.SubRecordType: is required for this processor type");
        assertThat(problems.get(1)).isEqualTo("Processors[1].Parameters.SubRecordType: must be JSON or DELIMITED, was 'XML'");
        assertThat(problems.get(2)).isEqualTo("Processors[2].Parameters.Delimiter: is required for this processor type");
        assertThat(problems.get(3)).startsWith("Processors[3].Parameters.Delimiter: must be base64-encoded");
    }

    private static RecordDeAggregation processor(Map<String, String> parameters) {
        List<String> problems = new ArrayList<>();
        RecordDeAggregationConfig config = RecordDeAggregationConfig.from(new Processor("RecordDeAggregation", parameters), "Processors[0]", problems);
        assertThat(problems).isEmpty();
        return new RecordDeAggregation(config);
    }

    private static List<String> texts(ProcessingResult result) {
        assertThat(result).isInstanceOf(ProcessingResult.Ok.class);
        return ((ProcessingResult.Ok) result).records().stream().map(record -> new String(record.data(), UTF_8)).toList();
    }
}
