package dev.hydrant.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.analytics.sql.KdaSqlTranslator;
import dev.hydrant.analytics.sql.Translation;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.SqlApplication;
import dev.hydrant.spi.SqlApplicationEngine;
import dev.hydrant.spi.SqlApplicationRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkSqlApplicationEngineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Translation> TRANSLATIONS = new HashMap<>();
    /** Run once when the named application is translated: during StartApplication, before the job reads anything. */
    private static final Map<String, Runnable> WHILE_TRANSLATING = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Function<SqlApplication, Translation> TRANSLATOR = application -> {
        Runnable hook = WHILE_TRANSLATING.remove(application.name());
        if (hook != null) {
            hook.run();
        }
        return TRANSLATIONS.getOrDefault(application.name(), ReferenceApplication.translation(application));
    };

    @TempDir
    static Path workDirectory;
    private static FlinkSqlApplicationEngine engine;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    @BeforeAll
    static void startEngine() {
        engine = newEngine();
    }

    private static FlinkSqlApplicationEngine newEngine() {
        return new FlinkSqlApplicationEngine(new FlinkEngineConfig(workDirectory.resolve("flink"), 8, Duration.ofMillis(200), 256, 16), TRANSLATOR);
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Test
    void referenceApplicationAppendsFastRowsAsCsv(@TempDir Path state) {
        TestingContext context = new TestingContext(state, clock::get);
        TestingRecordLog input = context.createLog(ReferenceApplication.INPUT_STREAM, 1);
        TestingRecordLog output = context.createLog(ReferenceApplication.OUTPUT_STREAM, 1);
        input.append(0, List.of(
                ReferenceApplication.telemetry(190.4740611874923, 15251, 2, 0.9408792285559685),
                ReferenceApplication.telemetry(200.0, 15300, 3, 0.5),
                ReferenceApplication.telemetry(205.25, 15400, 8, 1.0)), 1_700_000_000_000L);
        input.append(0, List.of(
                ReferenceApplication.telemetry(199.99999, 15500, 4, 0.25),
                ReferenceApplication.telemetry(1.0E7, 16000, 5, 0.125)), 1_700_000_001_000L);

        SqlApplicationRun run = engine.start(ReferenceApplication.application("reference", 1, List.of()), Map.of("1.1", "TRIM_HORIZON"), context);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).hasSize(3));
            assertThat(String.join("", text(output))).isEqualTo(
                    "200.0,15300,3,0.5\n"
                    + "205.25,15400,8,1.0\n"
                    + "1.0E7,16000,5,0.125\n");
            assertThat(run.failure()).isNull();
        } finally {
            run.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void boundedRunReadsEveryPartitionToItsEndAtStartAndFinishes(@TempDir Path state) throws Exception {
        TestingContext context = new TestingContext(state, clock::get);
        TestingRecordLog input = context.createLog(ReferenceApplication.INPUT_STREAM, 2);
        TestingRecordLog output = context.createLog(ReferenceApplication.OUTPUT_STREAM, 1);
        input.append(0, List.of(ReferenceApplication.telemetry(201.0, 1, 1, 0.1), ReferenceApplication.telemetry(150.0, 2, 2, 0.2)), 1_700_000_000_000L);
        input.append(1, List.of(ReferenceApplication.telemetry(202.0, 3, 3, 0.3)), 1_700_000_001_000L);

        CompletableFuture<Void> run = engine.runBounded(ReferenceApplication.application("bounded", 1, List.of()), Map.of("1.1", "TRIM_HORIZON"), context);
        // past the end the run was started with: never read
        input.append(0, List.of(ReferenceApplication.telemetry(203.0, 4, 4, 0.4)), 1_700_000_002_000L);

        run.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(text(output)).containsExactlyInAnyOrder("201.0,1,1,0.1\n", "202.0,3,3,0.3\n");
    }

    @Test
    void nowSkipsRecordsAlreadyInTheLog(@TempDir Path state) {
        TestingContext context = new TestingContext(state, clock::get);
        TestingRecordLog input = context.createLog(ReferenceApplication.INPUT_STREAM, 2);
        TestingRecordLog output = context.createLog(ReferenceApplication.OUTPUT_STREAM, 1);
        input.append(0, List.of(ReferenceApplication.telemetry(250.0, 1, 1, 0.1)), 1_700_000_000_000L);

        SqlApplicationRun run = engine.start(ReferenceApplication.application("now", 1, List.of()), Map.of("1.1", "NOW"), context);
        try {
            // started once the source's consumer is registered
            await().atMost(TIMEOUT).until(() -> input.committedOffset("app-now-1.1", 0) != null);
            input.append(1, List.of(ReferenceApplication.telemetry(260.0, 2, 2, 0.2)), 1_700_000_002_000L);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).containsExactly("260.0,2,2,0.2\n"));
        } finally {
            run.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
        assertThat(text(output)).containsExactly("260.0,2,2,0.2\n");
    }

    @Test
    void nowIsTheMomentOfTheRequestSoRecordsSentWhileStartingAreRead(@TempDir Path state) {
        TestingContext context = new TestingContext(state, clock::get);
        TestingRecordLog input = context.createLog(ReferenceApplication.INPUT_STREAM, 2);
        TestingRecordLog output = context.createLog(ReferenceApplication.OUTPUT_STREAM, 1);
        input.append(0, List.of(ReferenceApplication.telemetry(250.0, 1, 1, 0.1)), 1_700_000_000_000L);
        // appended after the request, while the application is still STARTING (its code being translated)
        WHILE_TRANSLATING.put("starting", () ->
                input.append(1, List.of(ReferenceApplication.telemetry(270.0, 3, 3, 0.3)), 1_700_000_001_000L));

        SqlApplicationRun run = engine.start(ReferenceApplication.application("starting", 1, List.of()), Map.of("1.1", "NOW"), context);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).containsExactly("270.0,3,3,0.3\n"));
        } finally {
            run.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
        assertThat(WHILE_TRANSLATING).isEmpty();
        assertThat(text(output)).containsExactly("270.0,3,3,0.3\n");
    }

    @Test
    void lastStoppedPointResumesWithoutDuplicatesOrGaps(@TempDir Path state) {
        TestingContext context = new TestingContext(state, clock::get);
        TestingRecordLog input = context.createLog(ReferenceApplication.INPUT_STREAM, 2);
        TestingRecordLog output = context.createLog(ReferenceApplication.OUTPUT_STREAM, 1);
        SqlApplication application = ReferenceApplication.application("restart", 1, List.of());
        List<String> expected = new ArrayList<>();
        int rpm = 0;
        for (int batch = 0; batch < 4; batch++) {
            rpm = appendFastRecords(input, batch % 2, rpm, 25, expected);
        }

        SqlApplicationRun first = engine.start(application, Map.of("1.1", "TRIM_HORIZON"), context);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).hasSizeGreaterThanOrEqualTo(50));
        first.stop().orTimeout(60, TimeUnit.SECONDS).join();

        // records arriving while stopped, then a restart from the savepoint
        for (int batch = 0; batch < 2; batch++) {
            rpm = appendFastRecords(input, batch, rpm, 25, expected);
        }
        SqlApplicationRun second = engine.start(application, Map.of("1.1", "LAST_STOPPED_POINT"), context);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).hasSizeGreaterThanOrEqualTo(expected.size()));
            rpm = appendFastRecords(input, 1, rpm, 10, expected);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).hasSizeGreaterThanOrEqualTo(expected.size()));
        } finally {
            second.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
        assertThat(text(output)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void stopRightAfterStartWaitsForTheJobAndTakesASavepoint(@TempDir Path state) {
        TestingContext context = new TestingContext(state, clock::get);
        TestingRecordLog input = context.createLog(ReferenceApplication.INPUT_STREAM, 1);
        TestingRecordLog output = context.createLog(ReferenceApplication.OUTPUT_STREAM, 1);
        SqlApplication application = ReferenceApplication.application("quick-stop", 1, List.of());
        List<String> expected = new ArrayList<>();
        int rpm = appendFastRecords(input, 0, 0, 25, expected);

        // the job is still initializing when the stop comes: it must neither fail nor be left running
        SqlApplicationRun first = engine.start(application, Map.of("1.1", "TRIM_HORIZON"), context);
        first.stop().orTimeout(60, TimeUnit.SECONDS).join();
        assertThat(first.failure()).isNull();
        assertThat(ApplicationState.lastStoppedPoint(state)).isPresent();

        appendFastRecords(input, 0, rpm, 25, expected);
        SqlApplicationRun second = engine.start(application, Map.of("1.1", "LAST_STOPPED_POINT"), context);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).hasSizeGreaterThanOrEqualTo(expected.size()));
        } finally {
            second.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
        assertThat(text(output)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void lastStoppedPointAfterACrashResumesFromTheRetainedCheckpointWithoutDuplicates(@TempDir Path state) {
        TestingContext context = new TestingContext(state, clock::get);
        TestingRecordLog input = context.createLog(ReferenceApplication.INPUT_STREAM, 1);
        TestingRecordLog output = context.createLog(ReferenceApplication.OUTPUT_STREAM, 1);
        SqlApplication application = ReferenceApplication.application("crash", 1, List.of());
        List<String> expected = new ArrayList<>();
        int rpm = appendFastRecords(input, 0, 0, 40, expected);

        FlinkSqlApplicationEngine crashing = newEngine();
        try {
            crashing.start(application, Map.of("1.1", "TRIM_HORIZON"), context);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).hasSize(40));
            rpm = appendFastRecords(input, 0, rpm, 5, expected);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).hasSize(45));
        } finally {
            crashing.close();
        }
        rpm = appendFastRecords(input, 0, rpm, 5, expected);

        SqlApplicationRun resumed = engine.start(application, Map.of("1.1", "LAST_STOPPED_POINT"), context);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).hasSizeGreaterThanOrEqualTo(expected.size()));
        } finally {
            resumed.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
        assertThat(text(output)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void rowsThatFailCoercionGoToErrorStream(@TempDir Path state) {
        TestingContext context = new TestingContext(state, clock::get);
        TestingRecordLog input = context.createLog(ReferenceApplication.INPUT_STREAM, 1);
        TestingRecordLog output = context.createLog(ReferenceApplication.OUTPUT_STREAM, 1);
        TestingRecordLog errors = context.createLog("errors", 1);
        byte[] bad = "{\"speed\": \"fast\", \"rpm\": 1}".getBytes(StandardCharsets.UTF_8);
        input.append(0, List.of(bad, ReferenceApplication.telemetry(210.0, 7, 7, 0.7)), 1_700_000_000_000L);
        clock.set(1_700_000_005_000L);

        SqlApplication application = ReferenceApplication.application("errors", 1,
                List.of(new SqlApplication.Output("1.2", "error_stream", "errors", "JSON")));
        SqlApplicationRun run = engine.start(application, Map.of("1.1", "TRIM_HORIZON"), context);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(errors)).hasSize(1));
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).containsExactly("210.0,7,7,0.7\n"));
        } finally {
            run.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
        assertThat(text(errors)).containsExactly("{\"ERROR_TIME\":\"2023-11-14 22:13:25.000\",\"ERROR_LEVEL\":\"ERROR\","
                + "\"ERROR_NAME\":\"Type_Conversion_Error\",\"MESSAGE\":\"column \\\"speed\\\": cannot convert text to DOUBLE\","
                + "\"DATA_ROWTIME\":\"2023-11-14 22:13:20.000\",\"DATA_ROW\":\"" + hex(bad) + "\",\"PUMP_NAME\":null}");
    }

    @Test
    void rowsAPumpFailsOnGoToErrorStreamAndTheApplicationGoesOn(@TempDir Path state) {
        TestingContext context = new TestingContext(state, clock::get);
        TestingRecordLog input = context.createLog(ReferenceApplication.INPUT_STREAM, 1);
        TestingRecordLog output = context.createLog(ReferenceApplication.OUTPUT_STREAM, 1);
        TestingRecordLog errors = context.createLog("pump-errors", 1);
        input.append(0, List.of(ReferenceApplication.telemetry(210.0, 7, 7, 0.7), ReferenceApplication.telemetry(205.0, 8, 0, 0.5)), 1_700_000_000_000L);
        clock.set(1_700_000_005_000L);
        SqlApplication reference = ReferenceApplication.application("pump-errors", 1,
                List.of(new SqlApplication.Output("1.2", "error_stream", "pump-errors", "CSV")));
        SqlApplication application = new SqlApplication(reference.name(), reference.arn(), 1, """
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" ("speed" DOUBLE, "rpm" INTEGER, "gear" INTEGER, "throttle" DOUBLE);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                SELECT STREAM "speed", "rpm" / "gear", "gear", "throttle" FROM "sg12_prefix_001";
                """, reference.inputs(), reference.outputs(), List.of());
        TRANSLATIONS.put("pump-errors", KdaSqlTranslator.translate(application));

        SqlApplicationRun run = engine.start(application, Map.of("1.1", "TRIM_HORIZON"), context);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(errors)).hasSize(1));
            input.append(0, List.of(ReferenceApplication.telemetry(200.0, 9, 3, 0.25)), 1_700_000_006_000L);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).containsExactly("210.0,1,7,0.7\n", "200.0,3,3,0.25\n"));
            assertThat(run.failure()).isNull();
        } finally {
            run.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
        // DATA_ROW: the pump's input row as CSV; the 27 columns the code never names are not converted, so empty
        String row = "205.0,8,0,0.5" + ",".repeat(27);
        assertThat(text(errors)).containsExactly("2023-11-14 22:13:25.000,ERROR,Division_By_Zero,\"line 3, column 30: division by zero\","
                + "2023-11-14 22:13:20.000," + hex(row.getBytes(StandardCharsets.UTF_8)) + ",STREAM_PUMP\n");
    }

    @Test
    void staggerWindowsStayOpenAcrossAStopAndCloseAfterTheRestart(@TempDir Path state) {
        TestingContext context = new TestingContext(state, clock::get);
        TestingRecordLog input = context.createLog(ReferenceApplication.INPUT_STREAM, 1);
        TestingRecordLog output = context.createLog(ReferenceApplication.OUTPUT_STREAM, 1);
        SqlApplication reference = ReferenceApplication.application("stagger", 1, List.of());
        SqlApplication application = new SqlApplication(reference.name(), reference.arn(), 1, """
                CREATE STREAM "DESTINATION_SQL_STREAM" ("gear" INTEGER, trades BIGINT, "rpm" INTEGER, row_time TIMESTAMP);
                CREATE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM "gear", COUNT(*), SUM("rpm"), ROWTIME FROM "sg12_prefix_001"
                  WINDOWED BY STAGGER (PARTITION BY "gear" RANGE INTERVAL '10' SECOND);
                """, reference.inputs(), reference.outputs(), List.of());
        TRANSLATIONS.put("stagger", KdaSqlTranslator.translate(application));
        input.append(0, List.of(ReferenceApplication.telemetry(1.0, 1, 2, 0.5)), 1_700_000_000_000L);
        input.append(0, List.of(ReferenceApplication.telemetry(1.0, 2, 2, 0.5)), 1_700_000_001_000L);
        input.append(0, List.of(ReferenceApplication.telemetry(1.0, 4, 3, 0.5)), 1_700_000_002_000L);

        SqlApplicationRun first = engine.start(application, Map.of("1.1", "TRIM_HORIZON"), context);
        await().atMost(TIMEOUT).until(() -> Long.valueOf(3).equals(input.committedOffset("app-stagger-1.1", 0)));
        first.stop().orTimeout(60, TimeUnit.SECONDS).join();
        assertThat(text(output)).isEmpty();

        input.append(0, List.of(ReferenceApplication.telemetry(1.0, 8, 2, 0.5)), 1_700_000_015_000L);
        input.append(0, List.of(ReferenceApplication.telemetry(1.0, 16, 5, 0.5)), 1_700_000_030_000L);
        SqlApplicationRun second = engine.start(application, Map.of("1.1", "LAST_STOPPED_POINT"), context);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).hasSize(3));
            assertThat(second.failure()).isNull();
        } finally {
            second.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
        assertThat(text(output)).containsExactly(
                "2,2,3,2023-11-14 22:13:30.000\n", "3,1,4,2023-11-14 22:13:32.000\n", "2,1,8,2023-11-14 22:13:45.000\n");
    }

    @Test
    void validateReportsQueriesFlinkRejects() {
        SqlApplication application = ReferenceApplication.application("invalid", 1, List.of());
        TRANSLATIONS.put("invalid", new Translation(List.of(), List.of(), List.of(),
                Map.of("DESTINATION_SQL_STREAM", "SELECT `speed`, `nope` FROM `sg12_prefix_001`"), Map.of(), List.of()));

        List<SqlApplicationEngine.CodeProblem> problems = engine.validate(application);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.message()).contains("nope");
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.column()).isEqualTo(17);
        });
        assertThat(engine.validate(ReferenceApplication.application("valid", 1, List.of()))).isEmpty();
    }

    @Test
    void referenceTableFromAGzippedCsvObjectIsJoinedByLookup(@TempDir Path state) throws IOException {
        TestingContext context = new TestingContext(state, clock::get);
        TestingRecordLog input = context.createLog(ReferenceApplication.INPUT_STREAM, 1);
        TestingRecordLog output = context.createLog(ReferenceApplication.OUTPUT_STREAM, 1);
        context.store().put("reference-bucket", "gears/names.csv.gz", gzip("1|first\n2|second\n3|third\nfour|broken\n"));
        input.append(0, List.of(
                ReferenceApplication.telemetry(190.5, 100, 2, 0.5),
                ReferenceApplication.telemetry(200.0, 200, 8, 0.5),
                ReferenceApplication.telemetry(210.0, 300, 3, 0.5)), 1_700_000_000_000L);
        SqlApplication.ReferenceTable gears = new SqlApplication.ReferenceTable("1.2", "GEARS", "reference-bucket", "gears/names.csv.gz",
                new SqlApplication.RecordFormat("CSV", null, "\n", "|"),
                List.of(new SqlApplication.Column("GEAR", "INTEGER", null), new SqlApplication.Column("GEAR_NAME", "VARCHAR(8)", null)));
        SqlApplication reference = ReferenceApplication.application("lookup", 1, List.of());
        SqlApplication application = new SqlApplication(reference.name(), reference.arn(), 1, reference.code(), reference.inputs(),
                reference.outputs(), List.of(gears));
        // stand-in for the translator's reference join: JOIN "GEARS" AS g ON s."gear" = g.GEAR
        TRANSLATIONS.put("lookup", new Translation(List.of(), List.of(), List.of(), Map.of("DESTINATION_SQL_STREAM",
                "SELECT s.`speed`, s.`gear`, g.`GEAR_NAME` FROM `sg12_prefix_001` AS s "
                        + "JOIN `GEARS` FOR SYSTEM_TIME AS OF s.`HYDRANT_PROCTIME` AS g ON s.`gear` = g.`GEAR`"), Map.of(), List.of()));

        SqlApplicationRun run = engine.start(application, Map.of("1.1", "TRIM_HORIZON"), context);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).hasSize(2));
            assertThat(run.failure()).isNull();
        } finally {
            run.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
        assertThat(text(output)).containsExactly("190.5,2,second\n", "210.0,3,third\n");
    }

    @Test
    void startFailsWhenTheReferenceObjectIsMissing(@TempDir Path state) {
        TestingContext context = new TestingContext(state, clock::get);
        context.createLog(ReferenceApplication.INPUT_STREAM, 1);
        context.createLog(ReferenceApplication.OUTPUT_STREAM, 1);
        SqlApplication reference = ReferenceApplication.application("missing-reference", 1, List.of());
        SqlApplication application = new SqlApplication(reference.name(), reference.arn(), 1, reference.code(), reference.inputs(),
                reference.outputs(), List.of(new SqlApplication.ReferenceTable("1.2", "GEARS", "reference-bucket", "nope.csv",
                        new SqlApplication.RecordFormat("CSV", null, "\n", ","), List.of(new SqlApplication.Column("GEAR", "INTEGER", null)))));

        assertThatThrownBy(() -> engine.start(application, Map.of("1.1", "TRIM_HORIZON"), context))
                .isInstanceOf(HydrantException.class)
                .hasMessageContaining("s3://reference-bucket/nope.csv does not exist");
    }

    @Test
    void preprocessingLambdaTransformsDropsAndFailsRecords(@TempDir Path state) {
        TestingContext context = new TestingContext(state, clock::get);
        TestingRecordLog input = context.createLog("names-in", 1);
        TestingRecordLog output = context.createLog("names-out", 1);
        TestingRecordLog errors = context.createLog("names-errors", 1);
        // upper-cases "name"; drops "skip", fails "bad"; the whole invocation fails when a record is "boom"
        TestingFunctionInvoker functions = new TestingFunctionInvoker(FlinkSqlApplicationEngineTest::upperCasingPreprocessor);
        context.functions(functions);
        clock.set(1_700_000_005_000L);
        input.append(0, List.of(name("alpha", 1), name("skip", 2), name("bad", 3), name("omega", 4)), 1_700_000_000_000L);
        String preprocessor = "arn:aws:lambda:us-east-1:000000000000:function:upper";
        SqlApplication application = new SqlApplication("preprocessed", "arn:aws:kinesisanalytics:us-east-1:000000000000:application/preprocessed",
                1, "-- stand-in", List.of(new SqlApplication.Input("1.1", "names", "names-in", 1,
                        new SqlApplication.RecordFormat("JSON", "$", null, null),
                        List.of(new SqlApplication.Column("NAME", "VARCHAR(8)", "$.name"), new SqlApplication.Column("N", "INTEGER", "$.n")),
                        preprocessor)),
                List.of(new SqlApplication.Output("1.1", "DESTINATION_SQL_STREAM", "names-out", "CSV"),
                        new SqlApplication.Output("1.2", "error_stream", "names-errors", "JSON")),
                List.of());
        TRANSLATIONS.put("preprocessed", new Translation(List.of(), List.of(), List.of(),
                Map.of("DESTINATION_SQL_STREAM", "SELECT `NAME`, `N` FROM `names_001`"), Map.of(), List.of()));

        SqlApplicationRun run = engine.start(application, Map.of("1.1", "TRIM_HORIZON"), context);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(output)).hasSize(2));
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(errors)).hasSize(1));
            input.append(0, List.of(name("boom", 5)), 1_700_000_001_000L);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(text(errors)).hasSize(2));
            assertThat(run.failure()).isNull();
        } finally {
            run.stop().orTimeout(60, TimeUnit.SECONDS).join();
        }
        assertThat(text(output)).containsExactly("ALPHA,1\n", "OMEGA,4\n");
        assertThat(text(errors)).containsExactly(
                "{\"ERROR_TIME\":\"2023-11-14 22:13:25.000\",\"ERROR_LEVEL\":\"ERROR\",\"ERROR_NAME\":\"Lambda_Processing_Failed\","
                        + "\"MESSAGE\":\"function " + preprocessor + " returned ProcessingFailed\","
                        + "\"DATA_ROWTIME\":\"2023-11-14 22:13:20.000\",\"DATA_ROW\":\"" + hex(name("bad", 3)) + "\",\"PUMP_NAME\":null}",
                "{\"ERROR_TIME\":\"2023-11-14 22:13:25.000\",\"ERROR_LEVEL\":\"ERROR\",\"ERROR_NAME\":\"Lambda_Invocation_Failed\","
                        + "\"MESSAGE\":\"function " + preprocessor + " failed (Unhandled): RuntimeError: boom\","
                        + "\"DATA_ROWTIME\":\"2023-11-14 22:13:21.000\",\"DATA_ROW\":\"" + hex(name("boom", 5)) + "\",\"PUMP_NAME\":null}");
        assertThat(functions.functions()).containsOnly(preprocessor);
        JsonNode event = json(functions.events().get(0));
        assertThat(event.get("applicationArn").asText()).isEqualTo(application.arn());
        assertThat(event.get("streamArn").asText()).isEqualTo("arn:aws:firehose:us-east-1:000000000000:deliverystream/names-in");
        assertThat(event.get("invocationId").asText()).hasSize(36);
        assertThat(event.get("records")).hasSize(4);
        JsonNode first = event.get("records").get(0);
        assertThat(first.get("recordId").asText()).matches("\\d{56}");
        assertThat(Base64.getDecoder().decode(first.get("data").asText())).isEqualTo(name("alpha", 1));
        assertThat(first.get("kinesisFirehoseRecordMetadata").get("approximateArrivalTimestamp").asLong()).isEqualTo(1_700_000_000_000L);
    }

    private static FunctionResult upperCasingPreprocessor(byte[] payload) {
        ObjectNode response = JSON.createObjectNode();
        ArrayNode records = response.putArray("records");
        for (JsonNode record : json(payload).get("records")) {
            ObjectNode data = (ObjectNode) json(Base64.getDecoder().decode(record.get("data").asText()));
            String name = data.get("name").asText();
            if (name.equals("boom")) {
                return new FunctionResult("{\"errorMessage\": \"boom\", \"errorType\": \"RuntimeError\"}".getBytes(StandardCharsets.UTF_8),
                        FunctionResult.UNHANDLED);
            }
            ObjectNode answer = records.addObject().put("recordId", record.get("recordId").asText());
            if (name.equals("skip")) {
                answer.put("result", "Dropped");
            } else if (name.equals("bad")) {
                answer.put("result", "ProcessingFailed");
            } else {
                data.put("name", name.toUpperCase(Locale.ROOT));
                answer.put("result", "Ok").put("data", Base64.getEncoder().encodeToString(data.toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return FunctionResult.success(response.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] name(String name, int n) {
        return ("{\"name\":\"" + name + "\",\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(byte[] data) {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static int appendFastRecords(TestingRecordLog input, int partition, int firstRpm, int count, List<String> expected) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int rpm = firstRpm + i;
            records.add(ReferenceApplication.telemetry(150.0, rpm, 1, 0.5));
            records.add(ReferenceApplication.telemetry(200.5, rpm, 2, 0.5));
            expected.add("200.5," + rpm + ",2,0.5\n");
        }
        input.append(partition, records, 1_700_000_000_000L + firstRpm);
        return firstRpm + count;
    }

    private static List<String> text(TestingRecordLog log) {
        return log.records().stream().map(record -> new String(record, StandardCharsets.UTF_8)).toList();
    }

    private static String hex(byte[] data) {
        StringBuilder builder = new StringBuilder();
        for (byte b : data) {
            builder.append(String.format("%02x", b));
        }
        return builder.toString();
    }
}
