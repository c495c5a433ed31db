package dev.hydrant.analytics.sql;

import static dev.hydrant.analytics.sql.TestingFlinkRunner.at;
import static dev.hydrant.analytics.sql.TestingKdaApplications.application;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hydrant.spi.SqlApplication;
import dev.hydrant.spi.SqlApplicationEngine.CodeProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RANDOM_CUT_FOREST, RANDOM_CUT_FOREST_WITH_EXPLANATION and HOTSPOTS: translation, argument checks and runs on Flink. */
class KdaAnomalyFunctionsTest {
    /** The Developer Guide's anomaly detection application (without its ORDER BY ... ANOMALY_SCORE DESC). */
    private static final String HEART_RATES = """
            CREATE OR REPLACE STREAM "TEMP_STREAM" ("heartRate" INTEGER, "rateType" varchar(20), "ANOMALY_SCORE" DOUBLE);
            CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "TEMP_STREAM"
               SELECT STREAM "heartRate", "rateType", ANOMALY_SCORE
               FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001")));
            CREATE OR REPLACE STREAM "PER_MINUTE" (top_score DOUBLE, readings BIGINT, row_time TIMESTAMP);
            CREATE OR REPLACE PUMP "MINUTE_PUMP" AS INSERT INTO "PER_MINUTE"
               SELECT STREAM MAX(ANOMALY_SCORE), COUNT(*), t.ROWTIME FROM "TEMP_STREAM" AS t GROUP BY STEP(t.ROWTIME BY INTERVAL '1' MINUTE);
            """;

    @Test
    void translatesRandomCutForestWithKdasDefaultsIntoAProcessTableFunctionOverTheCursorsView() {
        Translation translation = KdaSqlTranslator.translate(application(HEART_RATES, "SOURCE_SQL_STREAM", "heartRate INTEGER", "rateType VARCHAR(20)"));

        assertThat(translation.problems()).isEmpty();
        assertThat(translation.statements().get(0)).isEqualTo(
                "CREATE TEMPORARY VIEW `HYDRANT_CURSOR_1` AS SELECT `SOURCE_SQL_STREAM_001`.`heartRate` AS `heartRate`, "
                        + "`SOURCE_SQL_STREAM_001`.`rateType` AS `rateType`, `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME` FROM `SOURCE_SQL_STREAM_001`");
        assertThat(translation.statements().get(1)).isEqualTo(
                "CREATE TEMPORARY VIEW `TEMP_STREAM` AS SELECT CAST(`RANDOM_CUT_FOREST`.`heartRate` AS INT) AS `heartRate`, "
                        + "CAST(`RANDOM_CUT_FOREST`.`rateType` AS VARCHAR(20)) AS `rateType`, "
                        + "CAST(`RANDOM_CUT_FOREST`.`ANOMALY_SCORE` AS DOUBLE) AS `ANOMALY_SCORE`, `RANDOM_CUT_FOREST`.`ROWTIME` AS `ROWTIME` "
                        + "FROM (SELECT `heartRate`, `rateType`, `ANOMALY_SCORE`, `rowtime` AS `ROWTIME` FROM TABLE(KDA_RANDOM_CUT_FOREST("
                        + "input => TABLE `HYDRANT_CURSOR_1`, numberOfTrees => 100, subSampleSize => 256, timeDecay => 100000, shingleSize => 1, "
                        + "on_time => DESCRIPTOR(`ROWTIME`), uid => 'hydrant-random-cut-forest-1'))) AS `RANDOM_CUT_FOREST`");
    }

    @Test
    void randomCutForestScoresZeroWhileLearningThenAnOutlierClearlyHigherAndKeepsRowtimeForWindows() {
        SqlApplication application = application(HEART_RATES, "SOURCE_SQL_STREAM", "heartRate INTEGER", "rateType VARCHAR(20)");
        Translation translation = KdaSqlTranslator.translate(application);
        Random random = new Random(42);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            boolean outlier = i == 280;
            Integer heartRate = outlier ? Integer.valueOf(180) : i == 290 ? null : Integer.valueOf(60 + random.nextInt(20));
            rows.add(Row.of(heartRate, outlier ? "HIGH" : "NORMAL", at("10:00:00").plusSeconds(i)));
        }

