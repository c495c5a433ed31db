package dev.hydrant.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.pipeline.HydrantClient;
import dev.hydrant.pipeline.PipelineCommands;
import dev.hydrant.server.HydrantServer;
import dev.hydrant.server.ServerConfig;
import dev.hydrant.spi.EpochClock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * What the launcher records its class-data-sharing archive over (see {@code ./hydrant}): a server on a free loopback
 * port and a temporary data directory, a pipeline with a SQL application shaped like the reference one (JSON input,
 * a filter, CSV output), the application started, fed a few records until its output arrives, and stopped. The
 * classes loaded meanwhile are the ones the archive then maps instead of loading, which is most of what the first
 * StartApplication of a server spends its time on. Hidden: it is a build step, not a user command.
 */
@Command(name = "archive-training", hidden = true,
        description = "Run a server and one SQL application briefly, so that the launcher can record the classes they load.")
public final class ArchiveTrainingCommand implements Callable<Integer> {
    static final String INPUT = "training-input";
    static final String OUTPUT = "training-output";
    static final String APPLICATION = "training-application";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("hydrant-archive-training");
        try {
            Path pipeline = writePipeline(work.resolve("pipeline"));
            ServerConfig config = ServerConfig.defaults(work.resolve("data")).withPort(0);
            try (HydrantServer server = new HydrantServer(config, EpochClock.SYSTEM)) {
                server.start();
                URI endpoint = URI.create(server.url());
                if (PipelineCommands.applyAndReport(pipeline, endpoint, new PrintStream(OutputStream.nullOutputStream())) != PipelineCommands.EXIT_OK) {
                    System.err.println("hydrant: archive training: the training pipeline was not applied");
                    return 1;
                }
                server.applications().checksDone();
                exercise(endpoint);
            }
            return 0;
        }
        finally {
            deleteRecursively(work);
        }
    }

    private static void exercise(URI endpoint) throws IOException, InterruptedException {
        HydrantClient client = new HydrantClient(endpoint);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        client.startApplication(APPLICATION, "TRIM_HORIZON");
        awaitStatus(client, "RUNNING");
        ObjectNode batch = JSON.createObjectNode().put("DeliveryStreamName", INPUT);
        ArrayNode records = batch.putArray("Records");
        for (int i = 0; i < 100; i++) {
            String telemetry = String.format("{\"speed\": %.3f, \"rpm\": %d, \"gear\": %d, \"throttle\": %.2f, \"pressures\": {\"engine\": %.4f}}%n",
                    150.0 + i, 9000 + i * 10, 1 + i % 8, (i % 10) / 10.0, 3.5 + i / 100.0);
            records.addObject().put("Data", Base64.getEncoder().encodeToString(telemetry.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(endpoint.resolve("/")).timeout(STEP_TIMEOUT)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Firehose_20150804.PutRecordBatch")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(batch)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() != 200) {
            throw new IOException("PutRecordBatch answered HTTP " + put.statusCode() + ": " + put.body());
        }
        awaitOutput(http, endpoint);
        client.stopApplication(APPLICATION);
        awaitStatus(client, "READY");
    }

    private static void awaitStatus(HydrantClient client, String status) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!status.equals(client.describeApplication(APPLICATION).map(detail -> detail.path("ApplicationStatus").asText()).orElse(""))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the training application did not reach " + status + " in " + STEP_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the output stream has received a row (the sink appends its rows at a checkpoint). */
    private static void awaitOutput(HttpClient http, URI endpoint) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        String series = "IncomingRecords_total{";
        String label = "DeliveryStreamName=\"" + OUTPUT + "\"";
        while (true) {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(endpoint.resolve("/metrics")).timeout(STEP_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean arrived = metrics.body().lines()
                    .filter(line -> line.startsWith(series) && line.contains(label))
                    .anyMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0);
            if (arrived) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the training application wrote no output in " + STEP_TIMEOUT);
            }
            Thread.sleep(100);
        }
    }

    private static Path writePipeline(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("application.sql"), """
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" ("speed" DOUBLE, "rpm" INTEGER, "gear" INTEGER, "throttle" DOUBLE, "engine" DECIMAL);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                SELECT STREAM "speed", "rpm", "gear", "throttle", "engine" FROM "training_001" WHERE "speed" >= 200;
                """);
        Files.writeString(directory.resolve("pipeline.yaml"), """
                buckets: [training-input, training-output]
                deliveryStreams:
                  %1$s:
                    destination: { bucket: training-input, buffering: { sizeMiB: 1, intervalSeconds: 1 } }
                  %2$s:
                    destination: { bucket: training-output, buffering: { sizeMiB: 1, intervalSeconds: 1 } }
                applications:
                  %3$s:
                    codeFile: application.sql
                    inputs:
                      - namePrefix: training
                        deliveryStream: %1$s
                        format: JSON
                        recordRowPath: "$"
                        columns:
                          - { name: speed, sqlType: DOUBLE, mapping: "$.speed" }
                          - { name: rpm, sqlType: INTEGER, mapping: "$.rpm" }
                          - { name: gear, sqlType: INTEGER, mapping: "$.gear" }
                          - { name: throttle, sqlType: DOUBLE, mapping: "$.throttle" }
                          - { name: engine, sqlType: DECIMAL, mapping: "$.pressures.engine" }
                    outputs:
                      - { name: DESTINATION_SQL_STREAM, deliveryStream: %2$s, format: CSV }
                """.formatted(INPUT, OUTPUT, APPLICATION));
        return directory;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
