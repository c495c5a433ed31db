package dev.hydrant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher's class-data-sharing archive, as a new user gets it: the first {@code ./hydrant} of a build records it
 * (the hidden {@code archive-training} command, then {@code java -Xshare:dump}); later runs reuse it; and the JVM maps
 * from it both the server's classes and Flink's planner, which is what makes the first StartApplication fast. A JVM with
 * the class file load hook on (Flight Recorder, Java agents) runs with it too.
 */
class LauncherArchiveIT {
    private static final Path ROOT = Path.of(System.getProperty("hydrant.root")).toAbsolutePath().normalize();
    private static final String RECORDING = "recording the class-data archive";

    @Test
    void theFirstRunRecordsTheArchiveAndTheJvmMapsTheServerAndThePlannerFromIt() throws Exception {
        Path archive = HydrantProcess.jar().resolveSibling("hydrant.jsa");
        Files.deleteIfExists(archive);

        HydrantProcess.Finished first = run(List.of(ROOT.resolve("hydrant").toString(), "--version"));
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains(RECORDING).doesNotContain("could not record");
        assertThat(archive).isRegularFile();
        assertThat(Files.readString(archive.resolveSibling("hydrant.jsa.key"))).contains(HydrantProcess.jar().toString());

        HydrantProcess.Finished second = run(List.of(ROOT.resolve("hydrant").toString(), "--version"));
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).doesNotContain(RECORDING);

        // -Xshare:on fails instead of running without the archive; a case of the suite plans and runs a job with Flink
        HydrantProcess.Finished mapped = run(List.of("java", "-Xshare:on", "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",
                "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info", "-Xmx1g", "-jar", HydrantProcess.jar().toString(),
                "sql", "run", "conformance/sql/streams/chained-streams.yaml"));
        assertThat(mapped.exitCode()).as(tail(mapped.output())).isZero();
        assertThat(mapped.output())
                .contains("dev.hydrant.cli.HydrantCommand source: shared objects file")
                .containsPattern("org\\.apache\\.calcite\\.\\S+ source: shared objects file")
                .containsPattern("org\\.apache\\.flink\\.table\\.planner\\.\\S+ source: shared objects file");

        // Flight Recorder turns on the JVMTI class file load hook, as a -javaagent does: with method-handle species in
        // the archive, JDK 17 crashed (SIGSEGV) when Flink first resolved one
        Path recording = Files.createTempDirectory("hydrant-jfr");
        HydrantProcess.Finished hooked = run(List.of("java", "-Xshare:on", "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",
                "-XX:SharedArchiveFile=" + archive, "-XX:StartFlightRecording=filename=" + recording.resolve("run.jfr"),
                "-XX:ErrorFile=" + recording.resolve("hs_err_pid%p.log"), "-Xmx1g", "-jar", HydrantProcess.jar().toString(),
                "sql", "run", "conformance/sql/streams/chained-streams.yaml"));
        assertThat(hooked.exitCode()).as(tail(hooked.output())).isZero();
        assertThat(hooked.output()).contains("1 passed, 0 failed");
    }

    private static HydrantProcess.Finished run(List<String> command) throws Exception {
        return HydrantProcess.run(ROOT, command);
    }

    private static String tail(String output) {
        return output.length() <= 4_000 ? output : output.substring(output.length() - 4_000);
    }
}
