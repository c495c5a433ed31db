package dev.hydrant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL conformance suite as users run it: {@code hydrant sql run} from the shaded jar, in the repository root. Every
 * case of {@code conformance/sql} must pass; next to them, cases that are wrong on purpose must fail with the reason
 * and the difference, and make the exit code 1.
 */
class SqlConformanceIT {
    private static final Path ROOT = Path.of(System.getProperty("hydrant.root")).toAbsolutePath().normalize();

    @TempDir
    Path broken;

    @Test
    void everyCaseOfTheSuitePassesAndWrongExpectationsFailWithTheirDifference() throws Exception {
        Files.writeString(broken.resolve("wrong-row.yaml"), """
                description: expects a wrong total, so the runner must report the difference
                inputs:
                  - columns:
                      - {name: PRICE, sqlType: DOUBLE, mapping: $.price}
                    records:
                      - {at: "2026-01-01T00:00:01Z", data: {price: 1.5}}
                      - {at: "2026-01-01T00:00:02Z", data: {price: 2.5}}
                sql: |
                  CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (price DOUBLE);
                  CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                    SELECT STREAM price FROM "SOURCE_SQL_STREAM_001";
                outputs:
                  DESTINATION_SQL_STREAM:
                    records: ["1.5", "2.0"]
                """);
        Files.writeString(broken.resolve("wrongly-rejected.yaml"), """
                description: valid code that the case expects to be rejected
                inputs:
                  - columns:
                      - {name: PRICE, sqlType: DOUBLE, mapping: $.price}
                sql: |
                  CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (price DOUBLE);
                rejects:
                  type: CodeValidationException
                """);
        List<Path> cases = cases(ROOT.resolve("conformance/sql"));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);

        HydrantProcess.Finished result = sqlRun("conformance/sql", broken.toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        for (Path file : cases) {
            assertThat(result.output()).as(result.output()).contains("PASS  " + ROOT.relativize(file) + "  (");
        }
        assertThat(result.output()).contains("FAIL  " + broken.resolve("wrong-row.yaml") + ": an output differs\n"
                + "        DESTINATION_SQL_STREAM: expected 2 records, received 2 records\n"
                + "            missing:    2.0\n"
                + "            unexpected: 2.5\n");
        assertThat(result.output()).contains("FAIL  " + broken.resolve("wrongly-rejected.yaml")
                + ": expected CodeValidationException, but the code was accepted");
        assertThat(result.output()).contains(cases.size() + " passed, 2 failed");
    }

    @Test
    void exitsZeroWhenEveryCasePasses() throws Exception {
        HydrantProcess.Finished result = sqlRun("conformance/sql/rejections", "--filter", "unknown-");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(0);
        assertThat(result.output()).contains("PASS  conformance/sql/rejections/unknown-column.yaml  (0 rows, ");
        assertThat(result.output()).containsPattern("\n\\d+ passed, 0 failed");
    }

    /** Runs {@code java -jar hydrant.jar sql run ARGUMENTS...} in the repository root. */
    private static HydrantProcess.Finished sqlRun(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx1g", "-jar", HydrantProcess.jar().toString(), "sql", "run"));
        command.addAll(List.of(arguments));
        return HydrantProcess.run(ROOT, command);
    }

    private static List<Path> cases(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
