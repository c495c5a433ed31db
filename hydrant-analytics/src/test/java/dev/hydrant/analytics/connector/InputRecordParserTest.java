package dev.hydrant.analytics.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.spi.SqlApplication;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputRecordParserTest {
    private static final SqlApplication.RecordFormat JSON = new SqlApplication.RecordFormat("JSON", "$", null, null);

    private final List<List<Object>> rows = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    @Test
    void mapsNestedJsonPathsAndMissingFieldsToNull() {
        parse(JSON, "{\"suspension\": {\"damper_settings\": {\"front_left\": 7.5}}, \"pressures\": {\"engine\": 4.2}}",
                column("front_left", "DOUBLE", "$.suspension.damper_settings.front_left"),
                column("engine0", "DECIMAL(4,2)", "$.pressures.engine"),
                column("gone", "INTEGER", "$.nothing.here"));

        assertThat(rows).containsExactly(Arrays.asList(7.5, new BigDecimal("4.20"), null));
        assertThat(errors).isEmpty();
    }

    @Test
    void decimalWithoutPrecisionIsKdaDefaultScaleZero() {
        parse(JSON, "{\"x\": 4.6}", column("x", "DECIMAL", "$.x"));

        assertThat(rows).containsExactly(List.of(new BigDecimal("5")));
    }

    @Test
    void explodesArraysIntoRowsWithRowPath() {
        SqlApplication.RecordFormat format = new SqlApplication.RecordFormat("JSON", "$.items[0:]", null, null);
        parse(format, "{\"batch\": \"b1\", \"items\": [{\"id\": 1}, {\"id\": 2}]}",
                column("id", "INTEGER", "$.items[0:].id"),
                column("batch", "VARCHAR(8)", "$.batch"));

        assertThat(rows).containsExactly(List.of(1, "b1"), List.of(2, "b1"));
    }

    @Test
    void coercesBooleansNumbersAndStringsLikeKda() {
        parse(JSON, "{\"b\": true, \"n\": 12, \"s\": \"34\", \"t\": \"1992-02-14 18:35:44.0\", \"d\": \"1992-02-14\", \"f\": false}",
                column("b", "INTEGER", "$.b"),
                column("bText", "VARCHAR(8)", "$.b"),
                column("nText", "CHAR(8)", "$.n"),
                column("s", "BIGINT", "$.s"),
                column("t", "TIMESTAMP", "$.t"),
                column("d", "DATE", "$.d"),
                column("f", "DOUBLE", "$.f"));

        assertThat(rows).containsExactly(List.of(1, "true", "12", 34L, LocalDateTime.of(1992, 2, 14, 18, 35, 44),
                LocalDate.of(1992, 2, 14), 0.0));
    }

    @Test
    void truncatesLongTextAndRendersObjectsAsJsonForChar() {
        parse(JSON, "{\"s\": \"abcdef\", \"o\": {\"a\": [1, 2]}}",
                column("s", "VARCHAR(4)", "$.s"),
                column("o", "VARCHAR(64)", "$.o"));

        assertThat(rows).containsExactly(List.of("abcd", "{\"a\":[1,2]}"));
    }

    @Test
    void reportsObjectForNumberOverflowAndUnparsableText() {
        parse(JSON, "{\"o\": {\"a\": 1}}", column("o", "INTEGER", "$.o"));
        parse(JSON, "{\"n\": 3000000000}", column("n", "INTEGER", "$.n"));
        parse(JSON, "{\"n\": 300}", column("n", "TINYINT", "$.n"));
        parse(JSON, "{\"n\": \"fast\"}", column("n", "DOUBLE", "$.n"));
        parse(JSON, "not json", column("n", "DOUBLE", "$.n"));

        assertThat(rows).isEmpty();
        assertThat(errors).containsExactly(
                "column \"o\": cannot convert a JSON object to INTEGER",
                "column \"n\": value out of range for INTEGER",
                "column \"n\": value out of range for TINYINT",
                "column \"n\": cannot convert text to DOUBLE",
                "record is not valid JSON");
    }

    @Test
    void parsesCsvPositionallyWithDelimiters() {
        SqlApplication.RecordFormat csv = new SqlApplication.RecordFormat("CSV", null, "\n", "|");
        parse(csv, "AAPL|100.5|x\nMSFT||y\n",
                column("ticker", "VARCHAR(4)", null),
                column("price", "DOUBLE", null));

        assertThat(rows).containsExactly(List.of("AAPL", 100.5), Arrays.asList("MSFT", null));
    }

    private void parse(SqlApplication.RecordFormat format, String record, SqlApplication.Column... columns) {
        new InputRecordParser(format, List.of(columns)).parse(record.getBytes(StandardCharsets.UTF_8), new InputRecordParser.RowSink() {
            @Override
            public void row(Object[] values) {
                rows.add(Arrays.asList(values));
            }

            @Override
            public void error(String message) {
                errors.add(message);
            }
        });
    }

    private static SqlApplication.Column column(String name, String type, String mapping) {
        return new SqlApplication.Column(name, type, mapping);
    }
}
