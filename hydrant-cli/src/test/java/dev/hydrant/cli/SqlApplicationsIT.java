package dev.hydrant.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.server.TestingHydrant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClient;
import software.amazon.awssdk.services.kinesisanalytics.model.ApplicationStatus;
import software.amazon.awssdk.services.kinesisanalytics.model.CodeValidationException;
import software.amazon.awssdk.services.kinesisanalytics.model.Input;
import software.amazon.awssdk.services.kinesisanalytics.model.InputStartingPosition;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordColumn;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordFormatType;
import software.amazon.awssdk.services.kinesisanalytics.model.ResourceNotFoundException;

/**
 * KDA for SQL applications end to end from the shaded jar: {@code hydrant server} driven through the Kinesis Analytics
 * (v1) and Firehose APIs of the AWS SDK for Java v2, with the embedded Flink running the SQL, reading a delivery
 * stream's log and writing into another delivery stream, whose local bucket is read back as files.
 */
class SqlApplicationsIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/hydrant-test";
    private static final String INPUT_STREAM = "laps";
    private static final String OUTPUT_STREAM = "results";
    private static final String OUTPUT_BUCKET = "results-bucket";
    private static final Duration STATUS_WAIT = Duration.ofSeconds(90);
    private static final Duration OUTPUT_WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dataDirectory;

    @Test
    void countsPerTeamInTumblingWindowsFromTrimHorizonAsJson() throws Exception {
        try (HydrantProcess hydrant = startServer(); FirehoseClient firehose = firehose(hydrant); KinesisAnalyticsClient analytics = analytics(hydrant)) {
            createDeliveryStream(firehose, INPUT_STREAM, "laps-bucket");
            createDeliveryStream(firehose, OUTPUT_STREAM, OUTPUT_BUCKET);
            Map<String, Long> sent = new TreeMap<>(Map.of("red", 5L, "blue", 3L, "green", 1L));
            List<String> records = new ArrayList<>();
            int speed = 100;
            for (int round = 0; round < 5; round++) {
                for (Map.Entry<String, Long> team : sent.entrySet()) {
                    if (round < team.getValue()) {
                        records.add(lap(team.getKey(), speed++));
                    }
                }
            }
            putRecords(firehose, records);

            analytics.createApplication(request -> request.applicationName("windows")
                    .applicationCode("""
                            CREATE OR REPLACE STREAM "DEST" ("team" VARCHAR(8), "n" INTEGER);
                            CREATE OR REPLACE PUMP "P" AS INSERT INTO "DEST"
                              SELECT STREAM "team", COUNT(*) FROM "in_001"
                              GROUP BY "team", STEP("in_001".ROWTIME BY INTERVAL '10' SECOND);
                            """)
                    .inputs(lapsInput())
                    .outputs(output -> output.name("DEST")
                            .kinesisFirehoseOutput(target -> target.resourceARN(deliveryStreamArn(OUTPUT_STREAM)).roleARN(ROLE_ARN))
                            .destinationSchema(schema -> schema.recordFormatType(RecordFormatType.JSON))));
            assertThat(status(analytics, "windows")).isEqualTo(ApplicationStatus.READY);
            start(hydrant, analytics, "windows", InputStartingPosition.TRIM_HORIZON);

            // ROWTIME is the server's arrival time, so the window boundaries are unknown: a window closes only when a
            // record arrives after its end (the watermark follows ROWTIME), so keep sending "tick" laps until every
            // window holding the laps above has been emitted.
            Path bucket = dataDirectory.resolve("buckets").resolve(OUTPUT_BUCKET);
            awaitUntil(hydrant, "the counts of the windows holding the laps sent before the start", OUTPUT_WAIT, () -> {
                putRecords(firehose, List.of(lap("tick", 1)));
                Map<String, Long> counted = countsPerTeam(jsonObjects(bucket));
                return sent.entrySet().stream().allMatch(team -> counted.getOrDefault(team.getKey(), 0L) >= team.getValue());
            });
            List<JsonNode> rows = jsonObjects(bucket);
            assertThat(rows).allSatisfy(row -> {
                assertThat(fieldNames(row)).containsExactly("team", "n");
                assertThat(row.get("n").isIntegralNumber()).as(row.toString()).isTrue();
                assertThat(row.get("n").asLong()).as(row.toString()).isPositive();
            });
            Map<String, Long> counted = countsPerTeam(rows);
            counted.remove("tick");
            assertThat(counted).isEqualTo(sent);
            // Concatenated objects, without a newline between or after them.
            assertThat(new String(HydrantProcess.objects(bucket), UTF_8)).doesNotContain("\n").startsWith("{").endsWith("}");
        }
    }

    @Test
    void joinsTheInputWithAReferenceTableLoadedFromALocalBucketAsCsv() throws Exception {
        try (HydrantProcess hydrant = startServer(); FirehoseClient firehose = firehose(hydrant); KinesisAnalyticsClient analytics = analytics(hydrant)) {
            createDeliveryStream(firehose, INPUT_STREAM, "laps-bucket");
            createDeliveryStream(firehose, OUTPUT_STREAM, OUTPUT_BUCKET);
            Path referenceObject = dataDirectory.resolve("buckets/reference/tables/teams.csv");
            Files.createDirectories(referenceObject.getParent());
            Files.writeString(referenceObject, "red,Ferrari\nblue,Williams\nsilver,Mercedes\n");
            putRecords(firehose, List.of(lap("red", 201), lap("green", 150), lap("blue", 180), lap("silver", 230), lap("red", 199)));

            analytics.createApplication(request -> request.applicationName("join")
                    .inputs(lapsInput())
                    .outputs(output -> output.name("DEST")
                            .kinesisFirehoseOutput(target -> target.resourceARN(deliveryStreamArn(OUTPUT_STREAM)).roleARN(ROLE_ARN))
                            .destinationSchema(schema -> schema.recordFormatType(RecordFormatType.CSV))));
            analytics.addApplicationReferenceDataSource(request -> request.applicationName("join").currentApplicationVersionId(1L)
                    .referenceDataSource(reference -> reference.tableName("teams")
                            .s3ReferenceDataSource(s3 -> s3.bucketARN("arn:aws:s3:::reference").fileKey("tables/teams.csv").referenceRoleARN(ROLE_ARN))
                            .referenceSchema(schema -> schema
                                    .recordFormat(format -> format.recordFormatType(RecordFormatType.CSV)
                                            .mappingParameters(mapping -> mapping.csvMappingParameters(csv -> csv.recordRowDelimiter("\n").recordColumnDelimiter(","))))
                                    .recordEncoding("UTF-8")
                                    .recordColumns(column("team", "VARCHAR(8)"), column("owner", "VARCHAR(16)")))));
            assertThat(describe(analytics, "join").referenceDataSourceDescriptions()).singleElement()
                    .satisfies(reference -> assertThat(reference.tableName()).isEqualTo("teams"));
            analytics.updateApplication(request -> request.applicationName("join").currentApplicationVersionId(2L)
                    .applicationUpdate(update -> update.applicationCodeUpdate("""
                            CREATE OR REPLACE STREAM "DEST" ("team" VARCHAR(8), "speed" INTEGER, "owner" VARCHAR(16));
                            CREATE OR REPLACE PUMP "P" AS INSERT INTO "DEST"
                              SELECT STREAM s."team", s."speed", t."owner"
                              FROM "in_001" AS s JOIN "teams" AS t ON s."team" = t."team";
                            """)));
            start(hydrant, analytics, "join", InputStartingPosition.TRIM_HORIZON);

            // "green" is not in the table, so the inner join drops it; the last lap's row proves the earlier ones are through.
            Path bucket = dataDirectory.resolve("buckets").resolve(OUTPUT_BUCKET);
            List<String> expected = List.of("red,201,Ferrari", "blue,180,Williams", "silver,230,Mercedes", "red,199,Ferrari");
            awaitUntil(hydrant, "the joined rows", OUTPUT_WAIT, () -> lines(bucket).containsAll(expected));
            assertThat(lines(bucket)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(new String(HydrantProcess.objects(bucket), UTF_8)).endsWith("\n");
        }
    }

    @Test
    void resumesFromTheLastStoppedPointWithoutLosingOrRepeatingRows() throws Exception {
        try (HydrantProcess hydrant = startServer(); FirehoseClient firehose = firehose(hydrant); KinesisAnalyticsClient analytics = analytics(hydrant)) {
            createDeliveryStream(firehose, INPUT_STREAM, "laps-bucket");
            createDeliveryStream(firehose, OUTPUT_STREAM, OUTPUT_BUCKET);
            analytics.createApplication(request -> request.applicationName("filter")
                    .applicationCode("""
                            CREATE OR REPLACE STREAM "DEST" ("team" VARCHAR(8), "speed" INTEGER);
                            CREATE OR REPLACE PUMP "P" AS INSERT INTO "DEST"
                              SELECT STREAM "team", "speed" FROM "in_001" WHERE "speed" >= 200;
                            """)
                    .inputs(lapsInput())
                    .outputs(output -> output.name("DEST")
                            .kinesisFirehoseOutput(target -> target.resourceARN(deliveryStreamArn(OUTPUT_STREAM)).roleARN(ROLE_ARN))
                            .destinationSchema(schema -> schema.recordFormatType(RecordFormatType.CSV))));
            // TRIM_HORIZON, not NOW: see startingFromNowProcessesLapsPutOnceTheApplicationIsRunning.
            start(hydrant, analytics, "filter", InputStartingPosition.TRIM_HORIZON);
            Path bucket = dataDirectory.resolve("buckets").resolve(OUTPUT_BUCKET);
            List<String> expected = new ArrayList<>();

            // Running: the rows come through.
            expected.addAll(putBatch(firehose, "red", 0));
            awaitUntil(hydrant, "the rows of the first batch", OUTPUT_WAIT, () -> lines(bucket).containsAll(expected));

            // Put just before the stop, so some are likely in flight when the savepoint is taken.
            expected.addAll(putBatch(firehose, "blue", 100));
            analytics.stopApplication(request -> request.applicationName("filter"));
            assertThat(status(analytics, "filter")).isIn(ApplicationStatus.STOPPING, ApplicationStatus.READY);
            awaitStatus(hydrant, analytics, "filter", ApplicationStatus.READY);

            // Stopped: accepted by the delivery stream, processed only after the restart.
            expected.addAll(putBatch(firehose, "green", 200));
            start(hydrant, analytics, "filter", InputStartingPosition.LAST_STOPPED_POINT);
            assertThat(describe(analytics, "filter").inputDescriptions().get(0).inputStartingPositionConfiguration().inputStartingPosition())
                    .isEqualTo(InputStartingPosition.LAST_STOPPED_POINT);

            expected.addAll(putBatch(firehose, "silver", 300));
            // The last lap is put after every other one: once its row is out, all earlier rows are too.
            awaitUntil(hydrant, "the rows of all four batches", OUTPUT_WAIT, () -> lines(bucket).containsAll(expected));
            assertThat(lines(bucket)).containsExactlyInAnyOrderElementsOf(expected);
            // each row was appended to the output stream's log once, and counts as that stream's incoming records
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hydrant.url() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(TestingHydrant.metricValue(metrics, "IncomingRecords", OUTPUT_STREAM)).hasValue(expected.size());
        }
    }

    @Test
    void startingFromNowProcessesLapsPutOnceTheApplicationIsRunning() throws Exception {
        try (HydrantProcess hydrant = startServer(); FirehoseClient firehose = firehose(hydrant); KinesisAnalyticsClient analytics = analytics(hydrant)) {
            createDeliveryStream(firehose, INPUT_STREAM, "laps-bucket");
            createDeliveryStream(firehose, OUTPUT_STREAM, OUTPUT_BUCKET);
            putRecords(firehose, List.of(lap("before", 250)));
            analytics.createApplication(request -> request.applicationName("filter")
                    .applicationCode("""
                            CREATE OR REPLACE STREAM "FAST" ("team" VARCHAR(8), "speed" INTEGER);
                            CREATE OR REPLACE PUMP "P1" AS INSERT INTO "FAST"
                              SELECT STREAM "team", "speed" FROM "in_001" WHERE "speed" >= 200;
                            CREATE OR REPLACE STREAM "DEST" ("team" VARCHAR(8), "speed" INTEGER);
                            CREATE OR REPLACE PUMP "P2" AS INSERT INTO "DEST"
                              SELECT STREAM "team", "speed" FROM "FAST";
                            """)
                    .inputs(lapsInput())
                    .outputs(output -> output.name("DEST")
                            .kinesisFirehoseOutput(target -> target.resourceARN(deliveryStreamArn(OUTPUT_STREAM)).roleARN(ROLE_ARN))
                            .destinationSchema(schema -> schema.recordFormatType(RecordFormatType.CSV))));
            analytics.startApplication(request -> request.applicationName("filter")
                    .inputConfigurations(configuration -> configuration.id("1.1")
                            .inputStartingPositionConfiguration(starting -> starting.inputStartingPosition(InputStartingPosition.NOW))));
            // Put the moment RUNNING is seen: KDA reads records that arrive after the application is running.
            await("filter RUNNING").atMost(STATUS_WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> status(analytics, "filter") == ApplicationStatus.RUNNING);

            // Live tails of the output stream and of the intermediate one, as server-sent events; an unknown stream is
            // refused in AWS's error shape.
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(hydrant.url() + "/apps/filter/streams/NOPE/tail")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(MAPPER.readTree(unknown.body()).get("__type").asText()).isEqualTo("ResourceNotFoundException");
            BlockingQueue<String> tailed = tail(http, hydrant.url() + "/apps/filter/streams/DEST/tail");
            BlockingQueue<String> tailedFast = tail(http, hydrant.url() + "/apps/filter/streams/FAST/tail");

            List<String> expected = putBatch(firehose, "red", 0);
            Path bucket = dataDirectory.resolve("buckets").resolve(OUTPUT_BUCKET);
            awaitUntil(hydrant, "the rows of the laps put once running", OUTPUT_WAIT, () -> lines(bucket).containsAll(expected));
            // The lap put before the start is not read from NOW.
            assertThat(lines(bucket)).containsExactlyInAnyOrderElementsOf(expected);
            String sampled = tailed.poll(30, TimeUnit.SECONDS);
            assertThat(sampled).as("a row of DEST on the live tail").isNotNull();
            JsonNode row = MAPPER.readTree(sampled);
            assertThat(row.get("team").asText() + "," + row.get("speed").asInt()).isIn(expected);
            String sampledFast = tailedFast.poll(30, TimeUnit.SECONDS);
            assertThat(sampledFast).as("a row of the intermediate stream FAST on the live tail").isNotNull();
            JsonNode fastRow = MAPPER.readTree(sampledFast);
            assertThat(fastRow.get("team").asText() + "," + fastRow.get("speed").asInt()).isIn(expected);
        }
    }

    /** Opens a live tail and queues the rows of its events. */
    private static BlockingQueue<String> tail(HttpClient http, String url) throws Exception {
        HttpResponse<Stream<String>> tail = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(tail.statusCode()).isEqualTo(200);
        assertThat(tail.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        BlockingQueue<String> tailed = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> tail.body().filter(line -> line.startsWith("data: ")).forEach(line -> tailed.add(line.substring(6))));
        reader.setDaemon(true);
        reader.start();
        return tailed;
    }

    @Test
    void refusesCodeNamingAnUnknownStreamWithItsLineAndColumn() throws Exception {
        try (HydrantProcess hydrant = startServer(); FirehoseClient firehose = firehose(hydrant); KinesisAnalyticsClient analytics = analytics(hydrant)) {
            createDeliveryStream(firehose, INPUT_STREAM, "laps-bucket");
            assertThatThrownBy(() -> analytics.createApplication(request -> request.applicationName("invalid")
                    .applicationCode("""
                            CREATE OR REPLACE STREAM "DEST" ("team" VARCHAR(8));
                            CREATE OR REPLACE PUMP "P" AS INSERT INTO "DEST"
                              SELECT STREAM "team" FROM "no_such_stream";
                            """)
                    .inputs(lapsInput())))
                    .isInstanceOf(CodeValidationException.class)
                    .hasMessageContaining("line 3, column 29")
                    .hasMessageContaining("no_such_stream");
            assertThatThrownBy(() -> describe(analytics, "invalid")).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void refusesAnEmptyWhereWithTheLineAndColumnOfTheWhere() throws Exception {
        try (HydrantProcess hydrant = startServer(); FirehoseClient firehose = firehose(hydrant); KinesisAnalyticsClient analytics = analytics(hydrant)) {
            createDeliveryStream(firehose, INPUT_STREAM, "laps-bucket");
            assertThatThrownBy(() -> analytics.createApplication(request -> request.applicationName("invalid")
                    .applicationCode("""
                            CREATE OR REPLACE STREAM "DEST" ("team" VARCHAR(8));
                            CREATE OR REPLACE PUMP "P" AS INSERT INTO "DEST"
                              SELECT STREAM "team" FROM "in_001" WHERE;
                            """)
                    .inputs(lapsInput())))
                    .isInstanceOf(CodeValidationException.class)
                    .hasMessageContaining("Expected a condition after WHERE")
                    .hasMessageMatching("(?s).*line 3, column (38|43):.*");
            assertThatThrownBy(() -> describe(analytics, "invalid")).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    private HydrantProcess startServer() throws Exception {
        int port = HydrantProcess.freePort();
        return HydrantProcess.start(port, "server", "--port", Integer.toString(port), "--data-dir", dataDirectory.toString());
    }

    private static FirehoseClient firehose(HydrantProcess hydrant) {
        return FirehoseClient.builder()
                .endpointOverride(URI.create(hydrant.url()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDHYDRANTTEST", "hydrant-test-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static KinesisAnalyticsClient analytics(HydrantProcess hydrant) {
        return KinesisAnalyticsClient.builder()
                .endpointOverride(URI.create(hydrant.url()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDHYDRANTTEST", "hydrant-test-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static void createDeliveryStream(FirehoseClient firehose, String name, String bucket) {
        firehose.createDeliveryStream(request -> request.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(destination -> destination.roleARN(ROLE_ARN).bucketARN("arn:aws:s3:::" + bucket)
                        .bufferingHints(hints -> hints.sizeInMBs(1).intervalInSeconds(0))));
    }

    private static String deliveryStreamArn(String name) {
        return "arn:aws:firehose:us-east-1:000000000000:deliverystream/" + name;
    }

    private static Input lapsInput() {
        return Input.builder()
                .namePrefix("in")
                .kinesisFirehoseInput(firehose -> firehose.resourceARN(deliveryStreamArn(INPUT_STREAM)).roleARN(ROLE_ARN))
                .inputSchema(schema -> schema
                        .recordFormat(format -> format.recordFormatType(RecordFormatType.JSON)
                                .mappingParameters(mapping -> mapping.jsonMappingParameters(json -> json.recordRowPath("$"))))
                        .recordEncoding("UTF-8")
                        .recordColumns(column("team", "VARCHAR(8)", "$.team"), column("speed", "INTEGER", "$.speed")))
                .build();
    }

    private static RecordColumn column(String name, String sqlType) {
        return RecordColumn.builder().name(name).sqlType(sqlType).build();
    }

    private static RecordColumn column(String name, String sqlType, String mapping) {
        return RecordColumn.builder().name(name).sqlType(sqlType).mapping(mapping).build();
    }

    private static String lap(String team, int speed) {
        return "{\"team\":\"" + team + "\",\"speed\":" + speed + "}";
    }

    /** Five laps of a team, speeds {@code base + 198 .. base + 202}; returns the CSV rows of the three kept by the filter. */
    private static List<String> putBatch(FirehoseClient firehose, String team, int base) {
        List<String> records = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int speed = base + 198; speed <= base + 202; speed++) {
            records.add(lap(team, speed));
            if (speed >= 200) {
                kept.add(team + "," + speed);
            }
        }
        putRecords(firehose, records);
        return kept;
    }

    private static void putRecords(FirehoseClient firehose, List<String> records) {
        List<Record> batch = records.stream().map(record -> Record.builder().data(SdkBytes.fromUtf8String(record)).build()).toList();
        PutRecordBatchResponse response = firehose.putRecordBatch(request -> request.deliveryStreamName(INPUT_STREAM).records(batch));
        assertThat(response.failedPutCount()).as(response.toString()).isZero();
    }

    private static void start(HydrantProcess hydrant, KinesisAnalyticsClient analytics, String name, InputStartingPosition position) {
        analytics.startApplication(request -> request.applicationName(name)
                .inputConfigurations(configuration -> configuration.id("1.1")
                        .inputStartingPositionConfiguration(starting -> starting.inputStartingPosition(position))));
        assertThat(status(analytics, name)).isIn(ApplicationStatus.STARTING, ApplicationStatus.RUNNING);
        awaitStatus(hydrant, analytics, name, ApplicationStatus.RUNNING);
    }

    private static void awaitStatus(HydrantProcess hydrant, KinesisAnalyticsClient analytics, String name, ApplicationStatus expected) {
        awaitUntil(hydrant, name + " " + expected, STATUS_WAIT, () -> status(analytics, name) == expected);
    }

    private static ApplicationStatus status(KinesisAnalyticsClient analytics, String name) {
        return describe(analytics, name).applicationStatus();
    }

    private static software.amazon.awssdk.services.kinesisanalytics.model.ApplicationDetail describe(KinesisAnalyticsClient analytics, String name) {
        return analytics.describeApplication(request -> request.applicationName(name)).applicationDetail();
    }

    /** Awaits the condition; on a timeout the failure carries the server's output. */
    private static void awaitUntil(HydrantProcess hydrant, String description, Duration timeout, Callable<Boolean> condition) {
        try {
            await(description).atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(condition);
        }
        catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nHydrant output:\n" + hydrant.output(), e);
        }
    }

    private static Map<String, Long> countsPerTeam(List<JsonNode> rows) {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode row : rows) {
            counts.merge(row.get("team").asText(), row.get("n").asLong(), Long::sum);
        }
        return counts;
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<JsonNode> jsonObjects(Path bucket) throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        byte[] bytes = HydrantProcess.objects(bucket);
        if (bytes.length > 0) {
            MAPPER.readerFor(JsonNode.class).readValues(bytes).forEachRemaining(node -> objects.add((JsonNode) node));
        }
        return objects;
    }

    private static List<String> lines(Path bucket) throws Exception {
        String text = new String(HydrantProcess.objects(bucket), UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
