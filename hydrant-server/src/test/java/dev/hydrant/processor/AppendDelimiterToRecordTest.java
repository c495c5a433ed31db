package dev.hydrant.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hydrant.control.ProcessingConfiguration.Processor;
import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessorRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppendDelimiterToRecordTest {
    @Test
    void appendsNewlineByDefault() {
        AppendDelimiterToRecord processor = new AppendDelimiterToRecord(config(Map.of()));

        List<ProcessingResult> results = processor.process(List.of(
                ProcessorRecord.of("{\"a\":1}".getBytes(UTF_8), 10),
                ProcessorRecord.of(new byte[0], 11))).join();

        assertThat(results).hasSize(2);
        assertThat(data(results.get(0))).isEqualTo("{\"a\":1}\n");
        assertThat(data(results.get(1))).isEqualTo("\n");
    }

    @Test
    void readsEscapedDelimiterAsWrittenInInfrastructureCode() {
        assertThat(config(Map.of("Delimiter", "\\r\\n")).delimiter()).isEqualTo("\r\n");
        assertThat(config(Map.of("Delimiter", "\\t")).delimiter()).isEqualTo("\t");
        assertThat(config(Map.of("Delimiter", "\\u001e")).delimiter()).isEqualTo("\u001e");
        assertThat(config(Map.of("Delimiter", "a\\\\b")).delimiter()).isEqualTo("a\\b");
    }

    @Test
    void rejectsRawWhitespaceDelimiterAsAwsParameterValuePatternDoes() {
        List<String> problems = new ArrayList<>();

        AppendDelimiterToRecordConfig.from(new Processor("AppendDelimiterToRecord", Map.of("Delimiter", "\n")), "Processors[0]", problems);

        assertThat(problems).containsExactly("Processors[0].Parameters.Delimiter: must not be blank");
    }

    @Test
    void appendsCustomDelimiterAndKeepsTimestampAndKeys() {
        AppendDelimiterToRecord processor = new AppendDelimiterToRecord(config(Map.of("Delimiter", "|")));
        ProcessorRecord record = new ProcessorRecord("x".getBytes(UTF_8), 42, Map.of("year", "2024"), Map.of("customer", "7"));

        ProcessingResult result = processor.process(List.of(record)).join().get(0);

        ProcessorRecord out = ((ProcessingResult.Ok) result).records().get(0);
        assertThat(new String(out.data(), UTF_8)).isEqualTo("x|");
        assertThat(out.arrivalTimestamp()).isEqualTo(42);
        assertThat(out.keysFromQuery()).isEqualTo(Map.of("year", "2024"));
        assertThat(out.keysFromLambda()).isEqualTo(Map.of("customer", "7"));
    }

    @Test
    void reportsBadEscapesAndForeignParameters() {
        List<String> problems = new ArrayList<>();

        Object config = AppendDelimiterToRecordConfig.from(
                new Processor("AppendDelimiterToRecord", Map.of("Delimiter", "\\q", "SubRecordType", "JSON")), "Processors[2]", problems);

        assertThat(config).isNull();
        assertThat(problems).containsExactlyInAnyOrder(
                "Processors[2].Parameters.Delimiter: has an unknown escape '\\q'; use \\n, \\r, \\t, \\0, \\\\ or \\uXXXX",
                "Processors[2].Parameters.SubRecordType: is not a parameter of AppendDelimiterToRecord processors (allowed: Delimiter)");
    }

    @Test
    void rejectsIncompleteUnicodeEscape() {
        assertThatThrownBy(() -> AppendDelimiterToRecordConfig.unescape("\\u12")).hasMessageContaining("incomplete \\u escape");
        assertThatThrownBy(() -> AppendDelimiterToRecordConfig.unescape("ab\\")).hasMessageContaining("unfinished escape");
    }

    private static AppendDelimiterToRecordConfig config(Map<String, String> parameters) {
        List<String> problems = new ArrayList<>();
        AppendDelimiterToRecordConfig config = AppendDelimiterToRecordConfig.from(new Processor("AppendDelimiterToRecord", parameters), "Processors[0]", problems);
        assertThat(problems).isEmpty();
        return config;
    }

    private static String data(ProcessingResult result) {
        assertThat(result).isInstanceOf(ProcessingResult.Ok.class);
        List<ProcessorRecord> records = ((ProcessingResult.Ok) result).records();
        assertThat(records).hasSize(1);
        return new String(records.get(0).data(), UTF_8);
    }
}
