package dev.hydrant.analytics.sql;

import static dev.hydrant.analytics.sql.TestingKdaApplications.application;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.spi.SqlApplication;
import dev.hydrant.spi.SqlApplicationEngine.CodeProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden translations (KDA SQL in, Flink SQL out) and problems with their positions. */
class KdaSqlTranslatorTest {
    @Test
    void translatesTheReferenceApplication() {
        Translation translation = KdaSqlTranslator.translate(TestingKdaApplications.referenceApplication());

        assertThat(translation.problems()).isEmpty();
        assertThat(translation.inputStreams()).hasSize(1);
        InAppStream input = translation.inputStreams().get(0);
        assertThat(input.name()).isEqualTo("sg12_prefix_001");
        assertThat(input.columns()).hasSize(31);
        assertThat(input.columns().get(0)).isEqualTo(new Column("speed", KdaType.parse("DOUBLE")));
        assertThat(input.columns().get(30)).isEqualTo(new Column("lap_time", new KdaType(KdaType.Kind.DECIMAL, 18, 0)));
        assertThat(translation.statements()).containsExactly(
                "CREATE TEMPORARY VIEW `DESTINATION_SQL_STREAM` AS SELECT CAST(`sg12_prefix_001`.`speed` AS DOUBLE) AS `speed`, "
                        + "CAST(`sg12_prefix_001`.`rpm` AS INT) AS `rpm`, CAST(`sg12_prefix_001`.`gear` AS INT) AS `gear`, "
                        + "CAST(`sg12_prefix_001`.`throttle` AS DOUBLE) AS `throttle`, `sg12_prefix_001`.`ROWTIME` AS `ROWTIME` "
                        + "FROM `sg12_prefix_001` WHERE `sg12_prefix_001`.`speed` >= 200");
        assertThat(translation.outputQueries()).containsExactly(
                Map.entry("DESTINATION_SQL_STREAM", "SELECT `speed`, `rpm`, `gear`, `throttle` FROM `DESTINATION_SQL_STREAM`"));
        assertThat(translation.streamColumns().get("DESTINATION_SQL_STREAM")).extracting(Column::name)
                .containsExactly("speed", "rpm", "gear", "throttle");
    }