        List<String> output = TestingFlinkRunner.run(translation, "TEMP_STREAM", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).hasSize(300);
        List<Double> scores = output.stream().map(row -> Double.parseDouble(fields(row)[2])).toList();
        assertThat(scores.subList(0, 256)).containsOnly(0.0);
        assertThat(output.get(280)).startsWith("+I[180, HIGH, ");
        // a row without a value passes through, scores 0 and is not learned [U]
        assertThat(output.get(290)).isEqualTo("+I[null, NORMAL, 0.0]");
        double ordinary = 0;
        for (int i = 256; i < 300; i++) {
            if (i != 290) {
                assertThat(scores.get(i)).isPositive();
            }
            if (i != 280) {
                ordinary = Math.max(ordinary, scores.get(i));
            }
        }
        assertThat(scores.get(280)).isGreaterThan(2 * ordinary);
        // the output is still a stream with ROWTIME: a window over it closes each minute
        List<String> minutes = TestingFlinkRunner.run(translation, "PER_MINUTE", Map.of("SOURCE_SQL_STREAM_001", rows));
        assertThat(minutes).hasSize(5);
        assertThat(minutes.get(0)).isEqualTo("+I[0.0, 60, 2026-01-27T10:01]");
        assertThat(minutes.get(4)).isEqualTo("+I[" + scores.get(280) + ", 60, 2026-01-27T10:05]");
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
    }

    @Test
    void twoCallsAreTwoModelsEachWithItsOwnState() {
        Translation translation = KdaSqlTranslator.translate(application("""
                CREATE STREAM "SCORES" (model VARCHAR(8), x DOUBLE, score DOUBLE);
                CREATE PUMP "SMALL" AS INSERT INTO "SCORES"
                  SELECT STREAM 'small', x, ANOMALY_SCORE FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM x FROM "SOURCE_SQL_STREAM_001"), 20, 10, 1000, 1));
                CREATE PUMP "LARGE" AS INSERT INTO "SCORES"
                  SELECT STREAM 'large', x, ANOMALY_SCORE FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM x FROM "SOURCE_SQL_STREAM_001"), 20, 30, 1000, 1));
                """, "SOURCE_SQL_STREAM", "X DOUBLE"));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(Row.of(1.0 + i % 5, at("10:00:00").plusSeconds(i)));
        }

        List<String> output = TestingFlinkRunner.run(translation, "SCORES", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(translation.statements()).anySatisfy(statement -> assertThat(statement).contains("uid => 'hydrant-random-cut-forest-2'"));
        assertThat(output.stream().filter(row -> row.startsWith("+I[small,")).filter(row -> row.endsWith(", 0.0]"))).hasSize(10);
        assertThat(output.stream().filter(row -> row.startsWith("+I[large,")).filter(row -> row.endsWith(", 0.0]"))).hasSize(30);
        assertThat(output).hasSize(80);
    }

    @Test
    void randomCutForestWithExplanationExplainsEachNumericColumnInKdasJson() {
        SqlApplication application = application("""
                CREATE OR REPLACE STREAM "TEMP_STREAM" ("Systolic" INTEGER, "Diastolic" INTEGER, "BloodPressureLevel" varchar(20),
                    "ANOMALY_SCORE" DOUBLE, "ANOMALY_EXPLANATION" varchar(512));
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "TEMP_STREAM"
                   SELECT STREAM "Systolic", "Diastolic", "BloodPressureLevel", ANOMALY_SCORE, ANOMALY_EXPLANATION
                   FROM TABLE(RANDOM_CUT_FOREST_WITH_EXPLANATION(CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), 50, 30, 100000, 1, true));
                """, "SOURCE_SQL_STREAM", "Systolic INTEGER", "Diastolic INTEGER", "BloodPressureLevel VARCHAR(20)");
        Random random = new Random(7);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            boolean outlier = i == 50;
            rows.add(Row.of(outlier ? 210 : 110 + random.nextInt(15), 70 + random.nextInt(10), outlier ? "HIGH" : "NORMAL", at("10:00:00").plusSeconds(i)));
        }

        List<String> output = TestingFlinkRunner.run(KdaSqlTranslator.translate(application), "TEMP_STREAM", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).hasSize(60);
        assertThat(output.get(0)).endsWith(", 0.0, {\"Systolic\":{\"DIRECTION\":\"LOW\",\"STRENGTH\":\"0.0000\",\"ATTRIBUTION_SCORE\":\"0.0000\"},"
                + "\"Diastolic\":{\"DIRECTION\":\"LOW\",\"STRENGTH\":\"0.0000\",\"ATTRIBUTION_SCORE\":\"0.0000\"}}]");
        Pattern explanation = Pattern.compile("\\{\"Systolic\":\\{\"DIRECTION\":\"(HIGH|LOW)\",\"STRENGTH\":\"(\\d+\\.\\d{4})\",\"ATTRIBUTION_SCORE\":\"(\\d+\\.\\d{4})\"},"
                + "\"Diastolic\":\\{\"DIRECTION\":\"(HIGH|LOW)\",\"STRENGTH\":\"(\\d+\\.\\d{4})\",\"ATTRIBUTION_SCORE\":\"(\\d+\\.\\d{4})\"}}");
        for (String row : output) {
            String[] fields = fields(row);
            Matcher matcher = explanation.matcher(fields[4]);
            assertThat(matcher.matches()).as(row).isTrue();
            double attributions = Double.parseDouble(matcher.group(3)) + Double.parseDouble(matcher.group(6));
            assertThat(attributions).as(row).isCloseTo(Double.parseDouble(fields[3]), within(0.0002));
        }
        Matcher outlier = explanation.matcher(fields(output.get(50))[4]);
        assertThat(outlier.matches()).isTrue();
        assertThat(outlier.group(1)).isEqualTo("HIGH");
        assertThat(Double.parseDouble(outlier.group(3))).isGreaterThan(2 * Double.parseDouble(outlier.group(6)));
    }

    /** Also the Developer Guide's HOTSPOTS pump, which (as KDA accepts over a table function) has no STREAM keyword. */
    @Test
    void hotspotsFindsADenseClusterAndNothingInUniformNoise() {
        SqlApplication application = application("""
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" ("x" DOUBLE, "y" DOUBLE, "is_hot" VARCHAR(4), HOTSPOTS_RESULT VARCHAR(10000));
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                    SELECT "x", "y", "is_hot", "HOTSPOTS_RESULT"
                    FROM TABLE (HOTSPOTS(CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), 100, 0.3, 8));
                """, "SOURCE_SQL_STREAM", "x DOUBLE", "y DOUBLE", "is_hot VARCHAR(4)");
        Random random = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // 100 rows of noise over [0, 10)², then half of each row pair in the square [6, 7)×[2, 3)
            boolean hot = i >= 100 && i % 2 == 0;
            double x = hot ? 6 + random.nextDouble() : 10 * random.nextDouble();
            double y = hot ? 2 + random.nextDouble() : 10 * random.nextDouble();
            rows.add(Row.of(x, y, hot ? "Y" : "N", at("10:00:00").plusSeconds(i)));
        }

        List<String> output = TestingFlinkRunner.run(KdaSqlTranslator.translate(application), "DESTINATION_SQL_STREAM", Map.of("SOURCE_SQL_STREAM_001", rows));

        assertThat(output).hasSize(200);
        assertThat(output.subList(0, 100)).allSatisfy(row -> assertThat(row).endsWith(", {\"hotspots\":[]}]"));
        Matcher hotspot = Pattern.compile("\\{\"hotspots\":\\[\\{\"density\":([0-9.E]+),\"minValues\":\\[([0-9.E]+),([0-9.E]+)],"
                + "\"maxValues\":\\[([0-9.E]+),([0-9.E]+)]}]}").matcher(fields(output.get(199))[3]);
        assertThat(hotspot.matches()).as(output.get(199)).isTrue();
        assertThat(Double.parseDouble(hotspot.group(2))).isBetween(5.7, 6.3);
        assertThat(Double.parseDouble(hotspot.group(3))).isBetween(1.7, 2.3);
        assertThat(Double.parseDouble(hotspot.group(4))).isBetween(6.7, 7.3);
        assertThat(Double.parseDouble(hotspot.group(5))).isBetween(2.7, 3.3);
        assertThat(Double.parseDouble(hotspot.group(1))).isGreaterThan(20);
        assertThat(KdaSqlValidator.validate(application)).isEmpty();
    }

    @Test
    void reportsWrongArgumentsWithTheirPositions() {
        assertThat(problems("SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM * FROM \"S_001\"), 100, 256))"))
                .containsExactly(new CodeProblem(2, 65, "Invalid number of arguments to function 'RANDOM_CUT_FOREST'. Was expecting 1 or 5 arguments"));
        assertThat(problems("SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST_WITH_EXPLANATION(CURSOR(SELECT STREAM * FROM \"S_001\"), 100, 256, 100000, 1))"))
                .containsExactly(new CodeProblem(2, 65, "Invalid number of arguments to function 'RANDOM_CUT_FOREST_WITH_EXPLANATION'. Was expecting 1 or 6 arguments"));
        assertThat(problems("SELECT STREAM * FROM TABLE(HOTSPOTS(CURSOR(SELECT STREAM * FROM \"S_001\")))"))
                .containsExactly(new CodeProblem(2, 65, "Invalid number of arguments to function 'HOTSPOTS'. Was expecting 4 arguments"));
        String cursor = "CURSOR(SELECT STREAM * FROM \"S_001\")";
        assertThat(problems("SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(" + cursor + ", 'many', 256, 100000, 1))"))
                .containsExactly(new CodeProblem(2, 121, "Expected a whole number for numberOfTrees"));
        assertThat(problems("SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(" + cursor + ", 100, 5, 100000, 1))"))
                .containsExactly(new CodeProblem(2, 126, "subSampleSize must be between 10 and 1000"));
        assertThat(problems("SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(" + cursor + ", 100, 256, 200, 1))"))
                .containsExactly(new CodeProblem(2, 131, "subSampleSize (256) must be less than timeDecay (200)"));
        assertThat(problems("SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(" + cursor + ", 100, 256, 100000, 31))"))
                .containsExactly(new CodeProblem(2, 139, "shingleSize must be between 1 and 30"));
        assertThat(problems("SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST_WITH_EXPLANATION(" + cursor + ", 100, 256, 100000, 1, 'yes'))"))
                .containsExactly(new CodeProblem(2, 159, "Expected TRUE or FALSE for withDirectionality"));
        assertThat(problems("SELECT STREAM * FROM TABLE(HOTSPOTS(" + cursor + ", 50, 0.2, 17))"))
                .containsExactly(new CodeProblem(2, 112, "windowSize must be between 100 and 1000"));
        assertThat(problems("SELECT STREAM * FROM TABLE(HOTSPOTS(" + cursor + ", 100, 0, 17))"))
                .containsExactly(new CodeProblem(2, 117, "scanRadius must be greater than 0"));
        assertThat(problems("SELECT STREAM * FROM TABLE(HOTSPOTS(" + cursor + ", 100, 0.2, 101))"))
                .containsExactly(new CodeProblem(2, 122, "minimumNumberOfPointsInAHotspot must be between 2 and 100"));
        assertThat(problems("SELECT STREAM * FROM TABLE(HOTSPOTS(\"S_001\", 100, 0.2, 17))"))
                .containsExactly(new CodeProblem(2, 74, "Expected CURSOR(SELECT STREAM ... FROM <stream>) as the first argument of HOTSPOTS"));
    }

    @Test
    void rejectsACursorWithoutNumericColumns() {
        assertThat(problems("SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM \"name\" FROM \"S_001\")))"))
                .containsExactly(new CodeProblem(2, 83, "RANDOM_CUT_FOREST needs at least one numeric column "
                        + "(DOUBLE, INTEGER, FLOAT, TINYINT, SMALLINT, REAL or BIGINT) in its CURSOR"));
        assertThat(problems("SELECT STREAM * FROM TABLE(HOTSPOTS(CURSOR(SELECT STREAM s.\"name\" FROM \"S_001\" AS s), 100, 0.2, 17))"))
                .containsExactly(new CodeProblem(2, 74, "HOTSPOTS needs at least one numeric column "
                        + "(DOUBLE, INTEGER, FLOAT, TINYINT, SMALLINT, REAL or BIGINT) in its CURSOR"));

        // an expression's type is Flink's to find: the check runs when the pump is planned, placed at the pump
        SqlApplication application = application("CREATE STREAM \"OUT\" (\"name\" VARCHAR(8), score DOUBLE);\n"
                + "CREATE PUMP \"P\" AS INSERT INTO \"OUT\" SELECT STREAM \"name\", ANOMALY_SCORE FROM TABLE(RANDOM_CUT_FOREST("
                + "CURSOR(SELECT STREAM UPPER(\"name\") AS \"name\" FROM \"S_001\")));", "S", "name VARCHAR(8)", "amount DECIMAL(8,2)");
        assertThat(KdaSqlTranslator.translate(application).problems()).isEmpty();
        assertThat(KdaSqlValidator.validate(application)).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.column()).isEqualTo(13);
            assertThat(problem.message()).contains("RANDOM_CUT_FOREST needs at least one numeric column");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST())",
            "SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(CURSOR))",
            "SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM * FROM)))",
            "SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT * FROM \"S_001\")))",
            "SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM * FROM \"S_001\"), , 1, 2, 3))",
            "SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM * FROM \"S_001\"), -1, 256, 100000, 1))",
            "SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM * FROM \"S_001\"), 100, 256, 99999999999, 1))",
            "SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST_WITH_EXPLANATION(CURSOR(SELECT STREAM * FROM \"S_001\"), 100, 256, 100000, 1, NULL))",
            "SELECT STREAM * FROM TABLE(HOTSPOTS(CURSOR(SELECT STREAM * FROM \"S_001\"), 100, 'near', 17))",
            "SELECT STREAM * FROM TABLE(HOTSPOTS(CURSOR(SELECT STREAM * FROM \"NOPE\"), 100, 0.2, 17))",
            "SELECT STREAM ANOMALY_SCORE FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM * FROM \"S_001\")) AS",
            "SELECT STREAM RANDOM_CUT_FOREST(amount) FROM \"S_001\"",
    })
    void malformedCallsGiveProblemsNotExceptions(String select) {
        List<CodeProblem> problems = problems(select);

        assertThat(problems).isNotEmpty();
        assertThat(problems).allSatisfy(problem -> {
            assertThat(problem.line()).isPositive();
            assertThat(problem.column()).isPositive();
        });
    }

    @Test
    void theDeveloperGuidesApplicationsValidate() {
        assertThat(KdaSqlValidator.validate(application("""
                CREATE OR REPLACE STREAM "TEMP_STREAM" ("Systolic" INTEGER, "Diastolic" INTEGER, "BloodPressureLevel" varchar(20),
                    "ANOMALY_SCORE" DOUBLE, "ANOMALY_EXPLANATION" varchar(512));
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" ("Systolic" INTEGER, "Diastolic" INTEGER, "BloodPressureLevel" varchar(20),
                    "ANOMALY_SCORE" DOUBLE, "ANOMALY_EXPLANATION" varchar(512));
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "TEMP_STREAM"
                   SELECT STREAM "Systolic", "Diastolic", "BloodPressureLevel", ANOMALY_SCORE, ANOMALY_EXPLANATION
                   FROM TABLE(RANDOM_CUT_FOREST_WITH_EXPLANATION(CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), 100, 256, 100000, 1, true));
                CREATE OR REPLACE PUMP "OUTPUT_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM * FROM "TEMP_STREAM";
                CREATE OR REPLACE STREAM "CHANGES" (change REAL, price REAL, HOTSPOTS_RESULT VARCHAR(10000));
                CREATE OR REPLACE PUMP "HOTSPOTS_PUMP" AS INSERT INTO "CHANGES"
                   SELECT "CHANGE", "PRICE", "HOTSPOTS_RESULT"
                   FROM TABLE (HOTSPOTS(CURSOR(SELECT STREAM "CHANGE", "PRICE" FROM "SOURCE_SQL_STREAM_001"), 100, 0.013, 20));
                """, "SOURCE_SQL_STREAM",
                "Systolic INTEGER", "Diastolic INTEGER", "BloodPressureLevel VARCHAR(20)", "CHANGE REAL", "PRICE REAL"))).isEmpty();
    }

    /** The fields of a collected row's text; the explanation and hotspot JSON have no ", " inside. */
    private static String[] fields(String row) {
        return row.substring(3, row.length() - 1).split(", ");
    }

    /** The problems of one pump (on line 2, its SELECT at column 38) into a stream of one DOUBLE. */
    private static List<CodeProblem> problems(String select) {
        return KdaSqlTranslator.translate(application("CREATE STREAM \"OUT\" (a DOUBLE);\nCREATE PUMP \"P\" AS INSERT INTO \"OUT\" " + select + ";",
                "S", "name VARCHAR(8)", "amount DOUBLE")).problems();
    }
}
