package dev.hydrant.analytics.sql;

import static dev.hydrant.analytics.sql.TestingKdaApplications.application;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.spi.SqlApplicationEngine.CodeProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class KdaSqlValidatorTest {
    @Test
    void acceptsTheReferenceApplication() {
        assertThat(KdaSqlValidator.validate(TestingKdaApplications.referenceApplication())).isEmpty();
    }

    @Test
    void returnsTranslationProblemsWithoutPlanning() {
        List<CodeProblem> problems = KdaSqlValidator.validate(application("CREATE PUMP p AS INSERT INTO nowhere SELECT STREAM * FROM \"S_001\";", "S", "A INTEGER"));

        assertThat(problems).containsExactly(new CodeProblem(1, 30, "Object 'NOWHERE' not found"));
    }

    @Test
    void rejectsTextIntoANumericColumnAtThePump() {
        List<CodeProblem> problems = KdaSqlValidator.validate(application("""
                CREATE STREAM "OUT" (ticker VARCHAR(4), price DOUBLE, volume INTEGER);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM ticker_symbol, ticker_symbol, price FROM "SOURCE_SQL_STREAM_001";
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE"));

        assertThat(problems).containsExactly(
                new CodeProblem(2, 13, "Cannot assign to target field 'PRICE' of type DOUBLE from source field 'PRICE' of type VARCHAR(4)"));
    }

    @Test
    void placesFlinkValidationErrorsAtThePump() {
        List<CodeProblem> problems = KdaSqlValidator.validate(application("""
                CREATE STREAM "OUT" (ticker VARCHAR(4), price DOUBLE);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_001" AS s
                  GROUP BY ticker_symbol, STEP(s.ROWTIME BY INTERVAL '1' MINUTE);
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE"));

        assertThat(problems).containsExactly(new CodeProblem(2, 13, "Expression 'S.PRICE' is not being grouped"));
    }
    @Test
    void placesUngroupedColumnsOfAStaggerWindowAtThePump() {
        List<CodeProblem> problems = KdaSqlValidator.validate(application("""
                CREATE STREAM "OUT" (ticker VARCHAR(4), price DOUBLE);
                CREATE PUMP "P" AS INSERT INTO "OUT"
                  SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_001" AS s
                  WINDOWED BY STAGGER (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE);
                """, "SOURCE_SQL_STREAM", "TICKER_SYMBOL VARCHAR(4)", "PRICE DOUBLE"));

        assertThat(problems).containsExactly(new CodeProblem(2, 13, "Expression 'S.PRICE' is not being grouped"));
    }

    @Test
    void acceptsCurrentRowTimestampAndRejectsStartFixedCurrentTimestamp() {
        String code = """
                CREATE STREAM "OUT" (t TIMESTAMP);
                CREATE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM CURRENT_ROW_TIMESTAMP FROM "S_001";
                """;

        assertThat(KdaSqlValidator.validate(application(code, "S", "A INTEGER"))).isEmpty();
        assertThat(KdaSqlValidator.validate(application(code.replace("CURRENT_ROW_TIMESTAMP", "CURRENT_TIMESTAMP"), "S", "A INTEGER")))
                .containsExactly(new CodeProblem(2, 52, "Not supported yet: CURRENT_TIMESTAMP"));
    }
}
