package dev.hydrant.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PipelineApplierTest {
    private TestingFirehoseServer server;
    private HydrantClient client;
    private PipelinePlanner planner;
    private final StringWriter output = new StringWriter();
    private PipelineApplier applier;

    @BeforeEach
    void startServer() throws Exception {
        server = TestingFirehoseServer.start();
        client = new HydrantClient(server.endpoint());
        planner = new PipelinePlanner(client);
        applier = new PipelineApplier(client, new PrintWriter(output));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static PipelineSpec spec(String yaml) {
        PipelineFile file = PipelineFile.parse(yaml, "pipeline.yaml");
        assertThat(file.problems()).isEmpty();
        return file.spec();
    }

    @Test
    void createsBucketsThenDeliveryStreamsAndPrintsEachStep() {
        PipelineApplier.Result result = applier.apply(planner.planApply(spec(PipelineFileTest.EXAMPLE)));

        assertThat(result).isEqualTo(new PipelineApplier.Result(2, 0, 0, List.of(), Optional.empty()));
        assertThat(output.toString()).isEqualTo("""
                  + bucket telemetry-raw: created
                  + delivery stream telemetry: created
                """);
        assertThat(server.bucketNames()).containsExactly("telemetry-raw");
        assertThat(server.deliveryStreamNames()).containsExactly("telemetry");
        assertThat(server.destination("telemetry").toString()).contains(
                "\"RoleARN\":\"arn:aws:iam::000000000000:role/hydrant\"",
                "\"BucketARN\":\"arn:aws:s3:::telemetry-raw\"",
                "\"Prefix\":\"raw/\"",
                "\"ErrorOutputPrefix\":\"errors/!{firehose:error-output-type}/\"",
                "\"BufferingHints\":{\"SizeInMBs\":5,\"IntervalInSeconds\":60}",
                "\"CompressionFormat\":\"GZIP\"",
                "\"CloudWatchLoggingOptions\":{\"Enabled\":true,\"LogGroupName\":\"/aws/kinesisfirehose/telemetry\",\"LogStreamName\":\"DestinationDelivery\"}",
                "\"FileExtension\":\".json\"",
                "\"CustomTimeZone\":\"UTC\"");
        assertThat(server.tags("telemetry")).isEqualTo(Map.of("team", "racing"));
    }

    @Test
    void updatesTheDestinationAgainstTheVersionItWasPlannedFromAndClearsRemovedSettings() {
        applier.apply(planner.planApply(spec(PipelineFileTest.EXAMPLE)));
        PipelineSpec changed = spec("""
                buckets: [telemetry-raw]
                deliveryStreams:
                  telemetry:
                    destination: { bucket: telemetry-raw, buffering: { intervalSeconds: 120 } }
                    tags: { team: racing }
                """);

        PipelineApplier.Result result = applier.apply(planner.planApply(changed));

        assertThat(result.updated()).isEqualTo(1);
        assertThat(server.versionId("telemetry")).isEqualTo(2);
        assertThat(planner.planApply(changed).hasChanges()).isFalse();
        assertThat(server.destination("telemetry").path("Prefix").asText()).isEmpty();
        assertThat(server.destination("telemetry").path("CloudWatchLoggingOptions").path("Enabled").asBoolean()).isFalse();
    }

    @Test
    void changesOnlyTagsWithoutTouchingTheDestinationVersion() {
        applier.apply(planner.planApply(spec(PipelineFileTest.EXAMPLE)));
        server.clearOperations();

        PipelineApplier.Result result = applier.apply(planner.planApply(spec(PipelineFileTest.EXAMPLE.replace("{ team: racing }", "{ owner: data }"))));

        assertThat(result.updated()).isEqualTo(1);
        assertThat(server.versionId("telemetry")).isEqualTo(1);
        assertThat(server.tags("telemetry")).isEqualTo(Map.of("owner", "data"));
        assertThat(server.operations()).doesNotContain("UpdateDestination").contains("TagDeliveryStream", "UntagDeliveryStream");
    }

    @Test
    void makesNoCallsThatChangeAnythingWhenThereAreNoChanges() {
        PipelineSpec spec = spec(PipelineFileTest.EXAMPLE);
        applier.apply(planner.planApply(spec));
        server.clearOperations();

        applier.apply(planner.planApply(spec));

        assertThat(server.operations()).containsExactly(
                "GET /hydrant/buckets", "ListDeliveryStreams", "DescribeDeliveryStream", "ListTagsForDeliveryStream");
    }

    @Test
    void destroyDeletesStreamsThenBucketsAndKeepsBucketsThatHoldObjects() {
        PipelineSpec spec = spec("""
                buckets: [raw, empty]
                deliveryStreams:
                  telemetry: { destination: { bucket: raw } }
                """);
        applier.apply(planner.planApply(spec));
        server.putObject("raw");
        output.getBuffer().setLength(0);

        PipelineApplier.Result result = applier.apply(planner.planDestroy(spec));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.deleted()).isEqualTo(2);
        assertThat(result.warnings()).containsExactly("kept, because it still holds objects; empty it and run destroy again to delete it");
        assertThat(output.toString()).isEqualTo("""
                  - delivery stream telemetry: deleted
                  - bucket raw (only if empty): kept, because it still holds objects; empty it and run destroy again to delete it
                  - bucket empty (only if empty): deleted
                """);
        assertThat(server.deliveryStreamNames()).isEmpty();
        assertThat(server.bucketNames()).containsExactly("raw");
    }

    @Test
    void stopsAtTheFirstFailureAndSaysWhy() {
        PipelineSpec spec = spec(PipelineFileTest.EXAMPLE);
        applier.apply(planner.planApply(spec));
        Plan plan = planner.planApply(spec(PipelineFileTest.EXAMPLE.replace("intervalSeconds: 60", "intervalSeconds: 90")));
        server.modifyDestination("telemetry", destination -> destination.put("Prefix", "meanwhile/"));
        output.getBuffer().setLength(0);

        PipelineApplier.Result result = applier.apply(plan);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).hasValueSatisfying(failure -> assertThat(failure).startsWith("ConcurrentModificationException: "));
        assertThat(output.toString()).isEqualTo("  ~ delivery stream telemetry: failed\n");
    }
}
