package dev.hydrant.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.server.TestingHydrant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code aws} command line against a test server, with throw-away credentials and no configuration
 * files, so that nothing on the machine (profiles, instance metadata) leaks into a test.
 */
final class TestingAwsCli {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long PROCESS_DEADLINE_SECONDS = 120;

    private TestingAwsCli() {}

    record Result(int exitCode, String stdout, String stderr) {
        JsonNode json() {
            try {
                return MAPPER.readTree(stdout);
            }
            catch (IOException e) {
                throw new UncheckedIOException("aws printed no JSON: " + stdout, e);
            }
        }
    }

    /** Runs {@code aws} and requires success. */
    static Result aws(TestingHydrant hydrant, String... arguments) throws Exception {
        Result result = run(hydrant, arguments);
        assertThat(result.exitCode()).as("aws %s failed: %s", String.join(" ", arguments), result.stderr()).isZero();
        return result;
    }

    /** Runs {@code aws} and requires failure. */
    static Result awsFailing(TestingHydrant hydrant, String... arguments) throws Exception {
        Result result = run(hydrant, arguments);
        assertThat(result.exitCode()).as("aws %s should fail: %s", String.join(" ", arguments), result.stdout()).isNotZero();
        return result;
    }

    static Result run(TestingHydrant hydrant, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--endpoint-url", hydrant.url(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        environment.put("AWS_DEFAULT_REGION", "us-east-1");
        environment.remove("AWS_SESSION_TOKEN");
        environment.remove("AWS_PROFILE");
        Path missing = hydrant.dataDirectory().resolve("no-aws-config");
        environment.put("AWS_CONFIG_FILE", missing.toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", missing.toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException e) {
            throw new IllegalStateException("The aws command line (aws-cli) must be installed to run this test", e);
        }
        process.getOutputStream().close();
        CompletableFuture<String> stdout = readAsync(process.getInputStream());
        CompletableFuture<String> stderr = readAsync(process.getErrorStream());
        if (!process.waitFor(PROCESS_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("aws " + String.join(" ", arguments) + " did not finish");
        }
        return new Result(process.exitValue(), stdout.get(), stderr.get());
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), UTF_8);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
