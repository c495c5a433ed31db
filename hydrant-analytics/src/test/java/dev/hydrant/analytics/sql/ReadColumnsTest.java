package dev.hydrant.analytics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadColumnsTest {
    @Test
    void collectsFoldedNamesOfTheCode() {
        assertThat(ReadColumns.of("""
                CREATE OR REPLACE STREAM "DEST" ("speed" DOUBLE, rpm INTEGER);
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DEST"
                SELECT STREAM "speed", s.rpm * 2, COUNT(*) FROM "sg12_prefix_001" AS s WHERE "speed" >= 200;
                """)).hasValueSatisfying(names -> assertThat(names)
                .contains("speed", "RPM", "DEST", "sg12_prefix_001", "S")
                .doesNotContain("rpm", "throttle", "SPEED"));
    }

    @Test
    void anyColumnMayBeReadWhenTheCodeSelectsStarOrJoinsImplicitly() {
        assertThat(ReadColumns.of("CREATE PUMP \"P\" AS INSERT INTO \"D\" SELECT STREAM * FROM \"S_001\";")).isEmpty();
        assertThat(ReadColumns.of("CREATE PUMP \"P\" AS INSERT INTO \"D\" SELECT STREAM DISTINCT * FROM \"S_001\";")).isEmpty();
        assertThat(ReadColumns.of("CREATE PUMP \"P\" AS INSERT INTO \"D\" SELECT STREAM a, s.* FROM \"S_001\" AS s;")).isEmpty();
        assertThat(ReadColumns.of("SELECT STREAM a FROM \"S_001\" NATURAL JOIN \"R\"")).isEmpty();
        assertThat(ReadColumns.of("SELECT STREAM a FROM \"S_001\" JOIN \"R\" USING (k)")).isEmpty();
        assertThat(ReadColumns.of("SELECT STREAM a * b, COUNT(*) FROM \"S_001\"")).isPresent();
        assertThat(ReadColumns.of("SELECT STREAM \"unterminated")).isEmpty();
    }
}
