package dev.hydrant.analytics.sql;

import static dev.hydrant.analytics.sql.TestingKdaApplications.application;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken code gives problems, never exceptions. */
class KdaSqlMalformedCodeTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE",
            "CREATE STREAM",
            "CREATE STREAM x (",
            "CREATE STREAM x (a)",
            "CREATE STREAM x (a INTEGER,)",
            "CREATE STREAM x (a INTEGER) DESCRIPTION",
            "CREATE PUMP p AS INSERT INTO",
            "CREATE PUMP p AS INSERT INTO o (",
            "SELECT STREAM",
            "SELECT STREAM FROM s_001",
            "SELECT STREAM a FROM",
            "SELECT STREAM a FROM s_001 WHERE",
            "SELECT STREAM (a FROM s_001",
            "SELECT STREAM a) FROM s_001",
            "SELECT STREAM COUNT( FROM s_001 GROUP BY",
            "SELECT STREAM a FROM s_001 GROUP BY",
            "SELECT STREAM SUM(a) OVER FROM s_001",
            "SELECT STREAM SUM(a) OVER (ROWS) FROM s_001",
            "SELECT STREAM SUM(a) OVER () FROM s_001",
            "SELECT STREAM SUM(a) OVER (PARTITION BY) FROM s_001",
            "SELECT STREAM SUM(a) OVER (ORDER BY a ROWS 1 PRECEDING) FROM s_001",
            "SELECT STREAM SUM(a) OVER (ROWS 1 FOLLOWING) FROM s_001",
            "SELECT STREAM SUM(a) OVER w FROM s_001 WINDOW",
            "SELECT STREAM SUM(a) OVER w FROM s_001 WINDOW w AS",
            "SELECT STREAM SUM(a) OVER w FROM s_001 WINDOW w AS (ROWS 1 PRECEDING",
            "SELECT STREAM SUM(a) OVER v FROM s_001 WINDOW w AS (ROWS 1 PRECEDING)",
            "SELECT STREAM CAST(a AS) FROM s_001",
            "SELECT STREAM CAST(a AS NOTATYPE) FROM s_001",
            "SELECT STREAM STEP(a BY) FROM s_001",
            "SELECT STREAM STEP(BY 1) FROM s_001",
            "SELECT STREAM FLOOR(ROWTIME TO) FROM s_001",
            "SELECT STREAM a FROM (SELECT STREAM a FROM s_001)",
            "SELECT STREAM a FROM (SELECT a FROM s_001) AS x",
            "SELECT STREAM a FROM s_001 ORDER BY",
            "SELECT STREAM a. FROM s_001",
            "SELECT STREAM , FROM s_001",
            "SELECT STREAM a FROM s_001 x y",
            "SELECT STREAM a.b.c FROM s_001",
            "SELECT STREAM COUNT(COUNT(a)) FROM s_001 GROUP BY FLOOR(ROWTIME TO MINUTE)",
            "SELECT STREAM a FROM s_001 WHERE COUNT(a) > 1",
            "SELECT STREAM a FROM s_001 HAVING a > 1",
            "SELECT STREAM a FROM s_001 GROUP BY STEP(ROWTIME BY INTERVAL '1' MONTH)",
            "SELECT STREAM a FROM s_001 GROUP BY STEP(ROWTIME BY INTERVAL '1.5' SECOND)",
            "SELECT STREAM a FROM s_001 GROUP BY FLOOR(ROWTIME TO MONTH)",
            "SELECT STREAM a FROM s_001 GROUP BY FLOOR(ROWTIME TO MINUTE), STEP(ROWTIME BY INTERVAL '1' SECOND)",
            "SELECT STREAM FLOOR(ROWTIME TO HOUR) FROM s_001 GROUP BY FLOOR(ROWTIME TO MINUTE)",
            "SELECT STREAM a FROM s_001 WHERE a IN (SELECT a FROM s_001)",
            "SELECT STREAM UNIX_TIMESTAMP() FROM s_001",
            "SELECT STREAM a FROM s_001 UNION SELECT STREAM a FROM s_001",
            "SELECT STREAM a FROM s_001 UNION ALL",
            "SELECT STREAM a FROM s_001 UNION ALL UNION ALL SELECT STREAM a FROM s_001",
            "SELECT STREAM a FROM s_001 UNION ALL (SELECT STREAM a FROM s_001",
            "SELECT STREAM a FROM s_001 UNION ALL SELECT a FROM s_001",
            "SELECT STREAM a FROM s_001 INTERSECT SELECT STREAM a FROM s_001",
            "SELECT STREAM a FROM s_001 WINDOWED BY",
            "SELECT STREAM a FROM s_001 WINDOWED BY STAGGER",
            "SELECT STREAM a FROM s_001 WINDOWED BY STAGGER (",
            "SELECT STREAM a FROM s_001 WINDOWED BY STAGGER ()",
            "SELECT STREAM a FROM s_001 WINDOWED BY STAGGER (PARTITION BY)",
            "SELECT STREAM a FROM s_001 WINDOWED BY STAGGER (PARTITION BY a,)",
            "SELECT STREAM a FROM s_001 WINDOWED BY STAGGER (PARTITION BY a RANGE)",
            "SELECT STREAM a FROM s_001 WINDOWED BY STAGGER (PARTITION BY a RANGE INTERVAL)",
            "SELECT STREAM a FROM s_001 WINDOWED BY STAGGER (PARTITION BY a RANGE INTERVAL '1')",
            "SELECT STREAM a FROM s_001 WINDOWED BY STAGGER (PARTITION BY a ROWS 10)",
            "SELECT STREAM a FROM s_001 WINDOWED BY STAGGER (PARTITION BY a RANGE INTERVAL '1' MINUTE PRECEDING)",
            "SELECT STREAM a FROM s_001 WINDOWED BY STAGGER (PARTITION BY nope RANGE INTERVAL '1' MINUTE)",
            "SELECT STREAM a FROM s_001 WHERE WINDOWED BY STAGGER (PARTITION BY a RANGE INTERVAL '1' MINUTE)",
            "SELECT STREAM 'x",
            "SELECT STREAM \"\" FROM s_001",
    })
    void reportsAProblemInsteadOfThrowing(String select) {
        String code = select.startsWith("CREATE") ? select : "CREATE STREAM o (a INTEGER);\nCREATE PUMP p AS INSERT INTO o " + select;

        Translation translation = KdaSqlTranslator.translate(application(code, "S", "A INTEGER"));

        assertThat(translation.problems()).isNotEmpty();
        assertThat(translation.problems()).allSatisfy(problem -> {
            assertThat(problem.line()).isPositive();
            assertThat(problem.column()).isPositive();
        });
    }
}
