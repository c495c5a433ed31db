package dev.hydrant.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server with SIGKILL several times under sustained load and restarts it. Every acknowledged record must
 * be delivered exactly once, byte for byte, and every object in the bucket must be complete.
 */
class CrashSafetyIT {
    private static final int KILLS = 3;
    private static final int BATCH = 100;
    private static final int SENDERS = 2;

    @TempDir
    Path dataDirectory;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong failedRequests = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean(true);

    @Test
    void everyAcknowledgedRecordIsDeliveredExactlyOnceAcrossKills() throws Exception {
        int port = HydrantProcess.freePort();
        // Small segments, so that kills also land while segment files roll and are recycled.
        String[] serverArguments = {"server", "--port", Integer.toString(port), "--data-dir", dataDirectory.toString(), "--log-segment-bytes", "262144"};
        HydrantProcess server = HydrantProcess.start(port, serverArguments);
        HttpResponse<String> created = server.firehose(client, "CreateDeliveryStream", """
                {"DeliveryStreamName":"crash","ExtendedS3DestinationConfiguration":{
                  "RoleARN":"arn:aws:iam::000000000000:role/r","BucketARN":"arn:aws:s3:::crash-bucket",
                  "BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":1},"CompressionFormat":"GZIP"}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String url = server.url();

        List<Thread> senders = new ArrayList<>();
        for (int sender = 0; sender < SENDERS; sender++) {
            long firstSequence = sender * 1_000_000_000L;
            Thread thread = new Thread(() -> send(url, firstSequence), "sender-" + sender);
            thread.start();
            senders.add(thread);
        }
        try {
            for (int kill = 1; kill <= KILLS; kill++) {
                long target = acknowledged.size() + 3_000;
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= target);
                server.kill();
                server = HydrantProcess.start(port, serverArguments);
            }
            long target = acknowledged.size() + 3_000;
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= target);
        }
        finally {
            sending.set(false);
            for (Thread thread : senders) {
                thread.join();
            }
        }

        Path bucket = dataDirectory.resolve("buckets").resolve("crash-bucket");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(delivered(bucket).keySet()).containsAll(acknowledged));
        assertThat(server.terminate()).isEqualTo(0);

        Map<Long, Integer> delivered = delivered(bucket);
        assertThat(acknowledged).hasSizeGreaterThan(KILLS * 3_000);
        for (Map.Entry<Long, Integer> entry : delivered.entrySet()) {
            assertThat(entry.getValue()).as("copies of record %d", entry.getKey()).isEqualTo(1);
        }
    }

    private void send(String url, long firstSequence) {
        long next = firstSequence;
        while (sending.get()) {
            List<Long> sequences = new ArrayList<>(BATCH);
            StringBuilder body = new StringBuilder("{\"DeliveryStreamName\":\"crash\",\"Records\":[");
            for (int i = 0; i < BATCH; i++) {
                long sequence = next++;
                sequences.add(sequence);
                body.append(i == 0 ? "" : ",").append("{\"Data\":\"").append(Base64.getEncoder().encodeToString(record(sequence))).append("\"}");
            }
            body.append("]}");
            try {
                HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .header("X-Amz-Target", "Firehose_20150804.PutRecordBatch")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"FailedPutCount\":0")) {
                    acknowledged.addAll(sequences);
                }
                else {
                    failedRequests.incrementAndGet();
                }
            }
            catch (IOException e) {
                failedRequests.incrementAndGet();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A newline-terminated record that carries its sequence number and a checksum of its content. */
    static byte[] record(long sequence) {
        String payload = "sequence-" + sequence + "-" + "x".repeat((int) (sequence % 200));
        CRC32 crc = new CRC32();
        crc.update(payload.getBytes(UTF_8));
        return ("{\"seq\":" + sequence + ",\"payload\":\"" + payload + "\",\"crc\":" + crc.getValue() + "}\n").getBytes(UTF_8);
    }

    /** Sequence number to the number of times it was delivered; fails on any torn object or corrupt record. */
    private static Map<Long, Integer> delivered(Path bucket) throws IOException {
        Map<Long, Integer> counts = new HashMap<>();
        if (!Files.isDirectory(bucket)) {
            return counts;
        }
        List<Path> objects;
        try (Stream<Path> walk = Files.walk(bucket)) {
            objects = walk.filter(Files::isRegularFile).toList();
        }
        for (Path object : objects) {
            assertThat(object.getFileName().toString()).endsWith(".gz");
            byte[] content;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(object))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                content = out.toByteArray();
            }
            String text = new String(content, UTF_8);
            assertThat(text).as("object %s", object).endsWith("\n");
            for (String line : text.split("\n")) {
                long sequence = Long.parseLong(line.substring(line.indexOf(':') + 1, line.indexOf(',')));
                assertThat((line + "\n").getBytes(UTF_8)).as("record %d in %s", sequence, object).isEqualTo(record(sequence));
                counts.merge(sequence, 1, Integer::sum);
            }
        }
        return counts;
    }
}
