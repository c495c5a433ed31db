package dev.hydrant.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PipelinePlannerTest {
    private TestingFirehoseServer server;
    private HydrantClient client;
    private PipelinePlanner planner;

    @BeforeEach
    void startServer() throws Exception {
        server = TestingFirehoseServer.start();
        client = new HydrantClient(server.endpoint());
        planner = new PipelinePlanner(client);
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

    private void apply(PipelineSpec spec) {
        PipelineApplier.Result result = new PipelineApplier(client, new PrintWriter(new StringWriter())).apply(planner.planApply(spec));
        assertThat(result.failure()).isEmpty();
    }

    @Test
    void plansBucketsBeforeTheStreamsThatWriteToThem() {
        Plan plan = planner.planApply(spec(PipelineFileTest.EXAMPLE));

        assertThat(plan.render()).isEqualTo("""
                  + create bucket telemetry-raw
                  + create delivery stream telemetry
                      bucket: telemetry-raw
                      prefix: "raw/"
                      errorOutputPrefix: "errors/!{firehose:error-output-type}/"
                      buffering.sizeMiB: 5
                      buffering.intervalSeconds: 60
                      compression: GZIP
                      fileExtension: ".json"
                      timeZone: UTC
                      logging.logGroup: "/aws/kinesisfirehose/telemetry"
                      logging.logStream: "DestinationDelivery"
                      tags.team: "racing"

                Plan: 2 to create, 0 to update, 0 to delete.
                """);
        assertThat(plan.changes()).extracting(Change::getClass).containsExactly(Change.CreateBucket.class, Change.CreateDeliveryStream.class);
    }

    @Test
    void plansOnlyWhatIsMissing() {
        server.createBucket("telemetry-raw");

        Plan plan = planner.planApply(spec(PipelineFileTest.EXAMPLE));

        assertThat(plan.changes()).extracting(Change::resource).containsExactly("delivery stream telemetry");
        assertThat(plan.summary()).isEqualTo("Plan: 1 to create, 0 to update, 0 to delete.");
    }

    @Test
    void plansNoChangesOnceApplied() {
        PipelineSpec spec = spec(PipelineFileTest.EXAMPLE);
        apply(spec);

        Plan plan = planner.planApply(spec);

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.render()).isEqualTo("No changes. The server matches the pipeline file.\n");
    }

    @Test
    void comparesWithDefaultsFilledInSoAMinimalStreamHasNoChanges() {
        PipelineSpec spec = spec("""
                buckets: [raw]
                deliveryStreams:
                  plain: { destination: { bucket: raw } }
                """);
        apply(spec);

        assertThat(server.destination("plain").has("Prefix")).isFalse();
        assertThat(planner.planApply(spec).hasChanges()).isFalse();
    }

    @Test
    void listsEachFieldThatDiffersAsOldToNew() {
        apply(spec(PipelineFileTest.EXAMPLE));

        Plan plan = planner.planApply(spec("""
                buckets:
                  - telemetry-raw
                deliveryStreams:
                  telemetry:
                    destination:
                      bucket: telemetry-raw
                      prefix: "raw/v2/"
                      errorOutputPrefix: "errors/!{firehose:error-output-type}/"
                      buffering: { sizeMiB: 5, intervalSeconds: 120 }
                      compression: Snappy
                      timeZone: Europe/Paris
                    tags: { team: pit-wall, owner: data }
                """));

        assertThat(plan.render()).isEqualTo("""
                  ~ update delivery stream telemetry
                      prefix: "raw/" -> "raw/v2/"
                      buffering.intervalSeconds: 60 -> 120
                      compression: GZIP -> Snappy
                      fileExtension: ".json" -> (unset)
                      timeZone: UTC -> Europe/Paris
                      logging.logGroup: "/aws/kinesisfirehose/telemetry" -> (unset)
                      logging.logStream: "DestinationDelivery" -> (unset)
                      tags.owner: (unset) -> "data"
                      tags.team: "racing" -> "pit-wall"

                Plan: 0 to create, 1 to update, 0 to delete.
                """);
    }

    @Test
    void showsSettingsChangedOutsideTheFileAsAnUpdate() {
        PipelineSpec spec = spec(PipelineFileTest.EXAMPLE);
        apply(spec);
        server.modifyDestination("telemetry", destination -> {
            destination.put("Prefix", "manual/");
            destination.putObject("ProcessingConfiguration").put("Enabled", true).putArray("Processors").addObject()
                    .put("Type", "Lambda").putArray("Parameters").addObject().put("ParameterName", "LambdaArn").put("ParameterValue", "arn:aws:lambda:f");
        });

        Plan plan = planner.planApply(spec);

        assertThat(plan.changes()).singleElement().extracting(Change::details).asList().containsExactly(
                "prefix: \"manual/\" -> \"raw/\"",
                "processing: Lambda(LambdaArn=arn:aws:lambda:f) -> (none)");
    }

    @Test
    void reportsStreamsCreatedOutsideTheFileAsDrift() {
        PipelineSpec spec = spec(PipelineFileTest.EXAMPLE);
        apply(spec);
        server.createDeliveryStream("telemetry-extra", "telemetry-raw");

        Plan plan = planner.planApply(spec);

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.notices()).containsExactly(Plan.Notice.drift("telemetry-extra"));
        assertThat(plan.render()).isEqualTo("""
                  ! delivery stream telemetry-extra: exists on the server but not in the pipeline file (created outside it); apply leaves it alone

                No changes. The server matches the pipeline file, apart from what is marked ! above, which apply leaves alone.
                """);
    }

    @Test
    void plansDestroyOfTheFilesStreamsThenItsBuckets() {
        PipelineSpec spec = spec(PipelineFileTest.EXAMPLE);
        apply(spec);
        server.createBucket("elsewhere");
        server.createDeliveryStream("telemetry-extra", "elsewhere");

        Plan plan = planner.planDestroy(spec);

        assertThat(plan.render()).isEqualTo("""
                  - delete delivery stream telemetry
                  - delete bucket telemetry-raw (only if empty)

                Plan: 0 to create, 0 to update, 2 to delete.
                """);
    }

    @Test
    void keepsBucketsThatStreamsOutsideTheFileStillDeliverTo() {
        PipelineSpec spec = spec(PipelineFileTest.EXAMPLE);
        apply(spec);
        server.createDeliveryStream("telemetry-extra", "telemetry-raw");
        server.createDeliveryStream("telemetry-copy", "telemetry-raw");

        Plan plan = planner.planDestroy(spec);

        assertThat(plan.render()).isEqualTo("""
                  - delete delivery stream telemetry
                  ! bucket telemetry-raw: kept, because delivery streams the pipeline file does not declare deliver to it: telemetry-copy, telemetry-extra

                Plan: 0 to create, 0 to update, 1 to delete.
                """);
    }

    @Test
    void plansNothingToDestroyOnAnEmptyServer() {
        Plan plan = planner.planDestroy(spec(PipelineFileTest.EXAMPLE));

        assertThat(plan.render()).isEqualTo("No changes. Nothing the pipeline file declares exists on the server.\n");
    }
}
