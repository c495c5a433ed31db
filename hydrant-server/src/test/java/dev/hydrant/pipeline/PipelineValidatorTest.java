package dev.hydrant.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hydrant.control.BufferingHints;
import dev.hydrant.control.CloudWatchLoggingOptions;
import dev.hydrant.control.CompressionFormat;
import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.control.S3DestinationConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineValidatorTest {
    private static final String STREAM = "deliveryStreams.telemetry";
    private static final String DESTINATION = STREAM + ".destination";

    private static List<PipelineProblem> problemsOf(String yaml) {
        return PipelineFile.parse(yaml, "pipeline.yaml").problems();
    }

    /** A file with one stream writing to the declared bucket {@code raw}, with {@code destination} settings added. */
    private static List<PipelineProblem> problemsOfDestination(String destinationSettings) {
        return problemsOf("buckets: [raw]\ndeliveryStreams:\n  telemetry:\n    destination:\n      bucket: raw\n"
                + destinationSettings.lines().map(line -> "      " + line + "\n").collect(Collectors.joining()));
    }

    @Test
    void theExampleFileIsValid() {
        assertThat(problemsOf(PipelineFileTest.EXAMPLE)).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnceWithItsPathAndLine() {
        List<PipelineProblem> problems = problemsOf("""
                buckets:
                  - Telemetry_Raw
                  - ok-bucket
                deliveryStreams:
                  telemetry:
                    destination:
                      bucket: telemetry-rwa
                      buffering: { sizeMiB: 0, intervalSeconds: 1000 }
                      fileExtension: json
                      timeZone: Mars/Olympus
                      logging: { logGroup: /aws/kinesisfirehose/telemetry }
                    tags: { "aws:team": racing }
                  bad/name:
                    destination: { bucket: ok-bucket }
                """);

        assertThat(problems).extracting(PipelineProblem::toString).startsWith(
                "pipeline.yaml:2:5: buckets[0]: bucket name 'Telemetry_Raw' may contain only lowercase letters, digits, dots and hyphens",
                "pipeline.yaml:7:7: " + DESTINATION + ".bucket: bucket 'telemetry-rwa' is not declared under buckets; add it to buckets so that apply creates it",
                "pipeline.yaml:8:20: " + DESTINATION + ".buffering.sizeMiB: must be 1..128, not 0",
                "pipeline.yaml:8:32: " + DESTINATION + ".buffering.intervalSeconds: must be 0..900, not 1000",
                "pipeline.yaml:9:7: " + DESTINATION + ".fileExtension: must be a dot followed by lowercase letters, digits or !-_.*'() (for example .json), not 'json'",
                "pipeline.yaml:10:7: " + DESTINATION + ".timeZone: unknown time zone 'Mars/Olympus'; use a name from the tz database such as UTC or Europe/Paris",
                "pipeline.yaml:11:7: " + DESTINATION + ".logging: set both logGroup and logStream, or neither for /aws/kinesisfirehose/telemetry and DestinationDelivery",
                "pipeline.yaml:12:13: " + STREAM + ".tags.aws:team: tag key must not start with 'aws:', which AWS reserves");
        assertThat(problems).extracting(PipelineProblem::toString).endsWith(
                "pipeline.yaml:13:3: deliveryStreams.bad/name: delivery stream name 'bad/name' must be 1..64 characters matching [a-zA-Z0-9_.-]+");
        assertThat(problems).hasSize(9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "telemetry-raw", "my.bucket.name", "a23456789-123456789-123456789-123456789-123456789-123456789-123", "0bucket9"})
    void acceptsValidBucketNames(String name) {
        assertThat(PipelineValidator.bucketNameViolations(name)).isEmpty();
    }

    @Test
    void rejectsBucketNamesS3Rejects() {
        assertThat(PipelineValidator.bucketNameViolations("ab")).containsExactly("bucket name 'ab' must be 3..63 characters long");
        assertThat(PipelineValidator.bucketNameViolations("a".repeat(64))).containsExactly("bucket name '" + "a".repeat(64) + "' must be 3..63 characters long");
        assertThat(PipelineValidator.bucketNameViolations("Raw-Data")).containsExactly("bucket name 'Raw-Data' may contain only lowercase letters, digits, dots and hyphens");
        assertThat(PipelineValidator.bucketNameViolations("raw_data")).containsExactly("bucket name 'raw_data' may contain only lowercase letters, digits, dots and hyphens");
        assertThat(PipelineValidator.bucketNameViolations("-raw")).containsExactly("bucket name '-raw' must begin and end with a lowercase letter or digit");
        assertThat(PipelineValidator.bucketNameViolations("raw.")).containsExactly("bucket name 'raw.' must begin and end with a lowercase letter or digit");
        assertThat(PipelineValidator.bucketNameViolations("raw..data")).containsExactly("bucket name 'raw..data' must not contain two adjacent dots");
        assertThat(PipelineValidator.bucketNameViolations("192.168.1.10")).containsExactly("bucket name '192.168.1.10' must not look like an IP address");
    }

    @Test
    void rejectsABucketDeclaredTwice() {
        assertThat(problemsOf("buckets: [raw, logs, raw]\n")).extracting(PipelineProblem::toString)
                .containsExactly("pipeline.yaml:1:22: buckets[2]: bucket 'raw' is declared twice (first at pipeline.yaml:1:11)");
    }

    @Test
    void requiresTheDestinationBucketToBeDeclared() {
        assertThat(problemsOf("""
                buckets: [telemetry-raw]
                deliveryStreams:
                  typo: { destination: { bucket: telemetry-rwa } }
                  elsewhere: { destination: { bucket: archive } }
                  missing: { destination: { prefix: raw/ } }
                  empty:
                """)).extracting(PipelineProblem::path, PipelineProblem::message).containsExactly(
                tuple("deliveryStreams.typo.destination.bucket", "bucket 'telemetry-rwa' is not declared under buckets; did you mean 'telemetry-raw'?"),
                tuple("deliveryStreams.elsewhere.destination.bucket", "bucket 'archive' is not declared under buckets; add it to buckets so that apply creates it"),
                tuple("deliveryStreams.missing.destination.bucket", "is required: the name of a bucket declared under buckets"),
                tuple("deliveryStreams.empty.destination.bucket", "is required: the name of a bucket declared under buckets"));
    }

    @Test
    void checksBufferingHintsAgainstFirehoseRanges() {
        assertThat(problemsOfDestination("buffering: { sizeMiB: 1, intervalSeconds: 0 }")).isEmpty();
        assertThat(problemsOfDestination("buffering: { sizeMiB: 128, intervalSeconds: 900 }")).isEmpty();
        assertThat(problemsOfDestination("buffering: { sizeMiB: 129, intervalSeconds: -1 }"))
                .extracting(PipelineProblem::path, PipelineProblem::message).containsExactly(
                        tuple(DESTINATION + ".buffering.sizeMiB", "must be 1..128, not 129"),
                        tuple(DESTINATION + ".buffering.intervalSeconds", "must be 0..900, not -1"));
        assertThat(problemsOfDestination("buffering: { sizeMiB: 99999999999 }")).extracting(PipelineProblem::message)
                .containsExactly("must be a whole number, not 99999999999 (far too large)");
    }

    @Test
    void appliesFirehosePrefixRulesAtTheFieldTheyAreAbout() {
        assertThat(problemsOfDestination("prefix: \"year=!{timestamp:yyyy}/\"\nerrorOutputPrefix: \"errors/!{firehose:error-output-type}/\"")).isEmpty();
        assertThat(problemsOfDestination("prefix: \"!{timestamp:yyyy/MM/dd}\"")).extracting(PipelineProblem::path)
                .containsExactly(DESTINATION + ".errorOutputPrefix");
        assertThat(problemsOfDestination("prefix: \"!{firehose:error-output-type}/\"\nerrorOutputPrefix: \"errors/\"")).extracting(PipelineProblem::path)
                .containsExactly(DESTINATION + ".prefix");
        assertThat(problemsOfDestination("errorOutputPrefix: \"errors/!{timestamp:yyyy}/\"")).extracting(PipelineProblem::path)
                .containsExactly(DESTINATION + ".errorOutputPrefix");
        assertThat(problemsOfDestination("prefix: \"" + "p".repeat(1025) + "\"")).extracting(PipelineProblem::path)
                .containsExactly(DESTINATION + ".prefix");
    }

    @Test
    void reportsPrefixProblemsWithoutRepeatingTheFieldNameAndLocatesAMissingFieldAtItsParent() {
        assertThat(problemsOfDestination("prefix: \"!{timestamp:yyyy/MM/dd}/\"")).extracting(PipelineProblem::toString)
                .containsExactly("pipeline.yaml:4:5: " + DESTINATION + ".errorOutputPrefix: must be set when Prefix uses expressions");
    }

    @Test
    void checksFileExtensionAndTimeZone() {
        assertThat(problemsOfDestination("fileExtension: .json.gz\ntimeZone: Asia/Tokyo")).isEmpty();
        assertThat(problemsOfDestination("fileExtension: .JSON\ntimeZone: UTC+1")).extracting(PipelineProblem::path, PipelineProblem::message).containsExactly(
                tuple(DESTINATION + ".fileExtension", "must be a dot followed by lowercase letters, digits or !-_.*'() (for example .json), not '.JSON'"),
                tuple(DESTINATION + ".timeZone", "must be a time zone name of at most 50 letters, '/' and '_' (for example UTC or Europe/Paris), not 'UTC+1'"));
        assertThat(problemsOfDestination("timeZone: Europe/Pariss")).extracting(PipelineProblem::message)
                .containsExactly("unknown time zone 'Europe/Pariss'; use a name from the tz database such as UTC or Europe/Paris");
    }

    @Test
    void requiresBothLoggingNamesOrNeither() {
        assertThat(problemsOfDestination("logging: { logGroup: /aws/kinesisfirehose/telemetry, logStream: DestinationDelivery }")).isEmpty();
        assertThat(problemsOfDestination("logging: {}")).isEmpty();
        assertThat(problemsOfDestination("logging: { logStream: DestinationDelivery }")).extracting(PipelineProblem::path, PipelineProblem::message).containsExactly(
                tuple(DESTINATION + ".logging", "set both logGroup and logStream, or neither for /aws/kinesisfirehose/telemetry and DestinationDelivery"));
        assertThat(problemsOfDestination("logging: { logGroup: \"bad group!\", logStream: \"a:b\" }")).extracting(PipelineProblem::path).containsExactly(
                DESTINATION + ".logging.logGroup", DESTINATION + ".logging.logStream");
    }

    @Test
    void checksTagsAgainstFirehoseRules() {
        String fiftyOneTags = IntStream.range(0, 51).mapToObj(index -> "t" + index + ": v").collect(Collectors.joining(", ", "{ ", " }"));
        assertThat(problemsOf("buckets: [raw]\ndeliveryStreams:\n  telemetry:\n    destination: { bucket: raw }\n    tags: " + fiftyOneTags + "\n"))
                .extracting(PipelineProblem::path, PipelineProblem::message).containsExactly(tuple(STREAM + ".tags", "must have at most 50 tags, not 51"));
        assertThat(problemsOf("""
                buckets: [raw]
                deliveryStreams:
                  telemetry:
                    destination: { bucket: raw }
                    tags: { "aws:owner": me, "semi;colon": x, team: "a;b", "%s": x, empty: "" }
                """.formatted("k".repeat(129)))).extracting(PipelineProblem::path, PipelineProblem::message).containsExactlyInAnyOrder(
                tuple(STREAM + ".tags.aws:owner", "tag key must not start with 'aws:', which AWS reserves"),
                tuple(STREAM + ".tags.semi;colon", "tag key may contain only letters, digits, spaces and _ . : / = + - @ %"),
                tuple(STREAM + ".tags.team", "tag value may contain only letters, digits, spaces and _ . : / = + - @ %"),
                tuple(STREAM + ".tags." + "k".repeat(129), "tag key must be 1..128 characters"));
    }

    @Test
    void checksDeliveryStreamNames() {
        assertThat(problemsOf("buckets: [raw]\ndeliveryStreams:\n  \"bad name\": { destination: { bucket: raw } }\n"))
                .extracting(PipelineProblem::path).containsExactly("deliveryStreams.bad name");
        assertThat(problemsOf("buckets: [raw]\ndeliveryStreams:\n  " + "s".repeat(65) + ": { destination: { bucket: raw } }\n"))
                .extracting(PipelineProblem::path).containsExactly("deliveryStreams." + "s".repeat(65));
    }

    @Test
    void validatesASpecBuiltInCodeWithoutLocations() {
        S3DestinationConfig destination = new S3DestinationConfig(S3DestinationConfig.DEFAULT_ROLE_ARN, "arn:aws:s3:::raw", null, null,
                new BufferingHints(5, 901), CompressionFormat.GZIP, CloudWatchLoggingOptions.disabled(), ProcessingConfiguration.disabled(), null, null);
        PipelineSpec spec = new PipelineSpec(List.of(new BucketSpec("raw")), List.of(
                new DeliveryStreamSpec("telemetry", destination, Map.of()),
                new DeliveryStreamSpec("telemetry", destination, Map.of())));

        assertThat(PipelineValidator.validate(spec)).containsExactly(
                new PipelineProblem(DESTINATION + ".buffering.intervalSeconds", "must be 0..900, not 901"),
                new PipelineProblem(STREAM, "delivery stream 'telemetry' is declared twice"));
    }

    @Test
    void checksFormatConversionAgainstAwsRulesAndHiveTypes() {
        List<PipelineProblem> problems = problemsOfDestination("""
                compression: GZIP
                buffering: { sizeMiB: 5 }
                formatConversion:
                  output: parquet
                  input: hive
                  schema:
                    - { name: car, type: string }
                    - { name: speed, type: dubble }
                    - { name: car.team, type: string }
                """);

        assertThat(problems).extracting(PipelineProblem::toString).containsExactly(
                "pipeline.yaml:6:7: " + DESTINATION + ".compression: must be UNCOMPRESSED (or left out) with formatConversion, not GZIP; "
                        + "Parquet and ORC compress inside the file: set formatConversion.compression instead",
                "pipeline.yaml:7:20: " + DESTINATION + ".buffering.sizeMiB: must be at least 64 with formatConversion, as on AWS, not 5; "
                        + "buffers are still delivered every intervalSeconds",
                "pipeline.yaml:13:13: " + DESTINATION + ".formatConversion.schema[1]: column 'speed': " + problemOf("dubble"),
                "pipeline.yaml:14:13: " + DESTINATION + ".formatConversion.schema[2]: column 'car.team': the hive input does not accept dots in column names; use input: openx");
    }

    @Test
    void reportsColumnsNamedTwice() {
        assertThat(problemsOfDestination("formatConversion: { output: orc, schema: { speed: double, Speed: float } }"))
                .extracting(PipelineProblem::path, PipelineProblem::message)
                .containsExactly(tuple(DESTINATION + ".formatConversion.schema", "struct field names must be unique ignoring case: speed,Speed"));
    }

    @Test
    void aConvertingStreamWithDefaultsIsValid() {
        assertThat(problemsOfDestination("formatConversion: { output: parquet, schema: inferred }")).isEmpty();
    }

    private static String problemOf(String type) {
        try {
            dev.hydrant.spi.HiveType.parse(type);
            throw new AssertionError(type + " parses");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
