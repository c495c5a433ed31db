package dev.hydrant.analytics.sql;

import static dev.hydrant.analytics.sql.TestingFlinkRunner.at;
import static dev.hydrant.analytics.sql.TestingKdaApplications.application;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.spi.SqlApplication;
import dev.hydrant.spi.SqlApplicationEngine.CodeProblem;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** Runs translated applications on a local Flink and checks the rows each output stream gets. */
class KdaSqlExecutionTest {
    @Test
    void referenceApplicationKeepsRowsWithSpeedOfAtLeast200() {
        Translation translation = KdaSqlTranslator.translate(TestingKdaApplications.referenceApplication());
        List<Row> rows = List.of(
                reference(190.5, 15251, 2, 0.94, at("10:00:00")),
                reference(200.0, 15300, 3, 0.5, at("10:00:01")),
                reference(205.25, 15400, 8, 0.75, at("10:00:02")),
                reference(199.99, 15500, 1, 0.25, at("10:00:03")));

        List<String> output = TestingFlinkRunner.run(translation, "DESTINATION_SQL_STREAM", Map.of("sg12_prefix_001", rows));

        assertThat(output).containsExactly("+I[200.0, 15300, 3, 0.5]", "+I[205.25, 15400, 8, 0.75]");
    }

    @Test
    void tumblingStepWindowCountsPerTickerAndEmitsWindowStartAndEndAsRowtime() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(4), ticker_count INTEGER, window_start TIMESTAMP, row_time TIMESTAMP);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM ticker_symbol, COUNT(*), STEP(s.ROWTIME BY INTERVAL '10' SECOND), s.ROWTIME
                  FROM "SOURCE_SQL_STREAM_001" AS s
                  GROUP BY ticker_symbol, STEP(s.ROWTIME BY INTERVAL '10' SECOND);
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE"));
        List<Row> rows = List.of(
                Row.of("AMZN", 10.0, at("10:00:01")),
                Row.of("MSFT", 20.0, at("10:00:03")),
                Row.of("AMZN", 30.0, at("10:00:09.999")),
                Row.of("AMZN", 40.0, at("10:00:10")));

        List<String> output = TestingFlinkRunner.run(translation, "DESTINATION_SQL_STREAM", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).containsExactlyInAnyOrder(
                "+I[AMZN, 2, 2026-01-27T10:00, 2026-01-27T10:00:10]",
                "+I[MSFT, 1, 2026-01-27T10:00, 2026-01-27T10:00:10]",
                "+I[AMZN, 1, 2026-01-27T10:00:10, 2026-01-27T10:00:20]");
    }

    @Test
    void floorRowtimeToMinuteIsATumblingWindow() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (minute_start TIMESTAMP, total DOUBLE, trades BIGINT);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE), SUM(price), COUNT(*)
                  FROM "SOURCE_SQL_STREAM_001"
                  GROUP BY FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE);
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE"));
        List<Row> rows = List.of(
                Row.of("AMZN", 1.5, at("10:00:00")),
                Row.of("MSFT", 2.5, at("10:00:59.999")),
                Row.of("AMZN", 4.0, at("10:01:00")),
                Row.of("AMZN", 8.0, at("10:03:30")));

        List<String> output = TestingFlinkRunner.run(translation, "DESTINATION_SQL_STREAM", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).containsExactly(
                "+I[2026-01-27T10:00, 4.0, 2]",
                "+I[2026-01-27T10:01, 4.0, 1]",
                "+I[2026-01-27T10:03, 8.0, 1]");
    }

    @Test
    void windowOverAWindowedStreamPutsEachRowInTheWindowOfItsKdaRowtimeTheWindowEnd() {
        // KDA gives a window's row the ROWTIME of the window end: 10:00:50-10:01:00 counts belong to minute 10:01
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "TEN_SECONDS" (trades BIGINT);
                CREATE PUMP "P1" AS INSERT INTO "TEN_SECONDS"
                  SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001" GROUP BY STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);
                CREATE STREAM "MINUTES" (minute_start TIMESTAMP, trades BIGINT, row_time TIMESTAMP);
                CREATE PUMP "P2" AS INSERT INTO "MINUTES"
                  SELECT STREAM FLOOR(t.ROWTIME TO MINUTE), SUM(trades), t.ROWTIME FROM "TEN_SECONDS" AS t GROUP BY FLOOR(t.ROWTIME TO MINUTE);
                """, "SOURCE_SQL_STREAM", "PRICE DOUBLE"));
        List<Row> rows = List.of(
                Row.of(1.0, at("10:00:45")),
                Row.of(2.0, at("10:00:55")),
                Row.of(3.0, at("10:00:56")),
                Row.of(4.0, at("10:01:59.999")));

        List<String> output = TestingFlinkRunner.run(translation, "MINUTES", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).containsExactly(
                "+I[2026-01-27T10:00, 1, 2026-01-27T10:01]",
                "+I[2026-01-27T10:01, 2, 2026-01-27T10:02]",
                "+I[2026-01-27T10:02, 1, 2026-01-27T10:03]");
    }

    @Test
    void slidingRangeWindowIncludesRowsExactlyAtTheLowerBound() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(4), price DOUBLE, avg_price DOUBLE, trades BIGINT);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM ticker_symbol, price, AVG(price) OVER W, COUNT(*) OVER W
                  FROM "SOURCE_SQL_STREAM_001"
                  WINDOW W AS (PARTITION BY ticker_symbol RANGE INTERVAL '10' SECOND PRECEDING);
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE"));
        List<Row> rows = List.of(
                Row.of("AMZN", 10.0, at("10:00:00")),
                Row.of("AMZN", 20.0, at("10:00:05")),
                Row.of("MSFT", 99.0, at("10:00:06")),
                Row.of("AMZN", 30.0, at("10:00:12")),
                Row.of("AMZN", 40.0, at("10:00:15")));

        List<String> output = TestingFlinkRunner.run(translation, "DESTINATION_SQL_STREAM", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).containsExactly(
                "+I[AMZN, 10.0, 10.0, 1]",
                "+I[AMZN, 20.0, 15.0, 2]",
                "+I[MSFT, 99.0, 99.0, 1]",
                "+I[AMZN, 30.0, 25.0, 2]",
                "+I[AMZN, 40.0, 30.0, 3]");
    }

    @Test
    void slidingRowsWindowOfTwoPrecedingHoldsThreeRows() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (price DOUBLE, total DOUBLE);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM price, SUM(price) OVER (ROWS 2 PRECEDING) FROM "SOURCE_SQL_STREAM_001";
                """, "SOURCE_SQL_STREAM", "PRICE DOUBLE"));
        List<Row> rows = List.of(
                Row.of(1.0, at("10:00:00")),
                Row.of(2.0, at("10:00:01")),
                Row.of(4.0, at("10:00:02")),
                Row.of(8.0, at("10:00:03")));

        List<String> output = TestingFlinkRunner.run(translation, "DESTINATION_SQL_STREAM", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).containsExactly("+I[1.0, 1.0]", "+I[2.0, 3.0]", "+I[4.0, 7.0]", "+I[8.0, 14.0]");
    }

    @Test
    void foldsUnquotedIdentifiersToUpperCaseAndKeepsQuotedOnes() {
        Translation translation = KdaSqlTranslator.translate(application("""
                create or replace stream dest_stream ("speed" double, Gear integer);
                create or replace pump p as insert into DEST_STREAM
                  select stream "speed", gear from "sg12_prefix_001" as Src where src."speed" > 1 and SRC.gear <> 2;
                """, "sg12_prefix", "speed DOUBLE", "GEAR INTEGER"));
        List<Row> rows = List.of(Row.of(0.5, 1, at("10:00:00")), Row.of(2.5, 2, at("10:00:01")), Row.of(3.5, 3, at("10:00:02")));

        List<String> output = TestingFlinkRunner.run(translation, "DEST_STREAM", Map.of("sg12_prefix_001", rows));

        assertThat(translation.streamColumns().get("DEST_STREAM")).extracting(Column::name).containsExactly("speed", "GEAR");
        assertThat(output).containsExactly("+I[3.5, 3]");
    }

    @Test
    void kdaTimeFunctionsUseMillisecondsUtcAndFormatFirstArgumentOrder() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (epoch_ms BIGINT, parsed TIMESTAMP, formatted VARCHAR(32), back TIMESTAMP, diff BIGINT);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM UNIX_TIMESTAMP(ROWTIME),
                         CHAR_TO_TIMESTAMP('dd/MM/yyyy HH:mm:ss', event_text),
                         TIMESTAMP_TO_CHAR('yyyy-MM-dd''T''HH:mm:ss.SSS', ROWTIME),
                         TO_TIMESTAMP(UNIX_TIMESTAMP(ROWTIME) + 1500),
                         TSDIFF(CHAR_TO_TIMESTAMP('dd/MM/yyyy HH:mm:ss', event_text), ROWTIME)
                  FROM "SOURCE_SQL_STREAM_001";
                """, "SOURCE_SQL_STREAM", "EVENT_TEXT VARCHAR(32)"));
        List<Row> rows = List.of(Row.of("27/01/2026 09:59:58", at("10:00:00.250")));

        List<String> output = TestingFlinkRunner.run(translation, "OUT", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).containsExactly(
                "+I[1769508000250, 2026-01-27T09:59:58, 2026-01-27T10:00:00.250, 2026-01-27T10:00:01.750, 2250]");
    }

    @Test
    void numericStepRegexReplaceAndStringFunctions() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (bucket INTEGER, second_only VARCHAR(20), all_replaced VARCHAR(20), shout VARCHAR(20), part VARCHAR(5), kind VARCHAR(5));
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM STEP(n BY 10), REGEX_REPLACE(s, 'a', 'X', 1, 2), REGEX_REPLACE(s, 'a', 'X', 2, 0),
                         UPPER(s) || '!', SUBSTRING(s FROM 2 FOR 3),
                         CASE WHEN n BETWEEN 0 AND 9 THEN 'small' WHEN s LIKE 'b%' THEN 'b' ELSE COALESCE(NULLIF(s, 'x'), 'none') END
                  FROM "SOURCE_SQL_STREAM_001" WHERE n IN (7, 23);
                """, "SOURCE_SQL_STREAM", "N INTEGER", "S VARCHAR(20)"));
        List<Row> rows = List.of(Row.of(7, "banana", at("10:00:00")), Row.of(23, "abracadabra", at("10:00:01")), Row.of(5, "zzz", at("10:00:02")));

        List<String> output = TestingFlinkRunner.run(translation, "OUT", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).containsExactly(
                "+I[0, banXna, bXnXnX, BANANA!, ana, small]",
                "+I[20, abrXcadabra, abrXcXdXbrX, ABRACADABRA!, bra, abrac]");
    }

    @Test
    void stringFunctionsAndHavingOnAWindow() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (name VARCHAR(20), trimmed_length INTEGER, at_position INTEGER, total DOUBLE);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM INITCAP(LOWER(TRIM(BOTH ' ' FROM s.name))), CHAR_LENGTH(TRIM(s.name)), POSITION('B' IN s.name), SUM(s.price)
                  FROM "SOURCE_SQL_STREAM_001" AS s
                  GROUP BY s.name, FLOOR(s.ROWTIME TO HOUR)
                  HAVING SUM(s.price) > 10 AND MAX(s.ROWTIME) < s.ROWTIME;
                """, "SOURCE_SQL_STREAM", "NAME VARCHAR(20)", "PRICE DOUBLE"));
        List<Row> rows = List.of(
                Row.of("  aBC ", 6.0, at("10:00:00")),
                Row.of("  aBC ", 6.0, at("10:30:00")),
                Row.of("zzz", 1.0, at("10:40:00")),
                Row.of("  aBC ", 6.0, at("11:00:00")));

        List<String> output = TestingFlinkRunner.run(translation, "OUT", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).containsExactly("+I[Abc, 3, 4, 12.0]");
    }

    @Test
    void streamFedByTwoPumpsFromTwoParallelInputsIsTheirUnionAndKeepsRowtimeForWindows() {
        SqlApplication application = new SqlApplication("app", "arn", 1, """
                CREATE STREAM "MERGED" (price DOUBLE);
                CREATE PUMP "P1" AS INSERT INTO "MERGED" SELECT STREAM price FROM "SOURCE_SQL_STREAM_001";
                CREATE PUMP "P2" AS INSERT INTO "MERGED" SELECT STREAM price * 10 FROM "SOURCE_SQL_STREAM_002";
                CREATE STREAM "TOTALS" (total DOUBLE, row_time TIMESTAMP);
                CREATE PUMP "P3" AS INSERT INTO "TOTALS"
                  SELECT STREAM SUM(price), m.ROWTIME FROM (SELECT STREAM price FROM "MERGED" WHERE price > 1) AS m
                  GROUP BY FLOOR(m.ROWTIME TO MINUTE);
                CREATE STREAM "NEVER_FED" (x INTEGER);
                """,
                List.of(TestingKdaApplications.input("SOURCE_SQL_STREAM", 2, "PRICE DOUBLE")), List.of(), List.of());

        assertThat(KdaSqlTranslator.translate(application).problems())
                .containsExactly(new CodeProblem(7, 3, "Not supported yet: a window aggregate over a sub-query (create a stream and a pump for it)"));

        Translation translation = KdaSqlTranslator.translate(new SqlApplication("app", "arn", 1, application.code()
                .replace("FROM (SELECT STREAM price FROM \"MERGED\" WHERE price > 1) AS m", "FROM \"MERGED\" AS m WHERE price > 1"),
                application.inputs(), List.of(), List.of()));
        List<String> output = TestingFlinkRunner.run(translation, "TOTALS", Map.of(
                "SOURCE_SQL_STREAM_001", List.of(Row.of(1.0, at("10:00:00")), Row.of(2.0, at("10:00:10")), Row.of(4.0, at("10:01:10"))),
                "SOURCE_SQL_STREAM_002", List.of(Row.of(0.5, at("10:00:20")), Row.of(0.05, at("10:00:30")))));

        assertThat(output).containsExactly("+I[7.0, 2026-01-27T10:01]", "+I[4.0, 2026-01-27T10:02]");
        assertThat(KdaSqlValidator.validate(new SqlApplication("app", "arn", 1, "CREATE STREAM \"NEVER_FED\" (x INTEGER, t TIMESTAMP);"
                + "CREATE STREAM \"COUNTS\" (c BIGINT); CREATE PUMP \"P\" AS INSERT INTO \"COUNTS\""
                + " SELECT STREAM COUNT(*) FROM \"NEVER_FED\" AS n GROUP BY STEP(n.ROWTIME BY INTERVAL '1' SECOND);",
                application.inputs(), List.of(), List.of()))).isEmpty();
    }

    @Test
    void subQueryRowsFeedASlidingWindow() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (price DOUBLE, running DOUBLE);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM doubled, SUM(doubled) OVER (RANGE INTERVAL '1' MINUTE PRECEDING)
                  FROM (SELECT STREAM price * 2 AS doubled FROM "SOURCE_SQL_STREAM_001" WHERE price > 0) AS x;
                """, "SOURCE_SQL_STREAM", "PRICE DOUBLE"));
        List<Row> rows = List.of(Row.of(1.0, at("10:00:00")), Row.of(-1.0, at("10:00:30")), Row.of(2.0, at("10:00:59")), Row.of(3.0, at("10:01:30")));

        List<String> output = TestingFlinkRunner.run(translation, "OUT", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).containsExactly("+I[2.0, 2.0]", "+I[4.0, 6.0]", "+I[6.0, 10.0]");
    }

    @Test
    void selectStreamDistinctKeepsTheFirstRowOfEachKeyWithItsRowtimeAndStaysATimeAttribute() {
        SqlApplication application = application("""
                CREATE STREAM "TICKERS" (minute_start TIMESTAMP, ticker VARCHAR(4));
                CREATE PUMP "P1" AS INSERT INTO "TICKERS"
                  SELECT STREAM DISTINCT FLOOR(s.ROWTIME TO MINUTE), s.ticker_symbol FROM "SOURCE_SQL_STREAM_001" AS s WHERE s.price > 0;
                CREATE STREAM "FIRST_SEEN" (ticker VARCHAR(4), row_time TIMESTAMP);
                CREATE PUMP "P2" AS INSERT INTO "FIRST_SEEN" SELECT STREAM ticker, ROWTIME FROM "TICKERS";
                CREATE STREAM "PER_MINUTE" (tickers BIGINT, row_time TIMESTAMP);
                CREATE PUMP "P3" AS INSERT INTO "PER_MINUTE"
                  SELECT STREAM COUNT(*), t.ROWTIME FROM "TICKERS" AS t GROUP BY STEP(t.ROWTIME BY INTERVAL '1' MINUTE);
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE");
        Translation translation = KdaSqlTranslator.translate(application);
        Map<String, List<Row>> inputs = Map.of("SOURCE_SQL_STREAM_001", List.of(
                Row.of("AMZN", 1.0, at("10:00:01")),
                Row.of("MSFT", 2.0, at("10:00:02")),
                Row.of("AMZN", 3.0, at("10:00:30")),
                Row.of("IBM", -1.0, at("10:00:40")),
                Row.of("AMZN", 4.0, at("10:01:05")),
                Row.of("MSFT", 5.0, at("10:01:10")),
                Row.of("MSFT", 6.0, at("10:01:59.999"))));

        assertThat(TestingFlinkRunner.run(translation, "TICKERS", inputs)).containsExactly(
                "+I[2026-01-27T10:00, AMZN]", "+I[2026-01-27T10:00, MSFT]", "+I[2026-01-27T10:01, AMZN]", "+I[2026-01-27T10:01, MSFT]");
        assertThat(TestingFlinkRunner.run(translation, "FIRST_SEEN", inputs)).containsExactly(
                "+I[AMZN, 2026-01-27T10:00:01]", "+I[MSFT, 2026-01-27T10:00:02]", "+I[AMZN, 2026-01-27T10:01:05]", "+I[MSFT, 2026-01-27T10:01:10]");
        assertThat(TestingFlinkRunner.run(translation, "PER_MINUTE", inputs)).containsExactly(
                "+I[2, 2026-01-27T10:01]", "+I[2, 2026-01-27T10:02]");
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
    }

    @Test
    void topKItemsTumblingGivesTheKMostFrequentItemsOfEachWindowAtItsEnd() {
        SqlApplication application = application("""
                CREATE STREAM "OUT" (ticker VARCHAR(4), most_frequent_values BIGINT, row_time TIMESTAMP);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM TICKER_SYMBOL, MOST_FREQUENT_VALUES, ROWTIME
                  FROM TABLE(TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), 'TICKER_SYMBOL', 2, 10));
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE");
        Translation translation = KdaSqlTranslator.translate(application);

        List<String> output = TestingFlinkRunner.run(translation, "OUT", Map.of("SOURCE_SQL_STREAM_001", tickers()));

        assertThat(output).containsExactlyInAnyOrder(
                "+I[AMZN, 3, 2026-01-27T10:00:10]", "+I[MSFT, 2, 2026-01-27T10:00:10]",
                "+I[IBM, 2, 2026-01-27T10:00:20]", "+I[AMZN, 1, 2026-01-27T10:00:20]",
                "+I[MSFT, 1, 2026-01-27T10:00:30]");
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
    }

    @Test
    void countDistinctItemsTumblingCountsEachWindowsDistinctValuesAtItsEnd() {
        SqlApplication application = application("""
                CREATE STREAM "OUT" (number_of_distinct_items BIGINT, row_time TIMESTAMP);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM *, c.ROWTIME
                  FROM TABLE(COUNT_DISTINCT_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), 'ticker_symbol', 10)) AS c;
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE");
        Translation translation = KdaSqlTranslator.translate(application);

        List<String> output = TestingFlinkRunner.run(translation, "OUT", Map.of("SOURCE_SQL_STREAM_001", tickers()));

        assertThat(output).containsExactly("+I[3, 2026-01-27T10:00:10]", "+I[2, 2026-01-27T10:00:20]", "+I[1, 2026-01-27T10:00:30]");
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
    }

    @Test
    void windowedStreamJoinMatchesRowsOfTheJoinedStreamFromTheWindowBeforeEachRow() {
        SqlApplication application = application(ORDERS_AND_TRADES + """
                CREATE STREAM "OUT" (order_id INTEGER, order_amount DOUBLE, trade_amount DOUBLE, row_time TIMESTAMP);
                CREATE PUMP "P3" AS INSERT INTO "OUT"
                  SELECT STREAM o.order_id, o.amount, t.amount, o.ROWTIME FROM "ORDERS" AS o
                  JOIN "TRADES" OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS t ON o.order_id = t.order_id;
                """, "SOURCE_SQL_STREAM", "KIND VARCHAR(8)", "ID INTEGER", "AMOUNT DOUBLE");
        Translation translation = KdaSqlTranslator.translate(application);

        List<String> output = TestingFlinkRunner.run(translation, "OUT", Map.of("SOURCE_SQL_STREAM_001", ordersAndTrades()));

        assertThat(output).containsExactly("+I[1, 50.0, 5.0, 2026-01-27T10:00:30]", "+I[3, 70.0, 7.0, 2026-01-27T10:02]");
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
    }

    @Test
    void leftOuterJoinOverANamedWindowKeepsUnmatchedRowsWithNulls() {
        SqlApplication application = application(ORDERS_AND_TRADES + """
                CREATE STREAM "OUT" (order_id INTEGER, trade_amount DOUBLE, row_time TIMESTAMP);
                CREATE PUMP "P3" AS INSERT INTO "OUT"
                  SELECT STREAM o.order_id, t.amount, o.ROWTIME FROM "ORDERS" AS o
                  LEFT OUTER JOIN "TRADES" OVER W AS t ON o.order_id = t.order_id
                  WINDOW W AS (RANGE INTERVAL '1' MINUTE PRECEDING);
                """, "SOURCE_SQL_STREAM", "KIND VARCHAR(8)", "ID INTEGER", "AMOUNT DOUBLE");
        Translation translation = KdaSqlTranslator.translate(application);

        List<String> output = TestingFlinkRunner.run(translation, "OUT", Map.of("SOURCE_SQL_STREAM_001", ordersAndTrades()));

        assertThat(output).containsExactlyInAnyOrder(
                "+I[1, 5.0, 2026-01-27T10:00:30]", "+I[2, null, 2026-01-27T10:01:30]", "+I[3, 7.0, 2026-01-27T10:02]",
                "+I[4, null, 2026-01-27T10:02:10]");
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
    }

    @Test
    void referenceTableJoinLooksUpEachRowInTheTable() {
        SqlApplication.ReferenceTable companies = new SqlApplication.ReferenceTable("2.1", "CompanyName", "bucket", "companies.csv",
                new SqlApplication.RecordFormat("CSV", null, "\n", ","),
                List.of(new SqlApplication.Column("Ticker", "VARCHAR(4)", null), new SqlApplication.Column("Company", "VARCHAR(20)", null)));
        SqlApplication application = new SqlApplication("app", "arn", 1, """
                CREATE STREAM "NAMED" (ticker VARCHAR(4), price DOUBLE, company VARCHAR(20));
                CREATE PUMP "P1" AS INSERT INTO "NAMED"
                  SELECT STREAM s.ticker_symbol, s.price, c."Company" FROM "SOURCE_SQL_STREAM_001" AS s
                  LEFT JOIN "CompanyName" AS c ON s.ticker_symbol = c."Ticker";
                CREATE STREAM "KNOWN" (company VARCHAR(20), price DOUBLE, row_time TIMESTAMP);
                CREATE PUMP "P2" AS INSERT INTO "KNOWN"
                  SELECT STREAM c."Company", n.price, n.ROWTIME FROM "NAMED" AS n JOIN "CompanyName" AS c ON n.ticker = c."Ticker";
                """, List.of(TestingKdaApplications.input("SOURCE_SQL_STREAM", 1, "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE")), List.of(), List.of(companies));
        Translation translation = KdaSqlTranslator.translate(application);
        Map<String, List<Row>> inputs = Map.of("SOURCE_SQL_STREAM_001", List.of(
                Row.of("AMZN", 1.0, at("10:00:01")), Row.of("XXXX", 2.0, at("10:00:02")), Row.of("MSFT", 3.0, at("10:00:03"))));
        Map<String, List<Row>> references = Map.of("CompanyName", List.of(Row.of("AMZN", "Amazon"), Row.of("MSFT", "Microsoft")));

        assertThat(TestingFlinkRunner.run(translation, "NAMED", inputs, references))
                .containsExactly("+I[AMZN, 1.0, Amazon]", "+I[XXXX, 2.0, null]", "+I[MSFT, 3.0, Microsoft]");
        assertThat(TestingFlinkRunner.run(translation, "KNOWN", inputs, references))
                .containsExactly("+I[Amazon, 1.0, 2026-01-27T10:00:01]", "+I[Microsoft, 3.0, 2026-01-27T10:00:03]");
        assertThat(translation.outputQueries().get("NAMED")).doesNotContain("PROCTIME");
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
        assertThat(KdaSqlValidator.validate(new SqlApplication("app", "arn", 1, application.code().replace("c.\"Company\", n.price", "c.\"Missing\", n.price"),
                application.inputs(), List.of(), List.of(companies)))).containsExactly(new CodeProblem(7, 19, "Column 'Missing' not found in any table"));
    }

    @Test
    void staggerWindowGivesTheKdaDeveloperGuideExampleResult() {
        // Developer Guide, "Stagger Windows": four AMZN trades, grouped by event minute, counted per stagger window
        SqlApplication application = application("""
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), event_time TIMESTAMP, ticker_count DOUBLE, row_time TIMESTAMP);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                    SELECT STREAM TICKER_SYMBOL, FLOOR(EVENT_TIME TO MINUTE), COUNT(TICKER_SYMBOL) AS ticker_count, ROWTIME
                    FROM "SOURCE_SQL_STREAM_001"
                    WINDOWED BY STAGGER (
                            PARTITION BY FLOOR(EVENT_TIME TO MINUTE), TICKER_SYMBOL RANGE INTERVAL '1' MINUTE);
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "EVENT_TIME TIMESTAMP");
        Translation translation = KdaSqlTranslator.translate(application);
        List<Row> rows = List.of(
                Row.of("AMZN", at("11:00:10"), at("11:00:20")),
                Row.of("AMZN", at("11:00:20"), at("11:00:30")),
                Row.of("AMZN", at("11:00:55"), at("11:01:05")),
                Row.of("AMZN", at("11:01:05"), at("11:01:15")));

        List<String> output = TestingFlinkRunner.run(translation, "DESTINATION_SQL_STREAM", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).containsExactly(
                "+I[AMZN, 2026-01-27T11:00, 3.0, 2026-01-27T11:01:20]",
                "+I[AMZN, 2026-01-27T11:01, 1.0, 2026-01-27T11:02:15]");
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
    }

    @Test
    void staggerWindowOpensAtEachKeysFirstRowAndClosesRangeLater() {
        SqlApplication application = application("""
                CREATE STREAM "OUT" (minute_start TIMESTAMP, ticker VARCHAR(4), trades BIGINT, priced BIGINT, total DOUBLE,
                    low DOUBLE, high DOUBLE, average DOUBLE, first_at TIMESTAMP, row_time TIMESTAMP);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM FLOOR(s.ROWTIME TO MINUTE), s.ticker_symbol, COUNT(*), COUNT(s.price), SUM(s.price), MIN(s.price),
                         MAX(s.price), AVG(s.price), MIN(s.ROWTIME), s.ROWTIME
                  FROM "SOURCE_SQL_STREAM_001" AS s
                  WHERE s.ticker_symbol <> 'IBM'
                  WINDOWED BY STAGGER (PARTITION BY FLOOR(s.ROWTIME TO MINUTE), s.ticker_symbol RANGE INTERVAL '30' SECOND);
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE");
        Translation translation = KdaSqlTranslator.translate(application);
        List<Row> rows = List.of(
                Row.of("AMZN", 10.0, at("10:00:05")),
                Row.of("IBM", 99.0, at("10:00:06")),
                Row.of("MSFT", 20.0, at("10:00:10")),
                Row.of("AMZN", null, at("10:00:20")),
                Row.of("AMZN", 30.0, at("10:00:34.999")),
                Row.of("AMZN", 40.0, at("10:00:35")),
                Row.of("MSFT", 50.0, at("10:00:50")),
                Row.of("AMZN", 60.0, at("10:01:00")));

        List<String> output = TestingFlinkRunner.run(translation, "OUT", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).containsExactly(
                "+I[2026-01-27T10:00, AMZN, 3, 2, 40.0, 10.0, 30.0, 20.0, 2026-01-27T10:00:05, 2026-01-27T10:00:35]",
                "+I[2026-01-27T10:00, MSFT, 1, 1, 20.0, 20.0, 20.0, 20.0, 2026-01-27T10:00:10, 2026-01-27T10:00:40]",
                "+I[2026-01-27T10:00, AMZN, 1, 1, 40.0, 40.0, 40.0, 40.0, 2026-01-27T10:00:35, 2026-01-27T10:01:05]",
                "+I[2026-01-27T10:00, MSFT, 1, 1, 50.0, 50.0, 50.0, 50.0, 2026-01-27T10:00:50, 2026-01-27T10:01:20]",
                "+I[2026-01-27T10:01, AMZN, 1, 1, 60.0, 60.0, 60.0, 60.0, 2026-01-27T10:01, 2026-01-27T10:01:30]");
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
    }

    @Test
    void staggerWindowRowsHaveTheCloseAsRowtimeDownstreamAndOrderDoesNotMatter() {
        // two pumps feed TRADES, so rows can reach the window out of ROWTIME order; windows still open at each key's first row
        SqlApplication application = new SqlApplication("app", "arn", 1, """
                CREATE STREAM "TRADES" (ticker VARCHAR(4), price DOUBLE);
                CREATE PUMP "P1" AS INSERT INTO "TRADES" SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_001";
                CREATE PUMP "P2" AS INSERT INTO "TRADES" SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_002";
                CREATE STREAM "STAGGERED" (ticker VARCHAR(4), trades BIGINT, total DOUBLE);
                CREATE PUMP "stagger pump" AS INSERT INTO "STAGGERED"
                  SELECT STREAM ticker, COUNT(*), SUM(price) FROM "TRADES" WINDOWED BY STAGGER (PARTITION BY ticker RANGE INTERVAL '10' SECOND);
                CREATE STREAM "PER_MINUTE" (windows BIGINT, trades BIGINT, row_time TIMESTAMP);
                CREATE PUMP "P4" AS INSERT INTO "PER_MINUTE"
                  SELECT STREAM COUNT(*), SUM(trades), w.ROWTIME FROM "STAGGERED" AS w GROUP BY FLOOR(w.ROWTIME TO MINUTE);
                """, List.of(TestingKdaApplications.input("SOURCE_SQL_STREAM", 2, "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE")), List.of(), List.of());
        Translation translation = KdaSqlTranslator.translate(application);
        Map<String, List<Row>> inputs = Map.of(
                "SOURCE_SQL_STREAM_001", List.of(Row.of("AMZN", 2.0, at("10:00:52")), Row.of("AMZN", 4.0, at("10:00:58")), Row.of("AMZN", 8.0, at("10:01:03"))),
                "SOURCE_SQL_STREAM_002", List.of(Row.of("AMZN", 1.0, at("10:00:50")), Row.of("AMZN", 16.0, at("10:01:00")), Row.of("MSFT", 32.0, at("10:01:55"))));

        assertThat(TestingFlinkRunner.run(translation, "STAGGERED", inputs)).containsExactlyInAnyOrder(
                "+I[AMZN, 3, 7.0]", "+I[AMZN, 2, 24.0]", "+I[MSFT, 1, 32.0]");
        assertThat(TestingFlinkRunner.run(translation, "PER_MINUTE", inputs)).containsExactly(
                "+I[2, 5, 2026-01-27T10:02]", "+I[1, 1, 2026-01-27T10:03]");
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
    }

    @Test
    void differentOverWindowsInOneSelectEachAggregateOverItsOwnWindow() {
        SqlApplication application = application("""
                CREATE STREAM "OUT" (ticker VARCHAR(4), price DOUBLE, minute_average DOUBLE, last_three DOUBLE, ticker_rows BIGINT, ticker_high DOUBLE);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM ticker_symbol, price,
                         AVG(price) OVER (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE PRECEDING),
                         SUM(price) OVER (ROWS 2 PRECEDING),
                         COUNT(*) OVER lastTwo, MAX(price) OVER lastTwo
                  FROM "SOURCE_SQL_STREAM_001"
                  WHERE price > 0
                  WINDOW lastTwo AS (PARTITION BY ticker_symbol ROWS 1 PRECEDING);
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE");
        Translation translation = KdaSqlTranslator.translate(application);
        List<Row> rows = List.of(
                Row.of("AMZN", 10.0, at("10:00:00")),
                Row.of("MSFT", 20.0, at("10:00:20")),
                Row.of("AMZN", 30.0, at("10:00:40")),
                Row.of("IBM", -1.0, at("10:00:50")),
                Row.of("AMZN", 50.0, at("10:01:10")),
                Row.of("MSFT", 40.0, at("10:01:30")));

        List<String> output = TestingFlinkRunner.run(translation, "OUT", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).containsExactly(
                "+I[AMZN, 10.0, 10.0, 10.0, 1, 10.0]",
                "+I[MSFT, 20.0, 20.0, 30.0, 1, 20.0]",
                "+I[AMZN, 30.0, 20.0, 60.0, 2, 30.0]",
                "+I[AMZN, 50.0, 40.0, 100.0, 2, 50.0]",
                "+I[MSFT, 40.0, 40.0, 120.0, 2, 40.0]");
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
    }

    @Test
    void namedWindowsWithDifferentSpecificationsFeedAWindowDownstream() {
        SqlApplication application = application("""
                CREATE STREAM "MOVING" (price DOUBLE, last_two DOUBLE, last_ten_seconds DOUBLE);
                CREATE PUMP "P1" AS INSERT INTO "MOVING"
                  SELECT STREAM price, SUM(price) OVER lastTwo, SUM(price) OVER lastTenSeconds
                  FROM "SOURCE_SQL_STREAM_001"
                  WINDOW lastTwo AS (ROWS 1 PRECEDING), lastTenSeconds AS (RANGE INTERVAL '10' SECOND PRECEDING);
                CREATE STREAM "PER_MINUTE" (highest DOUBLE, row_time TIMESTAMP);
                CREATE PUMP "P2" AS INSERT INTO "PER_MINUTE"
                  SELECT STREAM MAX(last_two + last_ten_seconds), m.ROWTIME FROM "MOVING" AS m GROUP BY STEP(m.ROWTIME BY INTERVAL '1' MINUTE);
                """, "SOURCE_SQL_STREAM", "PRICE DOUBLE");
        Translation translation = KdaSqlTranslator.translate(application);
        Map<String, List<Row>> inputs = Map.of("SOURCE_SQL_STREAM_001", List.of(
                Row.of(1.0, at("10:00:00")), Row.of(2.0, at("10:00:05")), Row.of(4.0, at("10:00:12")), Row.of(8.0, at("10:01:00"))));

        assertThat(TestingFlinkRunner.run(translation, "MOVING", inputs)).containsExactly(
                "+I[1.0, 1.0, 1.0]", "+I[2.0, 3.0, 3.0]", "+I[4.0, 6.0, 6.0]", "+I[8.0, 12.0, 8.0]");
        assertThat(TestingFlinkRunner.run(translation, "PER_MINUTE", inputs)).containsExactly(
                "+I[12.0, 2026-01-27T10:01]", "+I[20.0, 2026-01-27T10:02]");
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
    }

    @Test
    void unionAllInAPumpGivesEveryRowOfBothQueriesWithItsRowtime() {
        SqlApplication application = new SqlApplication("app", "arn", 1, """
                CREATE STREAM "ORDERS" (channel VARCHAR(5), amount DOUBLE);
                CREATE PUMP "P1" AS INSERT INTO "ORDERS" (amount, channel)
                  SELECT STREAM amount, 'phone' FROM "SOURCE_SQL_STREAM_001" WHERE amount > 1
                  UNION ALL
                  (SELECT STREAM amount * 10, 'web' FROM "SOURCE_SQL_STREAM_002");
                CREATE STREAM "PER_MINUTE" (total DOUBLE, orders BIGINT, row_time TIMESTAMP);
                CREATE PUMP "P2" AS INSERT INTO "PER_MINUTE"
                  SELECT STREAM SUM(amount), COUNT(*), o.ROWTIME FROM "ORDERS" AS o GROUP BY FLOOR(o.ROWTIME TO MINUTE);
                """, List.of(TestingKdaApplications.input("SOURCE_SQL_STREAM", 2, "AMOUNT DOUBLE")), List.of(), List.of());
        Translation translation = KdaSqlTranslator.translate(application);
        Map<String, List<Row>> inputs = Map.of(
                "SOURCE_SQL_STREAM_001", List.of(Row.of(1.0, at("10:00:00")), Row.of(2.0, at("10:00:10")), Row.of(4.0, at("10:01:10"))),
                "SOURCE_SQL_STREAM_002", List.of(Row.of(0.5, at("10:00:20")), Row.of(0.25, at("10:01:30"))));

        assertThat(TestingFlinkRunner.run(translation, "ORDERS", inputs)).containsExactlyInAnyOrder(
                "+I[phone, 2.0]", "+I[phone, 4.0]", "+I[web, 5.0]", "+I[web, 2.5]");
        assertThat(TestingFlinkRunner.run(translation, "PER_MINUTE", inputs)).containsExactly(
                "+I[7.0, 2, 2026-01-27T10:01]", "+I[6.5, 2, 2026-01-27T10:02]");
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
    }

    @Test
    void rowsAnExpressionFailsOnAreLeftOutOfTheStreamAndGoToTheErrorQueriesWhileTheJobGoesOn() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "UNIT_PRICES" (ticker VARCHAR(4), unit_price INTEGER, lot INTEGER);
                CREATE PUMP "PRICE_PUMP" AS INSERT INTO "UNIT_PRICES"
                  SELECT STREAM ticker, total / quantity, CAST(lot AS INTEGER) FROM "SOURCE_SQL_STREAM_001";
                """, "SOURCE_SQL_STREAM", "TICKER VARCHAR(4)", "TOTAL INTEGER", "QUANTITY INTEGER", "LOT VARCHAR(8)"));
        Map<String, List<Row>> inputs = Map.of("SOURCE_SQL_STREAM_001", List.of(
                Row.of("AMZN", 10, 4, "100", at("10:00:01")),
                Row.of("MSFT", 7, 0, "100", at("10:00:02")),
                Row.of("IBM", 9, 3, "a lot", at("10:00:03")),
                Row.of("AAPL", 9, 2, null, at("10:00:04"))));

        assertThat(TestingFlinkRunner.run(translation, "UNIT_PRICES", inputs)).containsExactly("+I[AMZN, 2, 100]", "+I[AAPL, 4, null]");
        assertThat(TestingFlinkRunner.runErrorQueries(translation, inputs)).containsExactly(
                "+I[2026-01-27T12:00, ERROR, Division_By_Zero, line 3, column 31: division by zero, 2026-01-27T10:00:02, 4d5346542c372c302c313030, PRICE_PUMP]",
                "+I[2026-01-27T12:00, ERROR, Type_Conversion_Error, line 3, column 43: cannot convert the value to INTEGER, 2026-01-27T10:00:03, "
                        + "49424d2c392c332c61206c6f74, PRICE_PUMP]");
    }

    private static final String ORDERS_AND_TRADES = """
            CREATE STREAM "ORDERS" (order_id INTEGER, amount DOUBLE);
            CREATE PUMP "P1" AS INSERT INTO "ORDERS" SELECT STREAM id, amount FROM "SOURCE_SQL_STREAM_001" WHERE kind = 'order';
            CREATE STREAM "TRADES" (order_id INTEGER, amount DOUBLE);
            CREATE PUMP "P2" AS INSERT INTO "TRADES" SELECT STREAM id, amount FROM "SOURCE_SQL_STREAM_001" WHERE kind = 'trade';
            """;

    /** Order 1 has a trade 30 s before, order 2 one 80 s before, order 3 one at the same ROWTIME, order 4 one after. */
    private static List<Row> ordersAndTrades() {
        return List.of(
                Row.of("trade", 1, 5.0, at("10:00:00")),
                Row.of("trade", 2, 6.0, at("10:00:10")),
                Row.of("order", 1, 50.0, at("10:00:30")),
                Row.of("order", 2, 60.0, at("10:01:30")),
                Row.of("trade", 3, 7.0, at("10:02:00")),
                Row.of("order", 3, 70.0, at("10:02:00")),
                Row.of("order", 4, 80.0, at("10:02:10")),
                Row.of("trade", 4, 8.0, at("10:02:20")));
    }

    /** 10:00:00-10:00:10: AMZN 3, MSFT 2, IBM 1; 10:00:10-10:00:20: IBM 2, AMZN 1; 10:00:20-10:00:30: MSFT 1. */
    private static List<Row> tickers() {
        return List.of(
                Row.of("AMZN", 1.0, at("10:00:00")), Row.of("MSFT", 1.0, at("10:00:01")), Row.of("AMZN", 1.0, at("10:00:02")),
                Row.of("IBM", 1.0, at("10:00:03")), Row.of("MSFT", 1.0, at("10:00:04")), Row.of("AMZN", 1.0, at("10:00:09.999")),
                Row.of("IBM", 1.0, at("10:00:10")), Row.of("AMZN", 1.0, at("10:00:15")), Row.of("IBM", 1.0, at("10:00:19")),
                Row.of("MSFT", 1.0, at("10:00:25")));
    }

    private static Row reference(double speed, int rpm, int gear, double throttle, Object rowtime) {
        Object[] fields = new Object[32];
        fields[0] = speed;
        fields[1] = rpm;
        fields[2] = gear;
        fields[3] = throttle;
        fields[31] = rowtime;
        return Row.of(fields);
    }
}
