package dev.hydrant.analytics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadColumnsTest {
    @Test
    void collectsTheNamesOfTheTranslatedSql() {
        assertThat(read("SELECT `speed`, s.`rpm` * 2, COUNT(*), 'it''s `gear`' FROM `sg12_prefix_001` AS s WHERE `speed` >= 200"))
                .hasValueSatisfying(names -> assertThat(names)
                        .contains("speed", "rpm", "sg12_prefix_001", "s", "COUNT")
                        .doesNotContain("gear", "throttle", "SPEED"));
    }

    @Test
    void anyColumnMayBeReadWhenTheSqlSelectsStarOrJoinsImplicitly() {
        assertThat(read("SELECT * FROM `S_001`")).isEmpty();
        assertThat(read("SELECT DISTINCT * FROM `S_001`")).isEmpty();
        assertThat(read("SELECT `a`, s.* FROM `S_001` AS s")).isEmpty();
        assertThat(read("SELECT `a` FROM `S_001` NATURAL JOIN `R`")).isEmpty();
        assertThat(read("SELECT `a` FROM `S_001` JOIN `R` USING (`k`)")).isEmpty();
        assertThat(read("SELECT `a` FROM TABLE(KDA_STAGGER(TABLE `S_001` PARTITION BY `k`))")).isEmpty();
        assertThat(read("SELECT `a` * `b`, COUNT(*) FROM `S_001`")).isPresent();
    }

    @Test
    void readsTheStatementsAsWellAsTheOutputQueries() {
        Translation translation = new Translation(List.of(), List.of(), List.of("CREATE TEMPORARY VIEW `V` AS SELECT `throttle` FROM `S_001`"),
                Map.of("OUT", "SELECT `speed` FROM `V`"), Map.of(), List.of());
        assertThat(ReadColumns.of(translation)).hasValueSatisfying(names -> assertThat(names).contains("throttle", "speed"));
    }

    private static Optional<Set<String>> read(String query) {
        return ReadColumns.of(new Translation(List.of(), List.of(), List.of(), Map.of("OUT", query), Map.of(), List.of()));
    }
}
