package dev.hydrant.cli;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Hydrant server running as a separate process from the built jar, so tests can kill it for real. */
final class HydrantProcess implements AutoCloseable {
    private final Process process;
    private final String url;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final List<String> output = new ArrayList<>();

    private HydrantProcess(Process process, int port) {
        this.process = requireNonNull(process, "process is null");
        this.url = "http://127.0.0.1:" + port;
    }

    static Path jar() {
        return Path.of(requireNonNull(System.getProperty("hydrant.jar"), "system property hydrant.jar is not set (run with mvn verify)"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs the command {@code hydrant <arguments>} to its end, which must be success; its output. */
    static String cli(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar().toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError("hydrant " + String.join(" ", arguments) + " failed: " + output);
        }
        return output;
    }

    /** How a command run to its end went. */
    record Finished(int exitCode, String output) {}

    /** Runs {@code command} in {@code directory} to its end (at most 5 minutes), with stdout and stderr together. */
    static Finished run(Path directory, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "cannot read the output: " + e;
            }
        });
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 5 minutes: " + output.getNow(""));
        }
        return new Finished(process.exitValue(), output.get(30, TimeUnit.SECONDS));
    }

    /** The objects of a local bucket (or of a folder in it) in key order, concatenated; empty if there are none. */
    static byte[] objects(Path bucket) throws IOException {
        if (!Files.isDirectory(bucket)) {
            return new byte[0];
        }
        List<Path> objects;
        try (Stream<Path> walk = Files.walk(bucket)) {
            objects = walk.filter(Files::isRegularFile).sorted().toList();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Path object : objects) {
            out.write(Files.readAllBytes(object));
        }
        return out.toByteArray();
    }

    /** Runs {@code hydrant <arguments>} and waits for the ready line. */
    static HydrantProcess start(int port, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-jar", jar().toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        HydrantProcess hydrant = new HydrantProcess(process, port);
        Thread reader = new Thread(hydrant::readOutput, "hydrant-output");
        reader.setDaemon(true);
        reader.start();
        try {
            hydrant.ready.get(60, TimeUnit.SECONDS);
        }
        catch (Exception e) {
            hydrant.kill();
            throw new AssertionError("Hydrant did not become ready: " + hydrant.output(), e);
        }
        return hydrant;
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                if (line.startsWith("Hydrant ready at ")) {
                    ready.complete(line);
                }
            }
        }
        catch (IOException e) {
            // The process died; the output so far is kept.
        }
        ready.completeExceptionally(new IOException("process exited"));
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    String readyLine() {
        return ready.join();
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Hydrant did not stop within 60 s after SIGTERM");
        }
        return process.exitValue();
    }

    HttpResponse<String> firehose(HttpClient client, String operation, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Firehose_20150804." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
