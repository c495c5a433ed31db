package dev.hydrant.analytics.connector;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.spi.SqlApplication;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The streaming fast path gives exactly what the tree path gives, record by record: the same values (compared with
 * their types), the same nulls, and the same first error.
 */
class JsonFieldExtractorTest {
    private static final SqlApplication.RecordFormat JSON = new SqlApplication.RecordFormat("JSON", "$", null, null);
    private static final List<SqlApplication.Column> COLUMNS = List.of(
            new SqlApplication.Column("d", "DOUBLE", "$.a"),
            new SqlApplication.Column("i", "INTEGER", "$.a"),
            new SqlApplication.Column("b", "BIGINT", "$.b"),
            new SqlApplication.Column("r", "REAL", "$.b"),
            new SqlApplication.Column("dec", "DECIMAL(8,2)", "$.n.x"),
            new SqlApplication.Column("s", "VARCHAR(6)", "$.n"),
            new SqlApplication.Column("deep", "DOUBLE", "$.n.y.z"),
            new SqlApplication.Column("flag", "BOOLEAN", "$['f']"),
            new SqlApplication.Column("small", "SMALLINT", "$.n.x"),
            new SqlApplication.Column("t", "TIMESTAMP", "$.t"),
            new SqlApplication.Column("text", "VARCHAR(20)", "$.a"),
            new SqlApplication.Column("dec0", "DECIMAL", "$.a"),
            new SqlApplication.Column("dec2", "DECIMAL(4,1)", "$.b"));
    private static final String[] VALUES = {
            "1", "-1", "0", "-0", "0.0", "-0.0", "1.5", "-2.25", "1e3", "1E-2", "123456789012", "99999999999999999999999",
            "1e400", "3.4028235E39", "0.1", "2.675", "true", "false", "null", "\"7\"", "\"abc\"", "\"1992-02-14 18:35:44.0\"",
            "\"\"", "[]", "[1, 2]", "{}", "{\"x\": 1.234}", "{\"x\": \"5\", \"y\": {\"z\": 2}}", "{\"y\": {\"z\": \"q\"}}",
            "{\"y\": [1]}", "{\"x\": 123456789}", "2.50", "1.05", "-1.25", "999.95", "1234.5", "100.00"};
    private static final String[] KEYS = {"a", "b", "n", "f", "t", "other"};

    @Test
    void agreesWithTheTreePathOnGeneratedRecords() {
        InputRecordParser parser = new InputRecordParser(JSON, COLUMNS);
        Random random = new Random(7);
        for (int record = 0; record < 20_000; record++) {
            assertSameOutcome(parser, randomRecord(random));
        }
    }

    @Test
    void leavesUnreadColumnsNullAndStillReportsTheirTypeErrors() {
        Set<String> read = Set.of("i", "dec", "flag", "t");
        InputRecordParser pruned = new InputRecordParser(JSON, COLUMNS, read);
        InputRecordParser full = new InputRecordParser(JSON, COLUMNS);
        Random random = new Random(11);
        int rows = 0;
        for (int record = 0; record < 20_000; record++) {
            String json = randomRecord(random);
            Collected all = new Collected();
            full.parse(json.getBytes(UTF_8), all);
            if (all.outcomes.size() != 1 || !all.outcomes.get(0).startsWith("row ")) {
                continue; // errors are compared below, case by case
            }
            Collected some = new Collected();
            List<Object[]> values = new ArrayList<>();
            pruned.parse(json.getBytes(UTF_8), new InputRecordParser.RowSink() {
                @Override
                public void row(Object[] row) {
                    values.add(row);
                }

                @Override
                public void error(String message) {
                    some.error(message);
                }
            });
            assertThat(some.outcomes).as(json).isEmpty();
            assertThat(values).as(json).hasSize(1);
            Object[] expected = new Object[COLUMNS.size()];
            List<Object> fullRow = new ArrayList<>();
            full.parse(json.getBytes(UTF_8), new InputRecordParser.RowSink() {
                @Override
                public void row(Object[] row) {
                    fullRow.addAll(Arrays.asList(row));
                }

                @Override
                public void error(String message) {}
            });
            for (int i = 0; i < expected.length; i++) {
                expected[i] = read.contains(COLUMNS.get(i).name()) ? fullRow.get(i) : null;
            }
            assertThat(values.get(0)).as(json).containsExactly(expected);
            rows++;
        }
        assertThat(rows).isGreaterThan(1_000);

        // a string that is no number still sends the row to error_stream, read or not
        assertThat(outcomes(pruned, "{\"a\": \"abc\"}")).isEqualTo(outcomes(full, "{\"a\": \"abc\"}"))
                .singleElement().asString().startsWith("error column \"d\"");
        // a number out of an unread column's range is not looked at (documented)
        assertThat(outcomes(full, "{\"b\": 1e400}")).singleElement().asString().startsWith("error column \"b\"");
        assertThat(outcomes(pruned, "{\"b\": 1e400}")).singleElement().asString().startsWith("row ");
    }