    @Test
    void translatesAStepWindowToATumbleWithWindowStartAndEnd() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(4), ticker_count INTEGER, window_start TIMESTAMP, row_time TIMESTAMP);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM ticker_symbol, COUNT(*) AS ticker_count, STEP(s.ROWTIME BY INTERVAL '60' SECOND), s.ROWTIME
                  FROM "SOURCE_SQL_STREAM_001" AS s
                  GROUP BY ticker_symbol, STEP(s.ROWTIME BY INTERVAL '60' SECOND)
                  ORDER BY STEP(s.ROWTIME BY INTERVAL '60' SECOND);
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE"));

        assertThat(translation.problems()).isEmpty();
        assertThat(translation.statements()).containsExactly(
                "CREATE TEMPORARY VIEW `DESTINATION_SQL_STREAM` AS SELECT CAST(`S`.`TICKER_SYMBOL` AS VARCHAR(4)) AS `TICKER`, "
                        + "CAST(COUNT(*) AS INT) AS `TICKER_COUNT`, CAST(`S`.`window_start` AS TIMESTAMP(3)) AS `WINDOW_START`, "
                        + "CAST(`S`.`window_end` AS TIMESTAMP(3)) AS `ROW_TIME`, `S`.`window_time` AS `ROWTIME` "
                        + "FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' MINUTE)) AS `S` "
                        + "GROUP BY `S`.`TICKER_SYMBOL`, `S`.`window_start`, `S`.`window_end`, `S`.`window_time`");
    }

    @Test
    void offsetsWindowsOverAWindowedStreamByItsRowtimeShift() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "TEN_SECONDS" (trades BIGINT);
                CREATE PUMP "P1" AS INSERT INTO "TEN_SECONDS"
                  SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001" GROUP BY FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO SECOND);
                CREATE STREAM "MINUTES" (minute_start TIMESTAMP, trades BIGINT);
                CREATE PUMP "P2" AS INSERT INTO "MINUTES"
                  SELECT STREAM FLOOR(t.ROWTIME TO MINUTE), SUM(trades) FROM "TEN_SECONDS" AS t GROUP BY FLOOR(t.ROWTIME TO MINUTE);
                """, "SOURCE_SQL_STREAM", "PRICE DOUBLE"));

        assertThat(translation.problems()).isEmpty();
        assertThat(translation.statements()).containsExactly(
                "CREATE TEMPORARY VIEW `TEN_SECONDS` AS SELECT CAST(COUNT(*) AS BIGINT) AS `TRADES`, `SOURCE_SQL_STREAM_001`.`window_time` AS `ROWTIME` "
                        + "FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' SECOND)) AS `SOURCE_SQL_STREAM_001` "
                        + "GROUP BY `SOURCE_SQL_STREAM_001`.`window_start`, `SOURCE_SQL_STREAM_001`.`window_end`, `SOURCE_SQL_STREAM_001`.`window_time`",
                "CREATE TEMPORARY VIEW `MINUTES` AS SELECT CAST((`T`.`window_start` + INTERVAL '0.001' SECOND(2, 3)) AS TIMESTAMP(3)) AS `MINUTE_START`, "
                        + "CAST(SUM(`T`.`TRADES`) AS BIGINT) AS `TRADES`, `T`.`window_time` AS `ROWTIME` "
                        + "FROM TABLE(TUMBLE(TABLE `TEN_SECONDS`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' MINUTE, INTERVAL '-0.001' SECOND(2, 3))) AS `T` "
                        + "GROUP BY `T`.`window_start`, `T`.`window_end`, `T`.`window_time`");
    }

    @Test
    void translatesSlidingWindowsWithAnImplicitOrderByRowtime() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (ticker VARCHAR(4), average DOUBLE, last_three DOUBLE);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM ticker_symbol, AVG(price) OVER W, SUM(price) OVER W
                  FROM "SOURCE_SQL_STREAM_001"
                  WINDOW W AS (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE PRECEDING);
                CREATE PUMP "Q" AS INSERT INTO "OUT" (ticker, last_three)
                  SELECT STREAM ticker_symbol, SUM(price) OVER (PARTITION BY ticker_symbol ROWS 2 PRECEDING) FROM "SOURCE_SQL_STREAM_001";
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE"));

        assertThat(translation.problems()).isEmpty();
        String range = "OVER (PARTITION BY `SOURCE_SQL_STREAM_001`.`TICKER_SYMBOL` ORDER BY `SOURCE_SQL_STREAM_001`.`ROWTIME` "
                + "RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW)";
        assertThat(translation.statements()).containsExactly(
                "CREATE TEMPORARY VIEW `OUT` AS SELECT CAST(`SOURCE_SQL_STREAM_001`.`TICKER_SYMBOL` AS VARCHAR(4)) AS `TICKER`, "
                        + "CAST(AVG(`SOURCE_SQL_STREAM_001`.`PRICE`) " + range + " AS DOUBLE) AS `AVERAGE`, "
                        + "CAST(SUM(`SOURCE_SQL_STREAM_001`.`PRICE`) " + range + " AS DOUBLE) AS `LAST_THREE`, "
                        + "`SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME` FROM `SOURCE_SQL_STREAM_001` UNION ALL "
                        + "SELECT CAST(`SOURCE_SQL_STREAM_001`.`TICKER_SYMBOL` AS VARCHAR(4)) AS `TICKER`, CAST(NULL AS DOUBLE) AS `AVERAGE`, "
                        + "CAST(SUM(`SOURCE_SQL_STREAM_001`.`PRICE`) OVER (PARTITION BY `SOURCE_SQL_STREAM_001`.`TICKER_SYMBOL` "
                        + "ORDER BY `SOURCE_SQL_STREAM_001`.`ROWTIME` ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS DOUBLE) AS `LAST_THREE`, "
                        + "`SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME` FROM `SOURCE_SQL_STREAM_001`");
    }

    @Test
    void translatesKdaFunctionsToTheirUdfsAndLiteralsToFlinkLiterals() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (a BIGINT, b TIMESTAMP, c VARCHAR(30), d TIMESTAMP, e INTEGER, f VARCHAR(8));
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM UNIX_TIMESTAMP(ROWTIME), CHAR_TO_TIMESTAMP('yyyy-MM-dd', t), TIMESTAMP_TO_CHAR('HH:mm', ROWTIME),
                    STEP(ROWTIME BY INTERVAL '5' MINUTE), STEP(n BY 10), u&'\\00e9t\\00e9' || 'l''x' -- ; not a split
                  FROM "SOURCE_SQL_STREAM_001" WHERE n != 3 /* ; neither */;
                """, "SOURCE_SQL_STREAM", "T VARCHAR(10)", "N INTEGER"));

        assertThat(translation.problems()).isEmpty();
        String s = "`SOURCE_SQL_STREAM_001`.";
        assertThat(translation.statements()).containsExactly(
                "CREATE TEMPORARY VIEW `OUT` AS SELECT CAST(KDA_UNIX_TIMESTAMP(" + s + "`ROWTIME`) AS BIGINT) AS `A`, "
                        + "CAST(KDA_CHAR_TO_TIMESTAMP('yyyy-MM-dd', " + s + "`T`) AS TIMESTAMP(3)) AS `B`, "
                        + "CAST(KDA_TIMESTAMP_TO_CHAR('HH:mm', " + s + "`ROWTIME`) AS VARCHAR(30)) AS `C`, "
                        + "CAST(KDA_STEP_TIMESTAMP(" + s + "`ROWTIME`, 300000) AS TIMESTAMP(3)) AS `D`, "
                        + "CAST(KDA_STEP(" + s + "`N`, 10) AS INT) AS `E`, CAST('été' || 'l''x' AS VARCHAR(8)) AS `F`, "
                        + s + "`ROWTIME` AS `ROWTIME` FROM `SOURCE_SQL_STREAM_001` WHERE " + s + "`N` <> 3");
    }

    @Test
    void namesOneInputStreamPerParallelismIndex() {
        SqlApplication application = new SqlApplication("app", "arn", 1, "CREATE STREAM s (a INTEGER);",
                List.of(TestingKdaApplications.input("SOURCE_SQL_STREAM", 3, "a INTEGER")), List.of(), List.of());

        Translation translation = KdaSqlTranslator.translate(application);

        assertThat(translation.problems()).isEmpty();
        assertThat(translation.inputStreams()).extracting(InAppStream::name)
                .containsExactly("SOURCE_SQL_STREAM_001", "SOURCE_SQL_STREAM_002", "SOURCE_SQL_STREAM_003");
        assertThat(translation.outputQueries()).containsExactly(Map.entry("S", "SELECT `A` FROM `S`"));
    }

    @Test
    void rejectsGroupByWithoutARowtimeWindow() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (ticker VARCHAR(4), c BIGINT);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM ticker_symbol, COUNT(*) FROM "SOURCE_SQL_STREAM_001"
                  GROUP BY ticker_symbol;
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)"));

        assertThat(translation.problems()).containsExactly(new CodeProblem(4, 3,
                "Streaming aggregation requires a monotonic expression in GROUP BY: group by STEP(<stream>.ROWTIME BY INTERVAL ...) or FLOOR(<stream>.ROWTIME TO <unit>)"));
    }

    @Test
    void rejectsAggregatesWithoutGroupByOrOver() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (c BIGINT);
                CREATE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001";
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)"));

        assertThat(translation.problems()).containsExactly(new CodeProblem(2, 52,
                "Streaming aggregation requires a monotonic expression in GROUP BY: group by STEP(<stream>.ROWTIME BY INTERVAL ...) or FLOOR(<stream>.ROWTIME TO <unit>)"));
    }

    @Test
    void reportsUnknownStreamsAndColumnsWithFoldedNames() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" ("speed" DOUBLE);
                CREATE PUMP "P1" AS INSERT INTO "OUT" SELECT STREAM speed FROM "sg12_prefix_001";
                CREATE PUMP "P2" AS INSERT INTO "OUT" SELECT STREAM "speed" FROM sg12_prefix_001;
                CREATE PUMP "P3" AS INSERT INTO "OUT" SELECT STREAM x."speed" FROM "sg12_prefix_001" AS s;
                CREATE PUMP "P4" AS INSERT INTO out2 SELECT STREAM "speed" FROM "sg12_prefix_001";
                """, "sg12_prefix", "speed DOUBLE"));

        assertThat(translation.problems()).containsExactlyInAnyOrder(
                new CodeProblem(5, 33, "Object 'OUT2' not found"),
                new CodeProblem(2, 53, "Column 'SPEED' not found in any table"),
                new CodeProblem(3, 66, "Object 'SG12_PREFIX_001' not found"),
                new CodeProblem(4, 53, "Table 'X' not found"));
    }

    @Test
    void reportsEveryBadStatementWithItsPosition() {
        Translation translation = KdaSqlTranslator.translate(application("""
                DROP STREAM "X";
                CREATE STREAM "OUT" (a INTEGER, b VARCHAR(4));
                CREATE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM n FROM "SOURCE_SQL_STREAM_001";
                CREATE PUMP "Q" AS INSERT INTO "OUT" SELECT n, 'x' FROM "SOURCE_SQL_STREAM_001";
                CREATE STREAM "BAD" (a INTEGER(3));
                CREATE PUMP "R" AS INSERT INTO "OUT" SELECT STREAM NO_SUCH(n), 'x' FROM "SOURCE_SQL_STREAM_001";
                SELECT STREAM 'unterminated FROM x;
                """, "SOURCE_SQL_STREAM", "N INTEGER"));

        assertThat(translation.problems()).containsExactly(
                new CodeProblem(7, 15, "Unterminated string literal"));

        Translation statements = KdaSqlTranslator.translate(application("""
                DROP STREAM "X";
                CREATE STREAM "OUT" (a INTEGER, b VARCHAR(4));
                CREATE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM n FROM "SOURCE_SQL_STREAM_001";
                CREATE PUMP "Q" AS INSERT INTO "OUT" SELECT n, 'x' FROM "SOURCE_SQL_STREAM_001";
                CREATE STREAM "BAD" (a INTEGER(3));
                CREATE PUMP "R" AS INSERT INTO "OUT" SELECT STREAM NO_SUCH(n), 'x' FROM "SOURCE_SQL_STREAM_001";
                """, "SOURCE_SQL_STREAM", "N INTEGER"));

        assertThat(statements.problems()).containsExactly(
                new CodeProblem(1, 1, "Unsupported statement: only CREATE [OR REPLACE] STREAM and CREATE [OR REPLACE] PUMP are allowed in application code, found \"DROP\""),
                new CodeProblem(4, 38, "Cannot INSERT a relational query into a stream: a pump needs SELECT STREAM"),
                new CodeProblem(5, 24, "Type INTEGER takes no size: INTEGER(3)"),
                new CodeProblem(3, 38, "Number of INSERT target columns (2) does not equal number of source items (1)"),
                new CodeProblem(6, 52, "No match found for function signature NO_SUCH"));
    }

    @Test
    void reportsUnsupportedConstructsInsteadOfTranslatingThemWrongly() {
        assertThat(problems("SELECT STREAM DISTINCT ticker_symbol, price FROM \"SOURCE_SQL_STREAM_001\""))
                .containsExactly(new CodeProblem(2, 38, "SELECT STREAM DISTINCT requires a monotonic expression among its items: "
                        + "select ROWTIME, STEP(<stream>.ROWTIME BY INTERVAL ...) or FLOOR(<stream>.ROWTIME TO <unit>)"));
        assertThat(problems("SELECT STREAM s.ticker_symbol, t.price FROM \"SOURCE_SQL_STREAM_001\" AS s JOIN \"SOURCE_SQL_STREAM_001\" AS t ON s.price = t.price"))
                .containsExactly(new CodeProblem(2, 116, "A join of two streams needs a window on the joined stream: "
                        + "JOIN <stream> OVER (RANGE INTERVAL ... PRECEDING) AS <alias>"));
        assertThat(problems("SELECT STREAM * FROM TABLE(NO_SUCH_FUNCTION(CURSOR(SELECT STREAM * FROM \"SOURCE_SQL_STREAM_001\")))"))
                .containsExactly(new CodeProblem(2, 65, "Not supported yet: table function NO_SUCH_FUNCTION"));
        assertThat(problems("SELECT STREAM ticker_symbol, AVG(price) OVER (ROWS 2 PRECEDING) FROM \"SOURCE_SQL_STREAM_001\" WHERE price > 0"
                + " AND 1 = 1 OR SUM(price) OVER (ROWS 3 PRECEDING) > 0"))
                .containsExactly(new CodeProblem(2, 102, "OVER is not allowed in WHERE or GROUP BY"));
        assertThat(problems("SELECT STREAM REGEX_LOG_PARSE(ticker_symbol, 'x'), price FROM \"SOURCE_SQL_STREAM_001\""))
                .containsExactly(new CodeProblem(2, 52, "Not supported yet: function REGEX_LOG_PARSE"));
        assertThat(problems("SELECT STREAM ticker_symbol, price FROM \"SOURCE_SQL_STREAM_001\" ORDER BY price"))
                .containsExactly(new CodeProblem(2, 111, "Not supported yet: ORDER BY on anything but ROWTIME or the window (rows come out in ROWTIME order, per window)"));
    }

    @Test
    void translatesAStaggerWindowToKeyedRowsTheStaggerFunctionAndAOneMillisecondTumble() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (ticker VARCHAR(4), trades BIGINT, row_time TIMESTAMP);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM s.ticker_symbol, COUNT(*), s.ROWTIME FROM "SOURCE_SQL_STREAM_001" AS s WHERE s.price > 0
                  WINDOWED BY STAGGER (PARTITION BY s.ticker_symbol RANGE INTERVAL '90' SECOND);
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE"));

        assertThat(translation.problems()).isEmpty();
        assertThat(translation.statements()).containsExactly(
                "CREATE TEMPORARY VIEW `HYDRANT_STAGGER_1_ROWS` AS SELECT `S`.`TICKER_SYMBOL` AS `HYDRANT_KEY`, `S`.`TICKER_SYMBOL`, `S`.`PRICE`, "
                        + "`S`.`ROWTIME` FROM `SOURCE_SQL_STREAM_001` AS `S` WHERE `S`.`PRICE` > 0",
                "CREATE TEMPORARY VIEW `HYDRANT_STAGGER_1` AS SELECT `TICKER_SYMBOL`, `PRICE`, `ROWTIME`, `rowtime` AS `HYDRANT_CLOSE` "
                        + "FROM KDA_STAGGER_WINDOW(input => TABLE `HYDRANT_STAGGER_1_ROWS` PARTITION BY `HYDRANT_KEY`, "
                        + "range_millis => CAST(90000 AS BIGINT), on_time => DESCRIPTOR(`ROWTIME`), uid => 'stagger_P_1')",
                "CREATE TEMPORARY VIEW `OUT` AS SELECT CAST(`S`.`TICKER_SYMBOL` AS VARCHAR(4)) AS `TICKER`, CAST(COUNT(*) AS BIGINT) AS `TRADES`, "
                        + "CAST(`S`.`window_end` AS TIMESTAMP(3)) AS `ROW_TIME`, `S`.`window_time` AS `ROWTIME` "
                        + "FROM TABLE(TUMBLE(TABLE `HYDRANT_STAGGER_1`, DESCRIPTOR(`HYDRANT_CLOSE`), INTERVAL '0.001' SECOND(2, 3))) AS `S` "
                        + "GROUP BY `S`.`TICKER_SYMBOL`, `S`.`window_start`, `S`.`window_end`, `S`.`window_time`");
    }

    @Test
    void translatesDifferentOverWindowsToOneNestedQueryPerWindow() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (a DOUBLE, b DOUBLE, c DOUBLE);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM AVG(price) OVER W, SUM(price) OVER (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE PRECEDING), MAX(price) OVER W
                  FROM "SOURCE_SQL_STREAM_001" WHERE price > 0
                  WINDOW W AS (ROWS 2 PRECEDING);
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE"));

        assertThat(translation.problems()).isEmpty();
        String s = "`SOURCE_SQL_STREAM_001`.";
        assertThat(translation.statements()).containsExactly(
                "CREATE TEMPORARY VIEW `OUT` AS SELECT CAST(" + s + "`HYDRANT_OVER_0` AS DOUBLE) AS `A`, CAST(" + s + "`HYDRANT_OVER_1` AS DOUBLE) AS `B`, "
                        + "CAST(" + s + "`HYDRANT_OVER_2` AS DOUBLE) AS `C`, " + s + "`ROWTIME` AS `ROWTIME` FROM ("
                        + "SELECT " + s + "`TICKER_SYMBOL`, " + s + "`PRICE`, " + s + "`ROWTIME`, " + s + "`HYDRANT_OVER_0`, " + s + "`HYDRANT_OVER_2`, "
                        + "SUM(" + s + "`PRICE`) OVER (PARTITION BY " + s + "`TICKER_SYMBOL` ORDER BY " + s + "`ROWTIME` "
                        + "RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW) AS `HYDRANT_OVER_1` FROM ("
                        + "SELECT " + s + "`TICKER_SYMBOL`, " + s + "`PRICE`, " + s + "`ROWTIME`, "
                        + "AVG(" + s + "`PRICE`) OVER (ORDER BY " + s + "`ROWTIME` ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS `HYDRANT_OVER_0`, "
                        + "MAX(" + s + "`PRICE`) OVER (ORDER BY " + s + "`ROWTIME` ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS `HYDRANT_OVER_2` "
                        + "FROM `SOURCE_SQL_STREAM_001` WHERE " + s + "`PRICE` > 0) AS `SOURCE_SQL_STREAM_001`) AS `SOURCE_SQL_STREAM_001`");
    }

    @Test
    void translatesUnionAllInAPumpToAUnionOfQueriesCastToTheTarget() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (a VARCHAR(4), b DOUBLE);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_001" UNION ALL SELECT STREAM 'X', price * 2 FROM "SOURCE_SQL_STREAM_001";
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE"));

        assertThat(translation.problems()).isEmpty();
        String s = "`SOURCE_SQL_STREAM_001`.";
        assertThat(translation.statements()).containsExactly(
                "CREATE TEMPORARY VIEW `OUT` AS SELECT CAST(" + s + "`TICKER_SYMBOL` AS VARCHAR(4)) AS `A`, CAST(" + s + "`PRICE` AS DOUBLE) AS `B`, "
                        + s + "`ROWTIME` AS `ROWTIME` FROM `SOURCE_SQL_STREAM_001` UNION ALL "
                        + "SELECT CAST('X' AS VARCHAR(4)) AS `A`, CAST(" + s + "`PRICE` * 2 AS DOUBLE) AS `B`, " + s + "`ROWTIME` AS `ROWTIME` "
                        + "FROM `SOURCE_SQL_STREAM_001`");
    }

    @Test
    void rejectsInvalidStaggerWindowsWithTheirPositions() {
        String from = "SELECT STREAM ticker_symbol, COUNT(*) FROM \"SOURCE_SQL_STREAM_001\" AS s ";
        assertRejected(from + "WINDOWED STAGGER (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE)", "WINDOWED",
                "Expected BY after WINDOWED: WINDOWED BY STAGGER (PARTITION BY ... RANGE INTERVAL ...)");
        assertRejected(from + "WINDOWED BY TUMBLE (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE)", "TUMBLE",
                "Expected WINDOWED BY STAGGER (PARTITION BY <keys> RANGE INTERVAL '<n>' SECOND|MINUTE|HOUR|DAY)");
        assertRejected(from + "WINDOWED BY STAGGER PARTITION BY ticker_symbol", "PARTITION",
                "Expected \"(\" after STAGGER: WINDOWED BY STAGGER (PARTITION BY <keys> RANGE INTERVAL '<n>' SECOND|MINUTE|HOUR|DAY)");
        assertRejected(from + "WINDOWED BY STAGGER (RANGE INTERVAL '1' MINUTE)", "RANGE",
                "Expected PARTITION BY in WINDOWED BY STAGGER (PARTITION BY <keys> RANGE INTERVAL '<n>' SECOND|MINUTE|HOUR|DAY)");
        assertRejected(from + "WINDOWED BY STAGGER (PARTITION BY ticker_symbol)", ")",
                "Expected RANGE INTERVAL after the partition keys: WINDOWED BY STAGGER (PARTITION BY <keys> RANGE INTERVAL '<n>' SECOND|MINUTE|HOUR|DAY)");
        assertRejected(from + "WINDOWED BY STAGGER (PARTITION BY RANGE INTERVAL '1' MINUTE)", "RANGE",
                "Expected a partition key after PARTITION BY");
        assertRejected(from + "WINDOWED BY STAGGER (PARTITION BY ticker_symbol RANGE INTERVAL '1' MONTH)", "INTERVAL",
                "Expected RANGE INTERVAL '<n>' SECOND|MINUTE|HOUR|DAY in WINDOWED BY STAGGER (PARTITION BY <keys> RANGE INTERVAL '<n>' SECOND|MINUTE|HOUR|DAY)");
        assertRejected(from + "WINDOWED BY STAGGER (PARTITION BY ticker_symbol RANGE INTERVAL '0' MINUTE)", "'0'",
                "The stagger window's RANGE must be a positive whole number of MINUTES, found '0'");
        assertRejected(from + "WINDOWED BY STAGGER (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE) x", "x",
                "Unexpected \"x\" after the stagger window");
        assertRejected(from + "WINDOWED BY STAGGER (PARTITION BY COUNT(*) RANGE INTERVAL '1' MINUTE)", "COUNT(*) R",
                "Aggregate functions are not allowed in the stagger window's PARTITION BY");
        assertRejected(from + "GROUP BY price WINDOWED BY STAGGER (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE)", "GROUP",
                "With WINDOWED BY STAGGER, GROUP BY can list only the stagger window's partition keys (or be left out)");
        assertThat(problems(from + "GROUP BY s.ticker_symbol WINDOWED BY STAGGER (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE)")).isEmpty();
        assertRejected("SELECT STREAM x.ticker_symbol, COUNT(*) FROM (SELECT STREAM * FROM \"SOURCE_SQL_STREAM_001\") AS x "
                + "WINDOWED BY STAGGER (PARTITION BY x.ticker_symbol RANGE INTERVAL '1' MINUTE)", "WINDOWED",
                "Not supported yet: a stagger window over a sub-query (create a stream and a pump for it)");
        assertRejected("SELECT STREAM ticker_symbol, AVG(price) OVER (ROWS 2 PRECEDING) FROM \"SOURCE_SQL_STREAM_001\" "
                + "WINDOWED BY STAGGER (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE)", "WINDOWED",
                "Not supported yet: OVER windows in a GROUP BY query");
    }

    @Test
    void rejectsSetOperatorsOtherThanUnionAllOfStreams() {
        String stream = "SELECT STREAM ticker_symbol, price FROM \"SOURCE_SQL_STREAM_001\"";
        assertRejected(stream + " UNION " + stream, "UNION", "UNION cannot be applied to streams: UNION ALL is the only set operator for streams");
        assertRejected(stream + " EXCEPT " + stream, "EXCEPT", "EXCEPT cannot be applied to streams: UNION ALL is the only set operator for streams");
        assertRejected(stream + " UNION ALL SELECT ticker_symbol, price FROM \"SOURCE_SQL_STREAM_001\"", "SELECT ticker",
                "UNION ALL of a stream and a relation: both queries need SELECT STREAM");
        assertRejected("SELECT STREAM x.ticker_symbol, x.price FROM (" + stream + " UNION ALL " + stream + ") AS x", "UNION",
                "Not supported yet: UNION ALL in a sub-query (use UNION ALL in the pump's query, or feed a stream from several pumps)");
        assertRejected("SELECT STREAM ticker_symbol, COUNT(*) FROM \"SOURCE_SQL_STREAM_001\" AS s GROUP BY ticker_symbol, FLOOR(s.ROWTIME TO MINUTE) "
                + "UNION ALL " + stream, "SELECT STREAM ticker_symbol, price",
                "Not supported yet: UNION ALL of window aggregates and row queries (their ROWTIMEs differ)");
        assertThat(problems(stream + " UNION ALL")).containsExactly(new CodeProblem(2, 111, "Expected SELECT STREAM after UNION ALL, found end of statement"));
        assertRejected(stream + " UNION ALL SELECT STREAM ticker_symbol FROM \"SOURCE_SQL_STREAM_001\"", "SELECT STREAM ticker_symbol FROM",
                "Number of INSERT target columns (2) does not equal number of source items (1)");
    }

    @Test
    void rejectsDifferentOverWindowsInAJoin() {
        assertRejected("SELECT STREAM s.ticker_symbol, SUM(s.price) OVER (ROWS 1 PRECEDING) + MAX(t.price) OVER (ROWS 2 PRECEDING) "
                + "FROM \"SOURCE_SQL_STREAM_001\" AS s JOIN \"SOURCE_SQL_STREAM_001\" OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS t ON s.price = t.price",
                "SUM(s.price)", "Not supported yet: different OVER windows in a query with a join (join in a pump into a stream, then window that)");
    }

    @Test
    void translatesADivisionToASafeFormKeepsFailingRowsOutAndDescribesThemInAnErrorQuery() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (a INTEGER);
                CREATE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM x * y / z - 1 FROM "SOURCE_SQL_STREAM_001";
                """, "SOURCE_SQL_STREAM", "X INTEGER", "Y INTEGER", "Z INTEGER"));

        assertThat(translation.problems()).isEmpty();
        String s = "`SOURCE_SQL_STREAM_001`.";
        // the dividend is x * y: * and / bind alike, from the left
        String failure = "HYDRANT_DIVISION_BY_ZERO(" + s + "`X` * " + s + "`Y`, " + s + "`Z`)";
        assertThat(translation.statements()).containsExactly(
                "CREATE TEMPORARY VIEW `OUT` AS SELECT CAST(CASE WHEN " + failure + " THEN NULL ELSE (" + s + "`X` * " + s + "`Y`) / (" + s + "`Z`) END - 1 AS INT) AS `A`, "
                        + s + "`ROWTIME` AS `ROWTIME` FROM `SOURCE_SQL_STREAM_001` WHERE CASE WHEN (" + failure + ") THEN 1 END IS NULL");
        assertThat(translation.errorQueries()).containsExactly("SELECT HYDRANT_ERROR_TIME() AS `ERROR_TIME`, CAST('ERROR' AS VARCHAR(10)) AS `ERROR_LEVEL`, "
                + "CAST(CASE `HYDRANT_ERROR` WHEN 1 THEN 'Division_By_Zero' END AS VARCHAR(32)) AS `ERROR_NAME`, "
                + "CAST(CASE `HYDRANT_ERROR` WHEN 1 THEN 'line 2, column 58: division by zero' END AS VARCHAR(4096)) AS `MESSAGE`, "
                + "`HYDRANT_DATA_ROWTIME` AS `DATA_ROWTIME`, CAST(`HYDRANT_DATA_ROW` AS VARCHAR(49152)) AS `DATA_ROW`, CAST('P' AS VARCHAR(128)) AS `PUMP_NAME` "
                + "FROM (SELECT CASE WHEN (" + failure + ") THEN 1 END AS `HYDRANT_ERROR`, CAST(" + s + "`ROWTIME` AS TIMESTAMP(3)) AS `HYDRANT_DATA_ROWTIME`, "
                + "HYDRANT_DATA_ROW(" + s + "`X`, " + s + "`Y`, " + s + "`Z`) AS `HYDRANT_DATA_ROW` FROM `SOURCE_SQL_STREAM_001`) WHERE `HYDRANT_ERROR` IS NOT NULL");
    }

    @Test
    void checksOnlyWhatIsEvaluatedWheneverTheRowIs() {
        // a CASE result, COALESCE's second argument and what follows AND get the safe form without a check
        assertThat(errorQueries("SELECT STREAM CASE WHEN n = 0 THEN 0 ELSE 10 / n END, COALESCE(n, 10 / n) FROM \"SOURCE_SQL_STREAM_001\" "
                + "WHERE n <> 0 AND 10 / n > 1")).isEmpty();
        // the first WHEN condition, COALESCE's first argument and what comes before AND are evaluated for every row
        assertThat(errorQueries("SELECT STREAM CASE WHEN 10 / n = 1 THEN 0 END, COALESCE(MOD(10, n), 0) FROM \"SOURCE_SQL_STREAM_001\" "
                + "WHERE CAST(t AS INTEGER) > 1 AND n > 0")).singleElement().asString()
                .contains("'line 2, column 65: division by zero'", "'line 2, column 94: division by zero'",
                        "'line 2, column 144: cannot convert the value to INTEGER'");
    }

    @Test
    void castsTextWithTryCastAndOtherValuesAsBefore() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (a INTEGER, b INTEGER, c TIMESTAMP, d VARCHAR(8));
                CREATE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM CAST(t AS INTEGER), CAST(n * 2 AS INTEGER),
                  CAST(FLOOR(ROWTIME TO MINUTE) AS TIMESTAMP), CAST(n AS VARCHAR(8)) FROM "SOURCE_SQL_STREAM_001";
                """, "SOURCE_SQL_STREAM", "T VARCHAR(10)", "N DOUBLE"));

        assertThat(translation.problems()).isEmpty();
        String s = "`SOURCE_SQL_STREAM_001`.";
        assertThat(translation.statements().get(0)).startsWith("CREATE TEMPORARY VIEW `OUT` AS SELECT CAST(TRY_CAST(" + s + "`T` AS INT) AS INT) AS `A`, "
                + "CAST(CAST(" + s + "`N` * 2 AS INT) AS INT) AS `B`, CAST(CAST(FLOOR(" + s + "`ROWTIME` TO MINUTE) AS TIMESTAMP(3)) AS TIMESTAMP(3)) AS `C`, "
                + "CAST(CAST(" + s + "`N` AS VARCHAR(8)) AS VARCHAR(8)) AS `D`");
        assertThat(translation.errorQueries()).singleElement().asString()
                .contains("WHEN ((" + s + "`T`) IS NOT NULL AND TRY_CAST(" + s + "`T` AS INT) IS NULL) THEN 1", "'Type_Conversion_Error'");
    }

    @Test
    void checksAWindowAggregatesArgumentsOnRowsAndItsResultOnEachWindow() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "OUT" (a INTEGER, b INTEGER);
                CREATE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM SUM(x / y), SUM(x) / SUM(y) FROM "SOURCE_SQL_STREAM_001" AS s
                  GROUP BY STEP(s.ROWTIME BY INTERVAL '10' SECOND);
                """, "SOURCE_SQL_STREAM", "X INTEGER", "Y INTEGER"));

        assertThat(translation.problems()).isEmpty();
        String view = translation.statements().get(0);
        // the rows whose argument fails are kept out of the window; the windows whose result fails, out of the stream
        assertThat(view).startsWith("CREATE TEMPORARY VIEW `OUT` AS SELECT `A`, `B`, `ROWTIME` FROM (SELECT ")
                .contains("WHERE CASE WHEN (HYDRANT_DIVISION_BY_ZERO(`S`.`X`, `S`.`Y`)) THEN 1 END IS NULL GROUP BY")
                .contains("CASE WHEN (HYDRANT_DIVISION_BY_ZERO(SUM(`S`.`X`), SUM(`S`.`Y`))) THEN 1 END AS `HYDRANT_ERROR` FROM")
                .endsWith(") WHERE `HYDRANT_ERROR` IS NULL");
        assertThat(translation.errorQueries()).hasSize(2);
        assertThat(translation.errorQueries().get(0)).contains("FROM `SOURCE_SQL_STREAM_001` AS `S`) WHERE `HYDRANT_ERROR` IS NOT NULL");
        // a window's error row: DATA_ROWTIME is the window's end, DATA_ROW NULL
        assertThat(translation.errorQueries().get(1)).contains("CAST((`ROWTIME` + INTERVAL '0.001' SECOND(2, 3)) AS TIMESTAMP(3)) AS `HYDRANT_DATA_ROWTIME`, "
                + "CAST(NULL AS STRING) AS `HYDRANT_DATA_ROW`");
    }

    /** The error queries of one pump (on line 2, its SELECT at column 38) into a two-column stream. */
    private static List<String> errorQueries(String select) {
        Translation translation = KdaSqlTranslator.translate(application("CREATE STREAM \"OUT\" (a INTEGER, b INTEGER);\nCREATE PUMP \"P\" AS INSERT INTO \"OUT\" " + select + ";",
                "SOURCE_SQL_STREAM", "N INTEGER", "T VARCHAR(4)"));
        assertThat(translation.problems()).isEmpty();
        return translation.errorQueries();
    }

    /** Asserts that the pump of {@code select} has exactly one problem, at the last occurrence of {@code at} in it. */
    private static void assertRejected(String select, String at, String message) {
        assertThat(select).contains(at);
        assertThat(problems(select)).containsExactly(new CodeProblem(2, 38 + select.lastIndexOf(at), message));
    }

    /** The problems of one pump (on line 2, its SELECT at column 38) into a two-column stream. */
    private static List<CodeProblem> problems(String select) {
        return KdaSqlTranslator.translate(application("CREATE STREAM \"OUT\" (a VARCHAR(4), b DOUBLE);\nCREATE PUMP \"P\" AS INSERT INTO \"OUT\" " + select + ";",
                "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE")).problems();
    }
}
