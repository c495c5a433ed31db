package dev.hydrant.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceSuiteTest {
    @TempDir
    Path directory;

    @Test
    void findsYamlFilesBelowDirectoriesSortedOnceEachAndFiltered() throws IOException {
        Path windows = Files.createDirectories(directory.resolve("windows"));
        Path tumbling = Files.writeString(windows.resolve("tumbling.yaml"), "");
        Path sliding = Files.writeString(windows.resolve("sliding.yml"), "");
        Path joins = Files.writeString(Files.createDirectories(directory.resolve("joins")).resolve("reference.yaml"), "");
        Files.writeString(windows.resolve("README.md"), "");

        assertThat(ConformanceSuite.caseFiles(List.of(directory, tumbling), null)).containsExactly(joins, sliding, tumbling);
        assertThat(ConformanceSuite.caseFiles(List.of(directory), "windows")).containsExactly(sliding, tumbling);
    }

    @Test
    void refusesAPathThatDoesNotExist() {
        assertThatThrownBy(() -> ConformanceSuite.caseFiles(List.of(directory.resolve("missing")), null))
                .isInstanceOf(NoSuchFileException.class);
    }
}
