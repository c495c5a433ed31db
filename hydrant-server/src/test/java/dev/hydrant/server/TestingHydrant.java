package dev.hydrant.server;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

import dev.hydrant.function.FunctionRuntimeFactory;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.SqlApplicationEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Hydrant server on a free port with its own temporary data directory, for integration tests, plus helpers
 * to talk to it over plain HTTP and to read what it delivered into its local buckets. Closing it stops the server
 * and deletes the data directory.
 */
public final class TestingHydrant implements AutoCloseable {
    public static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.1";
    public static final String TARGET_PREFIX = "Firehose_20150804.";
    public static final String ROLE_ARN = "arn:aws:iam::123456789012:role/hydrant-test";
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final Path dataDirectory;
    private final HydrantServer server;
    private final HttpClient http;

    private TestingHydrant(Path dataDirectory, HydrantServer server) {
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
        this.server = requireNonNull(server, "server is null");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Starts a server on a free port of 127.0.0.1, with data in a new temporary directory. */
    public static TestingHydrant start() throws IOException {
        return start((FunctionRuntimeFactory) null);
    }

    /** Starts a server whose functions run on {@code runtimeFactory} (null: the server's default runtimes). */
    public static TestingHydrant start(FunctionRuntimeFactory runtimeFactory) throws IOException {
        Path dataDirectory = Files.createTempDirectory("hydrant-it-");
        ServerConfig config = ServerConfig.defaults(dataDirectory).withPort(0);
        HydrantServer server = runtimeFactory == null ? new HydrantServer(config, EpochClock.SYSTEM) : new HydrantServer(config, EpochClock.SYSTEM, runtimeFactory);
        return start(dataDirectory, server);
    }

    /** Starts a server whose SQL applications run on {@code engine} (empty: no engine installed). */
    public static TestingHydrant start(Optional<SqlApplicationEngine> engine) throws IOException {
        Path dataDirectory = Files.createTempDirectory("hydrant-it-");
        return start(dataDirectory, new HydrantServer(ServerConfig.defaults(dataDirectory).withPort(0), EpochClock.SYSTEM, engine));
    }

    private static TestingHydrant start(Path dataDirectory, HydrantServer server) throws IOException {
        try {
            server.start();
        }
        catch (IOException | RuntimeException e) {
            server.close();
            deleteRecursively(dataDirectory);
            throw e;
        }
        return new TestingHydrant(dataDirectory, server);
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String url() {
        return server.url();
    }

    public URI uri(String path) {
        return URI.create(url() + path);
    }

    public int port() {
        return server.port();
    }

    public HydrantServer server() {
        return server;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Path bucketDirectory(String bucket) {
        return server.store().root().resolve(bucket);
    }

    // ---- HTTP ----

    /** Sends any request; {@code body} may be null for no body. Headers are name, value pairs. */
    public HttpResponse<String> send(String method, String path, byte[] body, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers must be name, value pairs");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A Firehose JSON 1.1 call: {@code POST /} with {@code X-Amz-Target: Firehose_20150804.<operation>}. */
    public HttpResponse<String> firehose(String operation, String jsonBody) {
        return firehose(operation, jsonBody.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> firehose(String operation, byte[] body) {
        return send("POST", "/", body, "Content-Type", JSON_CONTENT_TYPE, "X-Amz-Target", TARGET_PREFIX + operation);
    }

    /** A Kinesis Analytics (v1) JSON 1.1 call: {@code POST /} with {@code X-Amz-Target: KinesisAnalytics_20150814.<operation>}. */
    public HttpResponse<String> kinesisAnalytics(String operation, String jsonBody) {
        return send("POST", "/", jsonBody.getBytes(StandardCharsets.UTF_8), "Content-Type", JSON_CONTENT_TYPE,
                "X-Amz-Target", "KinesisAnalytics_20150814." + operation);
    }

    /** The Prometheus exposition of {@code /metrics}. */
    public String metrics() {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * The value of series {@code name} for one stream in Prometheus text, whether or not the exposition appends
     * {@code _total}; empty when the series is missing.
     */
    public static OptionalDouble metricValue(String exposition, String name, String stream) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(?:_total)?\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(exposition);
        while (matcher.find()) {
            if (matcher.group(1).contains("DeliveryStreamName=\"" + stream + "\"")) {
                return OptionalDouble.of(Double.parseDouble(matcher.group(2)));
            }
        }
        return OptionalDouble.empty();
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    /**
     * Creates a DirectPut stream with an ExtendedS3 destination into {@code bucket}, delivering near-immediately
     * (IntervalInSeconds 0), and fails unless the server answers 200.
     */
    public void createDeliveryStream(String name, String bucket) {
        HttpResponse<String> response = firehose("CreateDeliveryStream", """
                {"DeliveryStreamName":"%s","DeliveryStreamType":"DirectPut",
                 "ExtendedS3DestinationConfiguration":{"RoleARN":"%s","BucketARN":"arn:aws:s3:::%s",
                   "BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":0}}}""".formatted(name, ROLE_ARN, bucket));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("CreateDeliveryStream " + name + " failed: " + response.statusCode() + " " + response.body());
        }
    }

    /** PutRecord over the Firehose API; returns the raw response. */
    public HttpResponse<String> putRecord(String stream, byte[] data) {
        return firehose("PutRecord", "{\"DeliveryStreamName\":\"" + stream + "\",\"Record\":{\"Data\":\""
                + java.util.Base64.getEncoder().encodeToString(data) + "\"}}");
    }

    // ---- buckets ----

    /** Every object file in {@code bucket}, sorted by key; empty when the bucket does not exist. */
    public List<Path> objectFiles(String bucket) {
        Path directory = bucketDirectory(bucket);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Object keys of {@code bucket} ({@code /}-separated paths under the bucket), sorted. */
    public List<String> objectKeys(String bucket) {
        Path directory = bucketDirectory(bucket);
        return objectFiles(bucket).stream()
                .map(file -> directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"))
                .toList();
    }

    /** The decompressed contents of every object in {@code bucket}, in key order. */
    public List<byte[]> objectContents(String bucket) {
        List<byte[]> contents = new ArrayList<>();
        for (Path file : objectFiles(bucket)) {
            contents.add(readObject(file));
        }
        return contents;
    }

    /** Total decompressed bytes in {@code bucket}. */
    public long deliveredBytes(String bucket) {
        return objectContents(bucket).stream().mapToLong(content -> content.length).sum();
    }

    /** Waits until the decompressed bytes in {@code bucket} add up to {@code bytes}, then returns the contents. */
    public List<byte[]> awaitDeliveredBytes(String bucket, long bytes) {
        await().atMost(WAIT).until(() -> deliveredBytes(bucket) >= bytes);
        return objectContents(bucket);
    }

    /** Waits until the object keys of {@code bucket} satisfy {@code condition}, then returns them. */
    public List<String> awaitObjectKeys(String bucket, Predicate<List<String>> condition) {
        await().atMost(WAIT).until(() -> condition.test(objectKeys(bucket)));
        return objectKeys(bucket);
    }

    /** Reads one object file, undoing its compression as its extension tells: {@code .gz}, {@code .zip} or none. */
    public static byte[] readObject(Path file) {
        try {
            String name = file.getFileName().toString();
            if (name.endsWith(".gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    return in.readAllBytes();
                }
            }
            if (name.endsWith(".zip")) {
                try (ZipInputStream in = new ZipInputStream(Files.newInputStream(file))) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                        in.transferTo(out);
                    }
                    return out.toByteArray();
                }
            }
            return Files.readAllBytes(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        }
        finally {
            deleteRecursively(dataDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to delete " + directory, e);
        }
    }
}
