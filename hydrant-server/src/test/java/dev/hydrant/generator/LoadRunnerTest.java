package dev.hydrant.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LoadRunnerTest {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @Test
    void sendsPutRecordBatchCallsOfAtMostTheBatchSize() throws Exception {
        try (TestingFirehoseServer server = TestingFirehoseServer.start()) {
            LoadReport report = run(config(server).limit(LoadLimit.records(1_234)).batchSize(500), numberedRecords());

            assertThat(report.recordsSent()).isEqualTo(1_234);
            assertThat(report.recordsAcknowledged()).isEqualTo(1_234);
            assertThat(report.allAcknowledged()).isTrue();
            assertThat(server.requests())
                    .extracting(TestingFirehoseServer.ReceivedRequest::recordCount)
                    .containsExactlyInAnyOrder(500, 500, 234);
            assertThat(server.requests()).allSatisfy(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.target()).isEqualTo("Firehose_20150804.PutRecordBatch");
                assertThat(request.contentType()).isEqualTo("application/x-amz-json-1.1");
            });
            assertThat(server.records()).hasSize(1_234).doesNotHaveDuplicates();
        }
    }

    @Test
    void sendsPutRecordCallsWhenBatchSizeIsOne() throws Exception {
        try (TestingFirehoseServer server = TestingFirehoseServer.start()) {
            LoadReport report = run(config(server).limit(LoadLimit.records(25)).batchSize(1), numberedRecords());

            assertThat(report.recordsAcknowledged()).isEqualTo(25);
            assertThat(report.requests()).isEqualTo(25);
            assertThat(server.requestCount(TestingFirehoseServer.PUT_RECORD)).isEqualTo(25);
            assertThat(server.requestCount(TestingFirehoseServer.PUT_RECORD_BATCH)).isZero();
            assertThat(server.requests()).allSatisfy(request ->
                    assertThat(request.target()).isEqualTo("Firehose_20150804.PutRecord"));
            assertThat(server.records()).containsExactlyInAnyOrderElementsOf(numbered(25));
        }
    }

    @Test
    void sendsEachRecordOnItsOwnRequestToTheStreamsRoute() throws Exception {
        try (TestingFirehoseServer server = TestingFirehoseServer.start()) {
            LoadReport report = run(config(server).route(IngestRoute.STREAMS).limit(LoadLimit.records(40)).batchSize(500),
                    numberedRecords());

            assertThat(report.recordsAcknowledged()).isEqualTo(40);
            assertThat(server.requestCount(TestingFirehoseServer.STREAMS)).isEqualTo(40);
            assertThat(server.requests()).allSatisfy(request -> {
                assertThat(request.method()).isEqualTo("PUT");
                assertThat(request.target()).isNull();
                assertThat(request.recordCount()).isEqualTo(1);
            });
            assertThat(server.records()).containsExactlyInAnyOrderElementsOf(numbered(40));
        }
    }

    @Test
    void retriesFailedBatchEntriesUntilEveryRecordLands(@TempDir Path directory) throws Exception {
        Path saveFile = directory.resolve("sent.ndjson");
        try (TestingFirehoseServer server = TestingFirehoseServer.start().shedFirstAttemptOfEveryNthBatchEntry(7)) {
            LoadReport report = run(config(server).limit(LoadLimit.records(10_000)).saveFile(saveFile),
                    new TelemetryGenerator(1)::next);

            assertThat(report.recordsSent()).isEqualTo(10_000);
            assertThat(report.recordsAcknowledged()).isEqualTo(10_000);
            assertThat(report.recordsFailed()).isZero();
            assertThat(report.recordErrors()).isPositive();
            assertThat(report.retries()).isPositive();
            assertThat(report.errorCounts()).containsOnlyKeys("entry ServiceUnavailableException");
            assertThat(report.allAcknowledged()).isTrue();
            List<String> saved = Files.readAllLines(saveFile, StandardCharsets.UTF_8);
            assertThat(saved).hasSize(10_000);
            assertThat(server.records()).hasSize(10_000).containsExactlyInAnyOrderElementsOf(saved);
        }
    }

    @Test
    void retriesWholeRequestsAnsweredWithServiceUnavailable() throws Exception {
        try (TestingFirehoseServer server = TestingFirehoseServer.start().respondUnavailableToNextRequests(3)) {
            LoadReport report = run(config(server).limit(LoadLimit.records(1_000)).batchSize(100), numberedRecords());

            assertThat(report.recordsAcknowledged()).isEqualTo(1_000);
            assertThat(report.recordsFailed()).isZero();
            assertThat(report.recordErrors()).isEqualTo(300);
            assertThat(report.retries()).isEqualTo(3);
            assertThat(report.requests()).isEqualTo(13);
            assertThat(report.errorCounts()).containsEntry("HTTP 503 ServiceUnavailableException", 300L);
            assertThat(server.records()).containsExactlyInAnyOrderElementsOf(numbered(1_000));
        }
    }

    @Test
    void givesUpAfterTheLastAttempt() throws Exception {
        try (TestingFirehoseServer server = TestingFirehoseServer.start().rejectEveryRequest(503, "ServiceUnavailableException")) {
            LoadReport report = run(config(server).limit(LoadLimit.records(10)).batchSize(5).maxAttempts(3), numberedRecords());

            assertThat(report.recordsSent()).isEqualTo(10);
            assertThat(report.recordsAcknowledged()).isZero();
            assertThat(report.recordsFailed()).isEqualTo(10);
            assertThat(report.recordErrors()).isEqualTo(30);
            assertThat(report.requests()).isEqualTo(6);
            assertThat(report.allAcknowledged()).isFalse();
            assertThat(report.firstError()).hasValue("HTTP 503 ServiceUnavailableException: rejected by the test");
            assertThat(report.stopReason()).hasValue("gave up on records after 3 attempts");
        }
    }

    @Test
    void stopsOnceRecordsFailForGoodWhenNothingListens() throws Exception {
        URI closedEndpoint;
        try (TestingFirehoseServer server = TestingFirehoseServer.start()) {
            closedEndpoint = server.endpoint();
        }

        LoadReport report = run(LoadConfig.builder("telemetry").endpoint(closedEndpoint).retryBaseDelay(Duration.ofMillis(1))
                .limit(LoadLimit.records(1_000)).batchSize(1).concurrency(2).maxAttempts(2), numberedRecords());

        assertThat(report.recordsSent()).isLessThan(1_000);
        assertThat(report.recordsFailed()).isEqualTo(report.recordsSent());
        assertThat(report.errorCounts()).containsOnlyKeys("ConnectException");
        assertThat(report.firstError()).hasValueSatisfying(error ->
                assertThat(error).startsWith("ConnectException from " + closedEndpoint + "/: "));
        assertThat(report.stopReason()).hasValue("gave up on records after 2 attempts");
    }

    @Test
    void stopsAtTheFirstErrorThatRetryingCannotFix() throws Exception {
        try (TestingFirehoseServer server = TestingFirehoseServer.start().rejectEveryRequest(400, "ResourceNotFoundException")) {
            LoadReport report = run(config(server).limit(LoadLimit.records(100_000)).batchSize(10).concurrency(2),
                    numberedRecords());

            assertThat(report.recordsSent()).isLessThan(100_000);
            assertThat(report.recordsFailed()).isEqualTo(report.recordsSent());
            assertThat(report.retries()).isZero();
            assertThat(report.firstError()).hasValueSatisfying(error -> assertThat(error).startsWith("HTTP 400 ResourceNotFoundException"));
            assertThat(report.stopReason()).hasValue("HTTP 400 ResourceNotFoundException cannot be retried");
            assertThat(output()).contains("\n  first error   HTTP 400 ResourceNotFoundException: rejected by the test\n",
                    "\n  stopped early HTTP 400 ResourceNotFoundException cannot be retried\n");
        }
    }

    @Test
    void stopsAfterTheDurationAndPrintsProgressLines() throws Exception {
        try (TestingFirehoseServer server = TestingFirehoseServer.start()) {
            LoadReport report = run(config(server)
                    .limit(LoadLimit.duration(Duration.ofMillis(500)))
                    .recordsPerSecond(2_000)
                    .progressInterval(Duration.ofMillis(100)), numberedRecords());

            assertThat(report.recordsSent()).isPositive();
            assertThat(report.allAcknowledged()).isTrue();
            String output = output();
            assertThat(output).doesNotContain("\r").contains("\nsummary:\n");
            assertThat(output.lines().filter(line -> line.startsWith("sent ")))
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line).matches(
                            "sent [0-9,]+ records  rate [0-9,]+/s  errors [0-9,]+  p50 (-|[0-9.]+ ms)  p99 (-|[0-9.]+ ms)"));
        }
    }

    @Test
    void overwritesTheProgressLineOnATerminal() throws Exception {
        try (TestingFirehoseServer server = TestingFirehoseServer.start()) {
            LoadReport report = new LoadRunner(config(server).limit(LoadLimit.records(10)).build(), numberedRecords(),
                    new PrintStream(output, true, StandardCharsets.UTF_8), true).run();

            assertThat(report.allAcknowledged()).isTrue();
            assertThat(output()).containsPattern("\rsent 10 records  rate [0-9,]+/s  errors 0  p50 [^\n]*\nsummary:\n");
        }
    }

    @Test
    void printsTheSummary() throws Exception {
        try (TestingFirehoseServer server = TestingFirehoseServer.start()) {
            run(config(server).limit(LoadLimit.records(1_000)), numberedRecords());

            assertThat(output()).startsWith("sending 1,000 records to delivery stream telemetry via PutRecordBatch (batch 500) at "
                    + server.endpoint() + "/  concurrency 4  rate unlimited\n");
            assertThat(output()).containsPattern("\nsummary:\n  sent          1,000 records, [0-9,]+ bytes \\([0-9.]+ MiB\\)\n")
                    .contains("\n  acknowledged  1,000\n", "\n  failed        0\n", "\n  errors        0\n",
                            "\n  requests      2 (0 retries)\n")
                    .containsPattern("\n  elapsed       [0-9.]+ s\n")
                    .containsPattern("\n  avg rate      [0-9,]+ records/s\n")
                    .containsPattern("\n  latency       p50 [0-9.]+ ms  p90 [0-9.]+ ms  p99 [0-9.]+ ms  max [0-9.]+ ms\n");
        }
    }

    @Test
    void stopEndsTheRunEarly() throws Exception {
        try (TestingFirehoseServer server = TestingFirehoseServer.start()) {
            AtomicLong generated = new AtomicLong();
            LoadRunner[] runner = new LoadRunner[1];
            runner[0] = new LoadRunner(config(server).limit(LoadLimit.records(1_000_000)).batchSize(10).build(), () -> {
                if (generated.incrementAndGet() == 100) {
                    runner[0].stop();
                }
                return ("record " + generated.get()).getBytes(StandardCharsets.UTF_8);
            }, new PrintStream(output, true, StandardCharsets.UTF_8), false);

            LoadReport report = runner[0].run();

            assertThat(report.recordsSent()).isEqualTo(100);
            assertThat(report.recordsAcknowledged()).isEqualTo(100);
            assertThat(report.stopReason()).hasValue("stop requested");
        }
    }

    private LoadReport run(LoadConfig.Builder config, Supplier<byte[]> records) throws IOException, InterruptedException {
        return new LoadRunner(config.build(), records, new PrintStream(output, true, StandardCharsets.UTF_8), false).run();
    }

    private static LoadConfig.Builder config(TestingFirehoseServer server) {
        return LoadConfig.builder("telemetry").endpoint(server.endpoint()).retryBaseDelay(Duration.ofMillis(1));
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** Records {@code {"record": 1}}, {@code {"record": 2}} and so on. */
    private static Supplier<byte[]> numberedRecords() {
        AtomicLong counter = new AtomicLong();
        return () -> ("{\"record\": " + counter.incrementAndGet() + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> numbered(int count) {
        return LongStream.rangeClosed(1, count).mapToObj(index -> "{\"record\": " + index + "}").toList();
    }
}