    private static List<String> outcomes(InputRecordParser parser, String record) {
        Collected collected = new Collected();
        parser.parse(record.getBytes(UTF_8), collected);
        return collected.outcomes;
    }

    private static String randomRecord(Random random) {
        StringBuilder json = new StringBuilder("{");
        int members = random.nextInt(7);
        for (int member = 0; member < members; member++) {
            if (member > 0) {
                json.append(", ");
            }
            json.append('"').append(KEYS[random.nextInt(KEYS.length)]).append("\": ").append(VALUES[random.nextInt(VALUES.length)]);
        }
        return json.append('}').toString();
    }

    @Test
    void agreesOnRecordsThatAreNotObjects() {
        InputRecordParser parser = new InputRecordParser(JSON, COLUMNS);
        for (String record : List.of("", "  ", "[1, 2]", "7", "\"text\"", "null", "{", "{\"a\": }", "{\"a\": 1} trailing", "{\"a\": 1}{\"a\": 2}", "nonsense")) {
            assertSameOutcome(parser, record);
        }
    }

    @Test
    void appliesOnlyToPlainMemberPaths() {
        List<InputColumnType> types = List.of(InputColumnType.parse("DOUBLE"));
        assertThat(JsonFieldExtractor.forMappings(List.of("x"), types, List.of(JsonPath.parse("$.a.b")))).isNotNull();
        assertThat(JsonFieldExtractor.forMappings(List.of("x"), types, List.of(JsonPath.parse("$.a[0]")))).isNull();
        assertThat(JsonFieldExtractor.forMappings(List.of("x"), types, List.of(JsonPath.parse("$")))).isNull();
    }

    private static void assertSameOutcome(InputRecordParser parser, String record) {
        byte[] data = record.getBytes(UTF_8);
        Collected fast = new Collected();
        parser.parse(data, fast);
        Collected tree = new Collected();
        parser.parseJsonTree(data, tree);
        assertThat(fast.outcomes).as(record).isEqualTo(tree.outcomes);
    }

    /** Each row as its values with their classes, so that 1 and 1.0 or 0.0 and -0.0 differ. */
    private static final class Collected implements InputRecordParser.RowSink {
        final List<String> outcomes = new ArrayList<>();

        @Override
        public void row(Object[] values) {
            List<String> typed = new ArrayList<>();
            for (Object value : values) {
                typed.add(value == null ? "null" : value.getClass().getSimpleName() + ":" + value);
            }
            outcomes.add("row " + typed);
        }

        @Override
        public void error(String message) {
            outcomes.add("error " + message);
        }
    }

    @Test
    void typedOutcomesTellMinusZeroFromZero() {
        Collected collected = new Collected();
        collected.row(new Object[] {0.0, -0.0, 1, 1L});
        assertThat(collected.outcomes).containsExactly("row " + Arrays.asList("Double:0.0", "Double:-0.0", "Integer:1", "Long:1"));
    }
}
