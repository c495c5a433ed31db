package dev.hydrant.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hydrant.spi.SqlApplication;
import dev.hydrant.spi.SqlApplicationEngine.CodeProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The default engine's code checks run with Flink loaded by a class loader of their own, and once idle leave nothing
 * behind: the loader (with Flink's planner and its caches) can be collected, and no copy of the planner jar is left in
 * the temp directory (the planner is read from the class path, not extracted).
 */
class IsolatedValidationTest {
    @Test
    void checksCodeInItsOwnLoaderAndReleasesItWhenIdle() throws IOException {
        Set<Path> plannerJarsBefore = plannerJars();
        IsolatedValidation validation = new IsolatedValidation(FlinkSqlApplicationEngine.class.getName(), "checkCode", Duration.ofMillis(200));
        SqlApplication valid = ReferenceApplication.application("valid", 1, List.of());
        SqlApplication invalid = withCode(valid, valid.code().replace("WHERE \"speed\" >= 200", "WHERE \"nope\" >= 200"));

        assertThat(validation.apply(valid)).isEmpty();
        List<CodeProblem> problems = validation.apply(invalid);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.message()).contains("nope");
            assertThat(problem.line()).isGreaterThan(1);
        });
        assertThat(validation.lastLoader()).get().isNotSameAs(IsolatedValidation.class.getClassLoader())
                .extracting(loader -> loader.getClass().getSimpleName()).isEqualTo("ChildFirstClassLoader");
        // Unreachable once the checks' thread has ended: nothing outside it holds the loader (or the classes it loaded),
        // so the collections the release asks for once that thread has ended are enough; no other is needed.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(thread -> thread.getName().startsWith("sql-code-checks")));
        assertThat(validation.lastLoader()).as("the checks' loader after the release's collection").isEmpty();
        assertThat(plannerJars()).isSubsetOf(plannerJarsBefore);
    }

    @Test
    void releasesTheLoaderAtOnceWhenTheChecksAreDoneAndKeepsCheckingAfterwards() {
        IsolatedValidation validation = new IsolatedValidation(FlinkSqlApplicationEngine.class.getName(), "checkCode", Duration.ofMinutes(10));
        SqlApplication valid = ReferenceApplication.application("valid", 1, List.of());
        assertThat(validation.apply(valid)).isEmpty();
        assertThat(validation.lastLoader()).isPresent();

        validation.releaseWhenIdle();

        // Without the hint the thread would wait ten minutes for more checks.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(thread -> thread.getName().startsWith("sql-code-checks")));
        assertThat(validation.lastLoader()).isEmpty();
        assertThat(validation.apply(valid)).isEmpty();
    }

    @Test
    void answersWhatTheEngineAnswersInItsOwnClassLoader() {
        SqlApplication valid = ReferenceApplication.application("valid", 1, List.of());
        SqlApplication invalid = withCode(valid, valid.code().replace("WHERE \"speed\" >= 200", "WHERE \"nope\" >= 200"));
        IsolatedValidation validation = new IsolatedValidation(FlinkSqlApplicationEngine.class.getName(), "checkCode", Duration.ofMillis(200));

        assertThat(validation.apply(invalid)).isEqualTo(FlinkSqlApplicationEngine.checkCode(invalid));
    }

    private static SqlApplication withCode(SqlApplication application, String code) {
        return new SqlApplication(application.name(), application.arn(), application.versionId(), code, application.inputs(), application.outputs(),
                application.referenceTables());
    }

    private static Set<Path> plannerJars() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(file -> file.getFileName().toString().startsWith("flink-table-planner_")).collect(Collectors.toSet());
        }
    }
}
