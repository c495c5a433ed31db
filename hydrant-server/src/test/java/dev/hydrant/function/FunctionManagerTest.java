package dev.hydrant.function;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.TestingClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionManagerTest {
    private static final String ROLE = "arn:aws:iam::000000000000:role/lambda";
    private static final long NOW = 1_704_067_200_000L; // 2024-01-01T00:00:00Z

    @TempDir
    Path dataDirectory;

    private final TestingClock clock = new TestingClock(NOW);
    private final TestingFunctionRuntimeFactory runtimes = new TestingFunctionRuntimeFactory();

    private FunctionManager newManager() throws Exception {
        FunctionManager manager = new FunctionManager(dataDirectory, "us-east-1", "000000000000", runtimes, clock);
        manager.start();
        return manager;
    }

    private static FunctionSettings settings(String runtime) {
        return new FunctionSettings(runtime, "hello.lambda_handler", ROLE, "says hello", 30, 256, Map.of("GREETING", "hi"));
    }

    @Test
    void keepsFunctionsAndTheirCodeAcrossRestarts() throws Exception {
        byte[] zip = TestingZips.pythonHello("hi");
        FunctionDefinition created;
        try (FunctionManager manager = newManager()) {
            created = manager.create("hello", settings("python3.12"), zip, Map.of("team", "data"));
        }
        try (FunctionManager manager = newManager()) {
            FunctionDefinition loaded = manager.get("hello");
            assertThat(loaded).isEqualTo(created);
            assertThat(loaded.codeSha256()).isEqualTo(Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(zip)));
            assertThat(loaded.codeSize()).isEqualTo(zip.length);
            assertThat(loaded.settings().environment()).containsEntry("GREETING", "hi");
            assertThat(loaded.tags()).containsEntry("team", "data");
            assertThat(FunctionManager.lastModified(loaded.lastModifiedMillis())).isEqualTo("2024-01-01T00:00:00.000+0000");
            Path code = dataDirectory.resolve("functions/hello").resolve(loaded.codeSha256Hex());
            assertThat(code.resolve("hello.py")).content().contains("def lambda_handler");
            assertThat(manager.codeZip("hello")).hasBinaryContent(zip);
        }
    }

    @Test
    void restoresUnpackedCodeAndDeletesOrphansAtStart() throws Exception {
        FunctionDefinition created;
        try (FunctionManager manager = newManager()) {
            created = manager.create("hello", settings("python3.12"), TestingZips.pythonHello("hi"), Map.of());
        }
        Path functionDirectory = dataDirectory.resolve("functions/hello");
        deleteRecursively(functionDirectory.resolve(created.codeSha256Hex()));
        Files.createDirectories(functionDirectory.resolve("leftover"));
        Files.createDirectories(dataDirectory.resolve("functions/ghost"));
        try (FunctionManager manager = newManager()) {
            assertThat(functionDirectory.resolve(created.codeSha256Hex()).resolve("hello.py")).exists();
            assertThat(functionDirectory.resolve("leftover")).doesNotExist();
            assertThat(dataDirectory.resolve("functions/ghost")).doesNotExist();
        }
    }

    @Test
    void rejectsZipEntriesThatEscapeTheFunctionDirectory() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("hello.py", "x = 1\n");
        entries.put("../../escaped.py", "x = 2\n");
        try (FunctionManager manager = newManager()) {
            assertThatThrownBy(() -> manager.create("slip", settings("python3.12"), TestingZips.zip(entries), Map.of()))
                    .isInstanceOfSatisfying(HydrantException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("../../escaped.py");
            assertThat(manager.list()).isEmpty();
            assertThat(dataDirectory.resolve("escaped.py")).doesNotExist();
            assertThat(dataDirectory.resolve("functions/escaped.py")).doesNotExist();
            assertThat(dataDirectory.resolve("functions/slip")).doesNotExist();
        }
    }

    @Test
    void rejectsAbsoluteZipEntries() {
        Path root = dataDirectory.resolve("code");
        assertThatThrownBy(() -> FunctionCode.resolveEntry(root, "/etc/passwd")).isInstanceOf(HydrantException.class);
        assertThatThrownBy(() -> FunctionCode.resolveEntry(root, "a/../../b")).isInstanceOf(HydrantException.class);
        assertThat(FunctionCode.resolveEntry(root, "a/../b.py")).isEqualTo(root.resolve("b.py"));
    }

    @Test
    void stopsUnpackingAtTheSizeCap() throws Exception {
        Path zip = dataDirectory.resolve("big.zip");
        Files.write(zip, TestingZips.zip(Map.of("big.txt", "x".repeat(10_000))));
        assertThatThrownBy(() -> FunctionCode.unzip(zip, dataDirectory.resolve("out"), 1000))
                .isInstanceOf(HydrantException.class)
                .hasMessageContaining("Unzipped size must be smaller than 1000 bytes");
    }

    @Test
    void rejectsZipsThatAreNotZips() throws Exception {
        try (FunctionManager manager = newManager()) {
            assertThatThrownBy(() -> manager.create("broken", settings("python3.12"), "not a zip".getBytes(UTF_8), Map.of()))
                    .isInstanceOfSatisfying(HydrantException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("Could not unzip");
            assertThat(manager.list()).isEmpty();
        }
    }

    @Test
    void resolvesNamesPartialArnsAndArns() throws Exception {
        try (FunctionManager manager = newManager()) {
            manager.create("hello", settings("python3.12"), TestingZips.pythonHello("hi"), Map.of());
            for (String reference : List.of("hello", "hello:$LATEST", "000000000000:function:hello", "arn:aws:lambda:us-east-1:000000000000:function:hello",
                    "arn:aws:lambda:us-east-1:000000000000:function:hello:$LATEST")) {
                assertThat(manager.get(reference).name()).as(reference).isEqualTo("hello");
                assertThat(manager.invoke(reference, "{}".getBytes(UTF_8)).get(10, TimeUnit.SECONDS).failed()).as(reference).isFalse();
            }
            assertThat(manager.find("hello:1")).isEmpty();
            assertThatThrownBy(() -> manager.get("arn:aws:lambda:us-east-1:000000000000:function:hello:1"))
                    .hasMessage("Function not found: arn:aws:lambda:us-east-1:000000000000:function:hello:1");
            assertThatThrownBy(() -> manager.get("missing"))
                    .isInstanceOfSatisfying(HydrantException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND))
                    .hasMessage("Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing");
            assertThatThrownBy(() -> manager.get("bad name"))
                    .isInstanceOfSatisfying(HydrantException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.VALIDATION));
            assertThatThrownBy(() -> manager.invoke("missing", new byte[0]).join())
                    .isInstanceOf(CompletionException.class)
                    .hasRootCauseMessage("Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing");
        }
    }

    @Test
    void createsRuntimesLazilyAndReplacesThemOnChange() throws Exception {
        try (FunctionManager manager = newManager()) {
            manager.create("hello", settings("python3.12"), TestingZips.pythonHello("v1"), Map.of());
            assertThat(runtimes.created()).isEmpty();

            FunctionResult first = manager.invoke("hello", "{\"n\":1}".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
            assertThat(new String(first.payload(), UTF_8)).contains("\"event\":{\"n\":1}");
            manager.invoke("hello", "{}".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
            assertThat(runtimes.created()).hasSize(1);
            TestingFunctionRuntime original = runtimes.created().get(0);
            assertThat(original.config().timeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(original.config().environment()).containsEntry("GREETING", "hi");

            String oldRevision = manager.get("hello").revisionId();
            FunctionDefinition updated = manager.updateCode("hello", TestingZips.pythonHello("v2"), oldRevision, false);
            await().atMost(Duration.ofSeconds(10)).until(original::closed);
            assertThat(dataDirectory.resolve("functions/hello").resolve(updated.codeSha256Hex())).exists();
            await().atMost(Duration.ofSeconds(10)).until(() -> listNames(dataDirectory.resolve("functions/hello")).size() == 2);

            FunctionResult second = manager.invoke("hello", "{}".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
            assertThat(new String(second.payload(), UTF_8)).contains(updated.codeSha256Hex());
            assertThatThrownBy(() -> manager.updateConfiguration("hello", current -> current, oldRevision))
                    .isInstanceOfSatisfying(HydrantException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));

            manager.updateConfiguration("hello", current -> new FunctionSettings(current.runtime(), current.handler(), current.role(),
                    current.description(), 5, current.memorySizeMb(), current.environment()), null);
            manager.invoke("hello", "{}".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
            assertThat(runtimes.created()).hasSize(3);
            assertThat(runtimes.created().get(2).config().timeout()).isEqualTo(Duration.ofSeconds(5));

            manager.delete("hello", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> runtimes.created().get(2).closed());
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dataDirectory.resolve("functions/hello")));
            assertThatThrownBy(() -> manager.get("hello")).isInstanceOf(HydrantException.class);
        }
    }

    @Test
    void refusesToCreateAFunctionTwice() throws Exception {
        try (FunctionManager manager = newManager()) {
            manager.create("hello", settings("python3.12"), TestingZips.pythonHello("hi"), Map.of());
            assertThatThrownBy(() -> manager.create("hello", settings("python3.12"), TestingZips.pythonHello("hi"), Map.of()))
                    .isInstanceOfSatisfying(HydrantException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RESOURCE_IN_USE))
                    .hasMessage("Function already exist: hello");
        }
    }

    @Test
    void writesFunctionOutputToItsLogFileAndTailsOneInvocation() throws Exception {
        try (FunctionManager manager = newManager()) {
            manager.create("hello", settings("python3.12"), TestingZips.pythonHello("hi"), Map.of());
            FunctionInvokeResult first = manager.invoke("hello", null, "{\"first\":true}".getBytes(UTF_8), true).get(10, TimeUnit.SECONDS);
            FunctionInvokeResult second = manager.invoke("hello", null, "{\"fail\":true}".getBytes(UTF_8), true).get(10, TimeUnit.SECONDS);

            assertThat(first.logTail()).startsWith("START RequestId: " + first.requestId() + " Version: $LATEST\n")
                    .contains("handling {\"first\":true}\n")
                    .contains("END RequestId: " + first.requestId() + "\n")
                    .contains("REPORT RequestId: " + first.requestId())
                    .doesNotContain("fail");
            assertThat(second.result().failed()).isTrue();
            assertThat(second.logTail()).contains("handling {\"fail\":true}").doesNotContain("first");
            String file = Files.readString(dataDirectory.resolve("logs/functions/hello.log"));
            assertThat(file).contains("2024-01-01T00:00:00Z " + first.requestId() + " handling {\"first\":true}")
                    .contains(second.requestId() + " handling {\"fail\":true}");
        }
    }

    @Test
    void definesFunctionsFromPipelineFilesThatTheApiCannotChange() throws Exception {
        try (FunctionManager manager = newManager()) {
            manager.define(new FunctionConfig("transform", "http", null, null, "http://127.0.0.1:1/transform", Duration.ofSeconds(60), 128, Map.of(), 4));
            assertThat(manager.get("arn:aws:lambda:us-east-1:000000000000:function:transform").source()).isEqualTo(FunctionSource.PIPELINE);
            assertThatThrownBy(() -> manager.delete("transform", null))
                    .isInstanceOfSatisfying(HydrantException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RESOURCE_IN_USE));
            assertThatThrownBy(() -> manager.define(new FunctionConfig("transform", "nodejs20.x", "index.handler", null, null, Duration.ofSeconds(3), 128, Map.of(), 1)))
                    .hasMessageContaining("python3");
        }
        try (FunctionManager manager = newManager()) {
            FunctionDefinition loaded = manager.get("transform");
            assertThat(loaded.url()).isEqualTo("http://127.0.0.1:1/transform");
            assertThat(loaded.concurrency()).isEqualTo(4);
            manager.invoke("transform", "{}".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
            assertThat(runtimes.created().get(0).config().url()).isEqualTo("http://127.0.0.1:1/transform");
            assertThat(manager.remove("transform")).isTrue();
            assertThat(manager.remove("transform")).isFalse();
        }
    }

    private static List<String> listNames(Path directory) throws Exception {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(path -> path.getFileName().toString()).toList();
        }
    }

    private static void deleteRecursively(Path path) throws Exception {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path entry : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
