package dev.hydrant.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hydrant.analytics.sql.KdaSqlTranslator;
import dev.hydrant.spi.SqlApplication;
import dev.hydrant.spi.SqlApplicationRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The anomaly functions on the engine: their models are part of the application's state and survive a stop and restart. */
class FlinkSqlApplicationEngineAnomalyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String INPUT = "readings";
    private static final String SCORES = "scores";
    private static final String OUTLIERS = "outliers";
    private static final String CODE = """
            CREATE OR REPLACE STREAM "SCORES" ("x" DOUBLE, ANOMALY_SCORE DOUBLE);
            CREATE OR REPLACE PUMP "SCORE_PUMP" AS INSERT INTO "SCORES"
              SELECT STREAM "x", ANOMALY_SCORE
              FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM "x" FROM "SOURCE_SQL_STREAM_001"), 20, 10, 1000, 1));
            CREATE OR REPLACE STREAM "OUTLIERS" ("x" DOUBLE);
            CREATE OR REPLACE PUMP "OUTLIER_PUMP" AS INSERT INTO "OUTLIERS"
              SELECT STREAM "x" FROM "SCORES" WHERE ANOMALY_SCORE > 2;
            """;

    @TempDir
    static Path workDirectory;
    private static FlinkSqlApplicationEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = new FlinkSqlApplicationEngine(new FlinkEngineConfig(workDirectory.resolve("flink"), 4, Duration.ofMillis(200), 16, 16), KdaSqlTranslator::translate);
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Test
    void forestStateSurvivesStopAndRestartSoScoresEqualAnUninterruptedRun(@TempDir Path uninterruptedState, @TempDir Path restartedState) {
        List<byte[]> first = readings(0, 30);
        List<byte[]> second = readings(30, 60);

        TestingContext uninterrupted = new TestingContext(uninterruptedState, () -> 1_700_000_000_000L);
        TestingRecordLog uninterruptedInput = uninterrupted.createLog(INPUT, 1);
        TestingRecordLog expectedScores = uninterrupted.createLog(SCORES, 1);
        TestingRecordLog expectedOutliers = uninterrupted.createLog(OUTLIERS, 1);
        uninterruptedInput.append(0, first, 1_700_000_000_000L);
        uninterruptedInput.append(0, second, 1_700_000_060_000L);
        SqlApplicationRun whole = engine.start(application("whole"), Map.of("1.1", "TRIM_HORIZON"), uninterrupted);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(expectedScores)).hasSize(60));
        }
        finally {
            whole.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }

        TestingContext restarted = new TestingContext(restartedState, () -> 1_700_000_000_000L);
        TestingRecordLog input = restarted.createLog(INPUT, 1);
        TestingRecordLog scores = restarted.createLog(SCORES, 1);
        TestingRecordLog outliers = restarted.createLog(OUTLIERS, 1);
        input.append(0, first, 1_700_000_000_000L);
        SqlApplicationRun before = engine.start(application("restarted"), Map.of("1.1", "TRIM_HORIZON"), restarted);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(scores)).hasSize(30));
        }
        finally {
            before.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
        input.append(0, second, 1_700_000_060_000L);
        SqlApplicationRun after = engine.start(application("restarted"), Map.of("1.1", "LAST_STOPPED_POINT"), restarted);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(scores)).hasSize(60));
            assertThat(after.failure()).isNull();
        }
        finally {
            after.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }

        // the first 10 rows score 0 (learning), then the restored forest goes on as if never stopped
        assertThat(text(scores)).containsExactlyElementsOf(text(expectedScores));
        assertThat(text(scores).subList(0, 10)).allSatisfy(line -> assertThat(line).endsWith(",0.0\n"));
        assertThat(text(scores).subList(30, 60)).noneSatisfy(line -> assertThat(line).endsWith(",0.0\n"));
        assertThat(text(outliers)).containsExactlyElementsOf(text(expectedOutliers)).contains("25.0\n", "-20.0\n");
    }

    @Test
    void hotspotsWindowSurvivesStopAndRestart(@TempDir Path state) {
        String code = """
                CREATE OR REPLACE STREAM "HOT" ("label" VARCHAR(8));
                CREATE OR REPLACE PUMP "HOT_PUMP" AS INSERT INTO "HOT"
                  SELECT STREAM "label" FROM TABLE(HOTSPOTS(CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), 100, 0.2, 10))
                  WHERE POSITION('"density"' IN HOTSPOTS_RESULT) > 0;
                """;
        SqlApplication application = new SqlApplication("hot", "arn:aws:kinesisanalytics:us-east-1:000000000000:application/hot", 1, code,
                List.of(new SqlApplication.Input("1.1", "SOURCE_SQL_STREAM", INPUT, 1, new SqlApplication.RecordFormat("JSON", "$", null, null),
                        List.of(new SqlApplication.Column("label", "VARCHAR(8)", "$.label"), new SqlApplication.Column("x", "DOUBLE", "$.x"),
                                new SqlApplication.Column("y", "DOUBLE", "$.y")), null)),
                List.of(new SqlApplication.Output("2.1", "HOT", OUTLIERS, "CSV")), List.of());
        TestingContext context = new TestingContext(state, () -> 1_700_000_000_000L);
        TestingRecordLog input = context.createLog(INPUT, 1);
        TestingRecordLog hot = context.createLog(OUTLIERS, 1);
        // 6 points of a cluster before the stop and 6 after: only a remembered window has 10 of them from c10 on
        input.append(0, cluster(1, 6), 1_700_000_000_000L);
        SqlApplicationRun before = engine.start(application, Map.of("1.1", "TRIM_HORIZON"), context);
        try {
            await().atMost(TIMEOUT).until(() -> input.committedOffset("app-hot-1.1", 0) != null && input.committedOffset("app-hot-1.1", 0) == 6);
        }
        finally {
            before.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
        input.append(0, cluster(7, 12), 1_700_000_060_000L);
        SqlApplicationRun after = engine.start(application, Map.of("1.1", "LAST_STOPPED_POINT"), context);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(hot)).containsExactly("c10\n", "c11\n", "c12\n"));
            assertThat(after.failure()).isNull();
        }
        finally {
            after.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
    }

    private static List<byte[]> cluster(int from, int to) {
        List<byte[]> records = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            records.add(String.format(Locale.ROOT, "{\"label\": \"c%02d\", \"x\": %s, \"y\": %s}", i, 4 + i * 0.005, 4 - i * 0.005)
                    .getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    private static SqlApplication application(String name) {
        return new SqlApplication(name, "arn:aws:kinesisanalytics:us-east-1:000000000000:application/" + name, 1, CODE,
                List.of(new SqlApplication.Input("1.1", "SOURCE_SQL_STREAM", INPUT, 1, new SqlApplication.RecordFormat("JSON", "$", null, null),
                        List.of(new SqlApplication.Column("x", "DOUBLE", "$.x")), null)),
                List.of(new SqlApplication.Output("2.1", "SCORES", SCORES, "CSV"), new SqlApplication.Output("3.1", "OUTLIERS", OUTLIERS, "CSV")),
                List.of());
    }

    /** Readings around 1 with two outliers, row 20 (25.0) and row 45 (-20.0). */
    private static List<byte[]> readings(int from, int to) {
        List<byte[]> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            double x = i == 20 ? 25.0 : i == 45 ? -20.0 : 1 + (i % 7) * 0.05;
            records.add(String.format(Locale.ROOT, "{\"x\": %s}", x).getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    private static List<String> text(TestingRecordLog log) {
        return log.records().stream().map(record -> new String(record, StandardCharsets.UTF_8)).toList();
    }
}
