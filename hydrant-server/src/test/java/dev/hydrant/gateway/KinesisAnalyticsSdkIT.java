package dev.hydrant.gateway;

import static dev.hydrant.server.TestingHydrant.ROLE_ARN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.application.TestingSqlApplicationEngine;
import dev.hydrant.server.TestingHydrant;
import dev.hydrant.spi.SqlApplication;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClient;
import software.amazon.awssdk.services.kinesisanalytics.model.ApplicationDetail;
import software.amazon.awssdk.services.kinesisanalytics.model.ApplicationStatus;
import software.amazon.awssdk.services.kinesisanalytics.model.ApplicationSummary;
import software.amazon.awssdk.services.kinesisanalytics.model.CodeValidationException;
import software.amazon.awssdk.services.kinesisanalytics.model.ConcurrentModificationException;
import software.amazon.awssdk.services.kinesisanalytics.model.DiscoverInputSchemaResponse;
import software.amazon.awssdk.services.kinesisanalytics.model.Input;
import software.amazon.awssdk.services.kinesisanalytics.model.InputStartingPosition;
import software.amazon.awssdk.services.kinesisanalytics.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisanalytics.model.InvalidApplicationConfigurationException;
import software.amazon.awssdk.services.kinesisanalytics.model.ListApplicationsResponse;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordColumn;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordFormatType;
import software.amazon.awssdk.services.kinesisanalytics.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesisanalytics.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisanalytics.model.Tag;
import software.amazon.awssdk.services.kinesisanalytics.model.TooManyTagsException;
import software.amazon.awssdk.services.kinesisanalytics.model.UnableToDetectSchemaException;
import software.amazon.awssdk.services.kinesisanalytics.model.UnsupportedOperationException;

