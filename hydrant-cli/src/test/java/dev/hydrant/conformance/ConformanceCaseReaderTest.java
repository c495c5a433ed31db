package dev.hydrant.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.SqlApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceCaseReaderTest {
    @TempDir
    Path directory;

    @Test
    void readsACaseWithKdaDefaultsAndSendsMappingsAsCompactJson() throws IOException {
        Path file = write("""
                description: filter
                inputs:
                  - columns:
                      - {name: TICKER, sqlType: VARCHAR(4)}
                    records:
                      - {at: "2026-01-01T00:00:01.500Z", data: {ticker: AMZN, price: 1.5}}
                      - {at: "2026-01-01T00:00:02Z", data: 'raw text'}
                sql: CREATE STREAM "S" (a INTEGER);
                outputs:
                  S:
                    records: ["1"]
                """);

        ConformanceCase conformanceCase = ConformanceCaseReader.read(file);

        ConformanceCase.Input input = conformanceCase.inputs().get(0);
        assertThat(input.namePrefix()).isEqualTo("SOURCE_SQL_STREAM");
        assertThat(input.parallelism()).isEqualTo(1);
        assertThat(input.format()).isEqualTo(new SqlApplication.RecordFormat("JSON", "$", null, null));
        assertThat(input.columns()).containsExactly(new SqlApplication.Column("TICKER", "VARCHAR(4)", "$.TICKER"));
        assertThat(input.records()).extracting(ConformanceCase.InputRecord::arrival)
                .containsExactly(Instant.parse("2026-01-01T00:00:01.500Z"), Instant.parse("2026-01-01T00:00:02Z"));
        assertThat(new String(input.records().get(0).data(), StandardCharsets.UTF_8)).isEqualTo("{\"ticker\":\"AMZN\",\"price\":1.5}");
        assertThat(new String(input.records().get(1).data(), StandardCharsets.UTF_8)).isEqualTo("raw text");
        ConformanceCase.ExpectedOutput output = conformanceCase.outputs().get("S");
        assertThat(output.recordFormatType()).isEqualTo("CSV");
        assertThat(output.ordered()).isFalse();
        assertThat(output.recordText("1")).isEqualTo("1\n");
        assertThat(conformanceCase.rejection()).isEmpty();
    }

    @Test
    void readsRecordsFromAnNdjsonFileNextToTheCase() throws IOException {
        Files.writeString(directory.resolve("many.ndjson"), """
                {"at": "2026-01-01T00:00:01Z", "data": {"x": 1}}

                {"at": "2026-01-01T00:00:02Z", "data": "raw"}
                """);
        Path file = write("""
                description: from a file
                inputs:
                  - columns: [{name: X, sqlType: INTEGER}]
                    recordsFile: many.ndjson
                sql: CREATE STREAM "S" (a INTEGER);
                outputs:
                  S:
                    records: []
                """);

        ConformanceCase.Input input = ConformanceCaseReader.read(file).inputs().get(0);

        assertThat(input.records()).extracting(record -> new String(record.data(), StandardCharsets.UTF_8))
                .containsExactly("{\"x\":1}", "raw");
        assertThat(input.records().get(1).arrival()).isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));

        Files.writeString(directory.resolve("many.ndjson"), "{\"at\": \"2026-01-01T00:00:01Z\", \"data\": {\"x\": 1}}\nnot json\n");
        assertThatThrownBy(() -> ConformanceCaseReader.read(file)).isInstanceOf(HydrantException.class)
                .hasMessageStartingWith("inputs[0].recordsFile line 2: not JSON");
    }

    @Test
    void reportsEveryProblemWithThePathOfItsField() throws IOException {
        Path file = write("""
                description: broken
                inputs:
                  - format: XML
                    colums: []
                    records:
                      - {at: "2026-01-01T00:00:02Z", data: {a: 1}}
                      - {at: "2026-01-01T00:00:01Z", data: {a: 2}}
                      - {at: "yesterday"}
                sql: CREATE STREAM "S" (a INTEGER);
                outputs:
                  S:
                    format: CSV
                    records: [1]
                rejects:
                  line: 1
                """);

        assertThatThrownBy(() -> ConformanceCaseReader.read(file))
                .isInstanceOf(HydrantException.class)
                .hasMessageContaining("inputs[0].colums: unknown field")
                .hasMessageContaining("inputs[0].format: must be JSON or CSV, not XML")
                .hasMessageContaining("inputs[0].columns: required")
                .hasMessageContaining("inputs[0].records[1].at: 2026-01-01T00:00:01Z is before the record above")
                .hasMessageContaining("inputs[0].records[2].at: not an ISO-8601 UTC time")
                .hasMessageContaining("inputs[0].records[2].data: required")
                .hasMessageContaining("outputs.S.records[0]: must be a string")
                .hasMessageContaining("outputs, rejects: give one of them, not both");
    }

    @Test
    void readsAnExpectedRejection() throws IOException {
        Path file = write("""
                description: rejected
                sql: SELECT 1;
                rejects:
                  type: CodeValidationException
                  line: 1
                  messageContains: Unsupported statement
                """);

        ConformanceCase conformanceCase = ConformanceCaseReader.read(file);

        assertThat(conformanceCase.rejection()).hasValueSatisfying(rejection -> {
            assertThat(rejection.line()).contains(1);
            assertThat(rejection.column()).isEmpty();
            assertThat(rejection).hasToString("CodeValidationException at line 1 containing \"Unsupported statement\"");
        });
        assertThat(conformanceCase.outputs()).isEmpty();
    }

    private Path write(String text) throws IOException {
        Path file = directory.resolve("case.yaml");
        Files.writeString(file, text);
        return file;
    }
}