/** Every Kinesis Analytics (v1) operation through the AWS SDK for Java v2, against a real server with a testing SQL engine. */
class KinesisAnalyticsSdkIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RAW_STREAM = "sg12-kinesis-firehose-extended-s3-stream";
    private static final String PROCESSED_STREAM = "sg12-kinesis-firehose-processed-s3-stream";
    private static final String PROCESSED_ARN = "arn:aws:firehose:us-east-1:000000000000:deliverystream/" + PROCESSED_STREAM;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void runsTheReferenceApplicationLifecycle() throws Exception {
        TestingSqlApplicationEngine engine = new TestingSqlApplicationEngine();
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.of(engine)); KinesisAnalyticsClient analytics = clientFor(hydrant)) {
            createReferenceStreams(hydrant);
            ApplicationSummary created = analytics.createApplication(request -> request
                    .applicationName("example-application")
                    .applicationDescription("reference pipeline")
                    .applicationCode(referenceSql())
                    .inputs(referenceInput())
                    .outputs(output -> output.name("DESTINATION_SQL_STREAM")
                            .kinesisFirehoseOutput(firehose -> firehose.resourceARN(PROCESSED_ARN).roleARN(ROLE_ARN))
                            .destinationSchema(schema -> schema.recordFormatType(RecordFormatType.CSV)))
                    .tags(Tag.builder().key("project").value("sg12").build()))
                    .applicationSummary();
            assertThat(created.applicationARN()).isEqualTo("arn:aws:kinesisanalytics:us-east-1:000000000000:application/example-application");
            assertThat(created.applicationStatus()).isEqualTo(ApplicationStatus.READY);

            ApplicationDetail detail = describe(analytics, "example-application");
            assertThat(detail.applicationVersionId()).isEqualTo(1L);
            assertThat(detail.applicationDescription()).isEqualTo("reference pipeline");
            assertThat(detail.createTimestamp()).isNotNull();
            assertThat(detail.applicationCode()).isEqualTo(referenceSql());
            assertThat(detail.inputDescriptions()).singleElement().satisfies(input -> {
                assertThat(input.inputId()).isEqualTo("1.1");
                assertThat(input.namePrefix()).isEqualTo("sg12_prefix");
                assertThat(input.inAppStreamNames()).containsExactly("sg12_prefix_001");
                assertThat(input.kinesisFirehoseInputDescription().resourceARN()).endsWith("deliverystream/" + RAW_STREAM);
                assertThat(input.inputSchema().recordColumns()).hasSize(31);
                assertThat(input.inputSchema().recordColumns().get(20).sqlType()).isEqualTo("DECIMAL");
                assertThat(input.inputParallelism().count()).isEqualTo(1);
            });
            assertThat(detail.outputDescriptions()).singleElement().satisfies(output -> {
                assertThat(output.outputId()).isEqualTo("2.1");
                assertThat(output.name()).isEqualTo("DESTINATION_SQL_STREAM");
                assertThat(output.destinationSchema().recordFormatType()).isEqualTo(RecordFormatType.CSV);
            });

            analytics.startApplication(request -> request.applicationName("example-application")
                    .inputConfigurations(configuration -> configuration.id("1.1")
                            .inputStartingPositionConfiguration(position -> position.inputStartingPosition(InputStartingPosition.NOW))));
            await().atMost(WAIT).until(() -> describe(analytics, "example-application").applicationStatus() == ApplicationStatus.RUNNING);
            TestingSqlApplicationEngine.Start start = engine.lastStart();
            SqlApplication application = start.application();
            assertThat(start.startingPositions()).containsEntry("1.1", "NOW");
            assertThat(application.inputs()).singleElement().satisfies(input -> {
                assertThat(input.deliveryStream()).isEqualTo(RAW_STREAM);
                assertThat(input.namePrefix()).isEqualTo("sg12_prefix");
                assertThat(input.format().recordRowPath()).isEqualTo("$");
                assertThat(input.columns()).hasSize(31);
            });
            assertThat(application.outputs()).singleElement()
                    .isEqualTo(new SqlApplication.Output("2.1", "DESTINATION_SQL_STREAM", PROCESSED_STREAM, "CSV"));
            assertThat(start.context().stateDirectory()).isEqualTo(hydrant.dataDirectory().resolve("applications").resolve("example-application"));
            assertThat(describe(analytics, "example-application").inputDescriptions().get(0).inputStartingPositionConfiguration().inputStartingPosition())
                    .isEqualTo(InputStartingPosition.NOW);

            assertThatThrownBy(() -> analytics.startApplication(request -> request.applicationName("example-application")
                    .inputConfigurations(configuration -> configuration.id("1.1")
                            .inputStartingPositionConfiguration(position -> position.inputStartingPosition(InputStartingPosition.NOW)))))
                    .isInstanceOf(ResourceInUseException.class);

            analytics.stopApplication(request -> request.applicationName("example-application"));
            await().atMost(WAIT).until(() -> describe(analytics, "example-application").applicationStatus() == ApplicationStatus.READY);
            assertThat(start.run().stopped()).isTrue();

            ListApplicationsResponse listed = analytics.listApplications(request -> request.limit(10));
            assertThat(listed.applicationSummaries()).extracting(ApplicationSummary::applicationName).containsExactly("example-application");
            assertThat(listed.hasMoreApplications()).isFalse();

            analytics.deleteApplication(request -> request.applicationName("example-application").createTimestamp(detail.createTimestamp()));
            assertThat(analytics.listApplications(request -> { }).applicationSummaries()).isEmpty();
            assertThatThrownBy(() -> describe(analytics, "example-application")).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void changesOutputsCodeAndReferenceDataWithVersionIds() throws Exception {
        TestingSqlApplicationEngine engine = new TestingSqlApplicationEngine();
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.of(engine)); KinesisAnalyticsClient analytics = clientFor(hydrant)) {
            createReferenceStreams(hydrant);
            hydrant.createDeliveryStream("errors", "errors-bucket");
            analytics.createApplication(request -> request.applicationName("app").inputs(referenceInput()));

            analytics.addApplicationOutput(request -> request.applicationName("app").currentApplicationVersionId(1L)
                    .output(output -> output.name("DESTINATION_SQL_STREAM")
                            .kinesisFirehoseOutput(firehose -> firehose.resourceARN(PROCESSED_ARN).roleARN(ROLE_ARN))
                            .destinationSchema(schema -> schema.recordFormatType(RecordFormatType.JSON))));
            analytics.addApplicationOutput(request -> request.applicationName("app").currentApplicationVersionId(2L)
                    .output(output -> output.name("error_stream")
                            .kinesisFirehoseOutput(firehose -> firehose.resourceARN("arn:aws:firehose:us-east-1:000000000000:deliverystream/errors").roleARN(ROLE_ARN))
                            .destinationSchema(schema -> schema.recordFormatType(RecordFormatType.JSON))));
            ApplicationDetail withOutputs = describe(analytics, "app");
            assertThat(withOutputs.applicationVersionId()).isEqualTo(3L);
            assertThat(withOutputs.outputDescriptions()).extracting(output -> output.outputId() + " " + output.name())
                    .containsExactly("2.1 DESTINATION_SQL_STREAM", "3.1 error_stream");

            assertThatThrownBy(() -> analytics.deleteApplicationOutput(request -> request.applicationName("app").currentApplicationVersionId(2L).outputId("3.1")))
                    .isInstanceOf(ConcurrentModificationException.class);
            analytics.deleteApplicationOutput(request -> request.applicationName("app").currentApplicationVersionId(3L).outputId("3.1"));
            assertThat(describe(analytics, "app").outputDescriptions()).extracting(output -> output.outputId()).containsExactly("2.1");

            analytics.updateApplication(request -> request.applicationName("app").currentApplicationVersionId(4L)
                    .applicationUpdate(update -> update.applicationCodeUpdate(referenceSql())
                            .inputUpdates(input -> input.inputId("1.1").inputParallelismUpdate(parallelism -> parallelism.countUpdate(2)))));
            ApplicationDetail updated = describe(analytics, "app");
            assertThat(updated.applicationVersionId()).isEqualTo(5L);
            assertThat(updated.applicationCode()).isEqualTo(referenceSql());
            assertThat(updated.inputDescriptions().get(0).inAppStreamNames()).containsExactly("sg12_prefix_001", "sg12_prefix_002");

            assertThatThrownBy(() -> analytics.updateApplication(request -> request.applicationName("app").currentApplicationVersionId(5L)
                    .applicationUpdate(update -> update.applicationCodeUpdate("SELECT 1;\n  " + TestingSqlApplicationEngine.INVALID_MARKER))))
                    .isInstanceOf(CodeValidationException.class)
                    .hasMessageContaining("line 2, column 3");

            analytics.addApplicationReferenceDataSource(request -> request.applicationName("app").currentApplicationVersionId(5L)
                    .referenceDataSource(reference -> reference.tableName("COMPANY")
                            .s3ReferenceDataSource(s3 -> s3.bucketARN("arn:aws:s3:::reference").fileKey("company.csv").referenceRoleARN(ROLE_ARN))
                            .referenceSchema(schema -> schema
                                    .recordFormat(format -> format.recordFormatType(RecordFormatType.CSV)
                                            .mappingParameters(mapping -> mapping.csvMappingParameters(csv -> csv.recordRowDelimiter("\n").recordColumnDelimiter(","))))
                                    .recordColumns(RecordColumn.builder().name("TICKER").sqlType("VARCHAR(4)").build(),
                                            RecordColumn.builder().name("NAME").sqlType("VARCHAR(64)").build()))));
            ApplicationDetail withReference = describe(analytics, "app");
            assertThat(withReference.referenceDataSourceDescriptions()).singleElement().satisfies(reference -> {
                assertThat(reference.referenceId()).isEqualTo("4.1");
                assertThat(reference.tableName()).isEqualTo("COMPANY");
                assertThat(reference.s3ReferenceDataSourceDescription().fileKey()).isEqualTo("company.csv");
                assertThat(reference.referenceSchema().recordColumns()).hasSize(2);
            });
            analytics.deleteApplicationReferenceDataSource(request -> request.applicationName("app").currentApplicationVersionId(6L).referenceId("4.1"));
            assertThat(describe(analytics, "app").referenceDataSourceDescriptions()).isEmpty();
            assertThat(describe(analytics, "app").applicationVersionId()).isEqualTo(7L);
        }
    }

    @Test
    void restartsARunningApplicationWhenItsConfigurationChanges() throws Exception {
        TestingSqlApplicationEngine engine = new TestingSqlApplicationEngine();
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.of(engine)); KinesisAnalyticsClient analytics = clientFor(hydrant)) {
            createReferenceStreams(hydrant);
            analytics.createApplication(request -> request.applicationName("app").applicationCode(referenceSql()).inputs(referenceInput()));
            startFrom(analytics, "app", InputStartingPosition.TRIM_HORIZON);
            await().atMost(WAIT).until(() -> describe(analytics, "app").applicationStatus() == ApplicationStatus.RUNNING);

            analytics.updateApplication(request -> request.applicationName("app").currentApplicationVersionId(1L)
                    .applicationUpdate(update -> update.applicationCodeUpdate(referenceSql() + "\n-- v2")));
            await().atMost(WAIT).until(() -> engine.starts().size() == 2 && describe(analytics, "app").applicationStatus() == ApplicationStatus.RUNNING);
            assertThat(engine.starts().get(0).run().stopped()).isTrue();
            assertThat(engine.lastStart().startingPositions()).containsEntry("1.1", "LAST_STOPPED_POINT");
            assertThat(engine.lastStart().application().code()).endsWith("-- v2");
            assertThat(engine.lastStart().application().versionId()).isEqualTo(2L);
        }
    }

    @Test
    void returnsToReadyWhenTheEngineFailsToStartOrTheRunFails() throws Exception {
        TestingSqlApplicationEngine engine = new TestingSqlApplicationEngine();
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.of(engine)); KinesisAnalyticsClient analytics = clientFor(hydrant)) {
            createReferenceStreams(hydrant);
            analytics.createApplication(request -> request.applicationName("app").applicationCode(referenceSql()).inputs(referenceInput()));
            engine.failNextStart(new IllegalStateException("no slots"));
            startFrom(analytics, "app", InputStartingPosition.NOW);
            await().atMost(WAIT).until(() -> describe(analytics, "app").applicationStatus() == ApplicationStatus.READY);
            assertThat(engine.starts()).isEmpty();

            startFrom(analytics, "app", InputStartingPosition.NOW);
            await().atMost(WAIT).until(() -> describe(analytics, "app").applicationStatus() == ApplicationStatus.RUNNING);
            engine.lastStart().run().fail(new IllegalStateException("task failed"));
            await().atMost(WAIT).until(() -> describe(analytics, "app").applicationStatus() == ApplicationStatus.READY);
        }
    }

    @Test
    void restartsRunningApplicationsFromLastStoppedPointAfterAServerRestart() throws Exception {
        TestingSqlApplicationEngine engine = new TestingSqlApplicationEngine();
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.of(engine)); KinesisAnalyticsClient analytics = clientFor(hydrant)) {
            createReferenceStreams(hydrant);
            analytics.createApplication(request -> request.applicationName("app").applicationCode(referenceSql()).inputs(referenceInput()));
            startFrom(analytics, "app", InputStartingPosition.NOW);
            await().atMost(WAIT).until(() -> describe(analytics, "app").applicationStatus() == ApplicationStatus.RUNNING);

            hydrant.server().close();
            assertThat(engine.lastStart().run().stopped()).isTrue();
            assertThat(engine.closed()).isTrue();
            TestingSqlApplicationEngine restartedEngine = new TestingSqlApplicationEngine();
            try (var restarted = new dev.hydrant.server.HydrantServer(dev.hydrant.server.ServerConfig.defaults(hydrant.dataDirectory()).withPort(0),
                    dev.hydrant.spi.EpochClock.SYSTEM, Optional.of(restartedEngine))) {
                restarted.start();
                await().atMost(WAIT).until(() -> restarted.applications().describe("app").status() == dev.hydrant.application.ApplicationStatus.RUNNING);
                assertThat(restartedEngine.lastStart().startingPositions()).containsEntry("1.1", "LAST_STOPPED_POINT");
            }
        }
    }

    @Test
    void answersUnsupportedOperationWhenNoEngineIsInstalled() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.empty()); KinesisAnalyticsClient analytics = clientFor(hydrant)) {
            createReferenceStreams(hydrant);
            analytics.createApplication(request -> request.applicationName("app")
                    .applicationCode("not validated without an engine " + TestingSqlApplicationEngine.INVALID_MARKER).inputs(referenceInput()));
            assertThatThrownBy(() -> startFrom(analytics, "app", InputStartingPosition.NOW))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("the SQL engine (hydrant-analytics) is not installed");
        }
    }

    @Test
    void tagsApplications() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.of(new TestingSqlApplicationEngine())); KinesisAnalyticsClient analytics = clientFor(hydrant)) {
            String arn = analytics.createApplication(request -> request.applicationName("app")).applicationSummary().applicationARN();
            analytics.tagResource(request -> request.resourceARN(arn).tags(Tag.builder().key("env").value("test").build(), Tag.builder().key("team").value("data").build()));
            assertThat(analytics.listTagsForResource(request -> request.resourceARN(arn)).tags()).extracting(tag -> tag.key() + "=" + tag.value())
                    .containsExactly("env=test", "team=data");
            analytics.untagResource(request -> request.resourceARN(arn).tagKeys("env"));
            assertThat(analytics.listTagsForResource(request -> request.resourceARN(arn)).tags()).extracting(Tag::key).containsExactly("team");

            List<Tag> tooMany = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                tooMany.add(Tag.builder().key("k" + i).value("v").build());
            }
            assertThatThrownBy(() -> analytics.tagResource(request -> request.resourceARN(arn).tags(tooMany))).isInstanceOf(TooManyTagsException.class);
            assertThatThrownBy(() -> analytics.listTagsForResource(request -> request.resourceARN(arn.replace("/app", "/missing"))))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void discoversTheInputSchemaFromRecordsOfADeliveryStream() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.of(new TestingSqlApplicationEngine())); KinesisAnalyticsClient analytics = clientFor(hydrant)) {
            createReferenceStreams(hydrant);
            String arn = "arn:aws:firehose:us-east-1:000000000000:deliverystream/" + RAW_STREAM;
            assertThatThrownBy(() -> analytics.discoverInputSchema(request -> request.resourceARN(arn).roleARN(ROLE_ARN)
                    .inputStartingPositionConfiguration(position -> position.inputStartingPosition(InputStartingPosition.TRIM_HORIZON))))
                    .isInstanceOf(UnableToDetectSchemaException.class);

            for (String record : List.of(
                    "{\"speed\": 190.4740611874923, \"rpm\": 15251, \"gear\": 2, \"driver\": \"HAM\", \"pressures\": {\"engine\": 4.2, \"brakes\": {\"front_left\": 18}}}",
                    "{\"speed\": 201.5, \"rpm\": 15100, \"gear\": 3, \"driver\": \"VER\", \"pressures\": {\"engine\": 4.1, \"brakes\": {\"front_left\": 17}}}")) {
                assertThat(hydrant.putRecord(RAW_STREAM, record.getBytes(UTF_8)).statusCode()).isEqualTo(200);
            }
            DiscoverInputSchemaResponse discovered = analytics.discoverInputSchema(request -> request.resourceARN(arn).roleARN(ROLE_ARN)
                    .inputStartingPositionConfiguration(position -> position.inputStartingPosition(InputStartingPosition.TRIM_HORIZON)));
            assertThat(discovered.inputSchema().recordFormat().recordFormatType()).isEqualTo(RecordFormatType.JSON);
            assertThat(discovered.inputSchema().recordFormat().mappingParameters().jsonMappingParameters().recordRowPath()).isEqualTo("$");
            assertThat(discovered.inputSchema().recordColumns()).extracting(column -> column.name() + " " + column.sqlType() + " " + column.mapping())
                    .containsExactly(
                            "speed DOUBLE $.speed",
                            "rpm INTEGER $.rpm",
                            "gear INTEGER $.gear",
                            "driver VARCHAR(4) $.driver",
                            "engine DECIMAL $.pressures.engine",
                            "front_left INTEGER $.pressures.brakes.front_left");
            assertThat(discovered.rawInputRecords()).hasSize(2);
            assertThat(discovered.parsedInputRecords().get(1)).containsExactly("201.5", "15100", "3", "VER", "4.1", "17");
        }
    }

    @Test
    void refusesWhatHydrantCannotRun() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.of(new TestingSqlApplicationEngine())); KinesisAnalyticsClient analytics = clientFor(hydrant)) {
            createReferenceStreams(hydrant);
            assertThatThrownBy(() -> analytics.createApplication(request -> request.applicationName("app")
                    .inputs(input -> input.namePrefix("SOURCE_SQL_STREAM")
                            .kinesisStreamsInput(stream -> stream.resourceARN("arn:aws:kinesis:us-east-1:000000000000:stream/in").roleARN(ROLE_ARN))
                            .inputSchema(referenceInput().inputSchema()))))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("not supported by Hydrant");
            assertThatThrownBy(() -> analytics.createApplication(request -> request.applicationName("app")
                    .inputs(referenceInput().toBuilder()
                            .kinesisFirehoseInput(firehose -> firehose.resourceARN("arn:aws:firehose:us-east-1:000000000000:deliverystream/missing").roleARN(ROLE_ARN))
                            .build())))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("does not name an existing Hydrant delivery stream");
            assertThatThrownBy(() -> analytics.createApplication(request -> request.applicationName("bad name!")))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("applicationName");
            assertThatThrownBy(() -> analytics.createApplication(request -> request.applicationName("app").applicationCode(TestingSqlApplicationEngine.INVALID_MARKER)))
                    .isInstanceOf(CodeValidationException.class)
                    .hasMessageContaining("line 1, column 1");

            analytics.createApplication(request -> request.applicationName("app"));
            assertThatThrownBy(() -> analytics.createApplication(request -> request.applicationName("app"))).isInstanceOf(ResourceInUseException.class);
            assertThatThrownBy(() -> startFrom(analytics, "app", InputStartingPosition.NOW)).isInstanceOf(InvalidApplicationConfigurationException.class);
            assertThatThrownBy(() -> analytics.stopApplication(request -> request.applicationName("app"))).isInstanceOf(ResourceInUseException.class);
            assertThatThrownBy(() -> analytics.deleteApplication(request -> request.applicationName("app").createTimestamp(java.time.Instant.EPOCH)))
                    .isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> analytics.describeApplication(request -> request.applicationName("missing"))).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void pagesThroughApplications() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(Optional.empty()); KinesisAnalyticsClient analytics = clientFor(hydrant)) {
            for (String name : List.of("c", "a", "b")) {
                analytics.createApplication(request -> request.applicationName(name));
            }
            ListApplicationsResponse first = analytics.listApplications(request -> request.limit(2));
            assertThat(first.applicationSummaries()).extracting(ApplicationSummary::applicationName).containsExactly("a", "b");
            assertThat(first.hasMoreApplications()).isTrue();
            ListApplicationsResponse second = analytics.listApplications(request -> request.limit(2).exclusiveStartApplicationName("b"));
            assertThat(second.applicationSummaries()).extracting(ApplicationSummary::applicationName).containsExactly("c");
            assertThat(second.hasMoreApplications()).isFalse();
        }
    }

    private static void startFrom(KinesisAnalyticsClient analytics, String name, InputStartingPosition position) {
        analytics.startApplication(request -> request.applicationName(name)
                .inputConfigurations(configuration -> configuration.id("1.1")
                        .inputStartingPositionConfiguration(starting -> starting.inputStartingPosition(position))));
    }

    private static ApplicationDetail describe(KinesisAnalyticsClient analytics, String name) {
        return analytics.describeApplication(request -> request.applicationName(name)).applicationDetail();
    }

    private static void createReferenceStreams(TestingHydrant hydrant) {
        hydrant.createDeliveryStream(RAW_STREAM, "sg12-tf-initial-bucket");
        hydrant.createDeliveryStream(PROCESSED_STREAM, "sg12-tf-processed-bucket");
    }

    static String referenceSql() {
        try (InputStream in = KinesisAnalyticsSdkIT.class.getResourceAsStream("/reference-pipeline/reference.sql")) {
            return new String(in.readAllBytes(), UTF_8);
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The input of the reference deployment, from {@code kda-input.json}. */
    static Input referenceInput() {
        JsonNode json;
        try (InputStream in = KinesisAnalyticsSdkIT.class.getResourceAsStream("/reference-pipeline/kda-input.json")) {
            json = MAPPER.readTree(in);
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<RecordColumn> columns = new ArrayList<>();
        for (JsonNode column : json.at("/InputSchema/RecordColumns")) {
            columns.add(RecordColumn.builder().name(column.get("Name").asText()).sqlType(column.get("SqlType").asText()).mapping(column.get("Mapping").asText()).build());
        }
        return Input.builder()
                .namePrefix(json.get("NamePrefix").asText())
                .kinesisFirehoseInput(firehose -> firehose.resourceARN(json.at("/KinesisFirehoseInput/ResourceARN").asText())
                        .roleARN(json.at("/KinesisFirehoseInput/RoleARN").asText()))
                .inputSchema(schema -> schema
                        .recordFormat(format -> format.recordFormatType(json.at("/InputSchema/RecordFormat/RecordFormatType").asText())
                                .mappingParameters(mapping -> mapping.jsonMappingParameters(parameters -> parameters
                                        .recordRowPath(json.at("/InputSchema/RecordFormat/MappingParameters/JSONMappingParameters/RecordRowPath").asText()))))
                        .recordEncoding(json.at("/InputSchema/RecordEncoding").asText())
                        .recordColumns(columns))
                .build();
    }

    static KinesisAnalyticsClient clientFor(TestingHydrant hydrant) {
        return KinesisAnalyticsClient.builder()
                .endpointOverride(URI.create(hydrant.url()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDHYDRANTTEST", "hydrant-test-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
