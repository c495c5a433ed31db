package dev.hydrant.pipeline;

import dev.hydrant.function.FunctionRuntimeNames;
import java.io.IOException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hydrant.control.BufferingHints;
import dev.hydrant.control.CloudWatchLoggingOptions;
import dev.hydrant.control.CompressionFormat;
import dev.hydrant.control.DataFormatConversion;
import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.spi.FormatConversionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineFileTest {
    static final String EXAMPLE = """
            # pipeline.yaml
            buckets:
              - telemetry-raw
            deliveryStreams:
              telemetry:
                destination:
                  bucket: telemetry-raw
                  prefix: "raw/"
                  errorOutputPrefix: "errors/!{firehose:error-output-type}/"
                  buffering: { sizeMiB: 5, intervalSeconds: 60 }
                  compression: GZIP
                  fileExtension: .json
                  timeZone: UTC
                  logging: { logGroup: /aws/kinesisfirehose/telemetry, logStream: DestinationDelivery }
                tags: { team: racing }
            """;

    @TempDir
    Path directory;

    @Test
    void readsTheExampleIntoRecords() {
        PipelineFile file = PipelineFile.parse(EXAMPLE, "pipeline.yaml");

        assertThat(file.problems()).isEmpty();
        assertThat(file.summary()).isEqualTo("1 bucket, 1 delivery stream");
        assertThat(file.spec().buckets()).containsExactly(new BucketSpec("telemetry-raw"));
        assertThat(file.spec().deliveryStreams()).containsExactly(new DeliveryStreamSpec(
                "telemetry",
                new S3DestinationConfig(
                        S3DestinationConfig.DEFAULT_ROLE_ARN,
                        "arn:aws:s3:::telemetry-raw",
                        "raw/",
                        "errors/!{firehose:error-output-type}/",
                        new BufferingHints(5, 60),
                        CompressionFormat.GZIP,
                        new CloudWatchLoggingOptions(true, "/aws/kinesisfirehose/telemetry", "DestinationDelivery"),
                        ProcessingConfiguration.disabled(),
                        ".json",
                        "UTC"),
                Map.of("team", "racing")));
    }

    @Test
    void leavesOmittedSettingsAtFirehoseDefaults() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                deliveryStreams:
                  plain:
                    destination:
                      bucket: raw
                """, "pipeline.yaml");

        assertThat(file.problems()).isEmpty();
        DeliveryStreamSpec plain = file.spec().deliveryStream("plain").orElseThrow();
        assertThat(plain.destination()).isEqualTo(new S3DestinationConfig(
                S3DestinationConfig.DEFAULT_ROLE_ARN, "arn:aws:s3:::raw", null, null, BufferingHints.defaults(), CompressionFormat.UNCOMPRESSED,
                CloudWatchLoggingOptions.disabled(), ProcessingConfiguration.disabled(), null, null));
        assertThat(plain.tags()).isEmpty();
    }

    @Test
    void fillsTheOtherBufferingHintWithItsDefault() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                deliveryStreams:
                  fast: { destination: { bucket: raw, buffering: { intervalSeconds: 0 } } }
                """, "pipeline.yaml");

        assertThat(file.problems()).isEmpty();
        assertThat(file.spec().deliveryStream("fast").orElseThrow().destination().bufferingHints()).isEqualTo(new BufferingHints(5, 0));
    }

    @Test
    void emptyLoggingSwitchesLoggingOnWithTheConsoleDefaults() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                deliveryStreams:
                  logged: { destination: { bucket: raw, logging: {} } }
                """, "pipeline.yaml");

        assertThat(file.problems()).isEmpty();
        assertThat(file.spec().deliveryStream("logged").orElseThrow().destination().cloudWatchLoggingOptions())
                .isEqualTo(new CloudWatchLoggingOptions(true, "/aws/kinesisfirehose/logged", "DestinationDelivery"));
    }

    @Test
    void acceptsCompressionNamesInAnyCase() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                deliveryStreams:
                  a: { destination: { bucket: raw, compression: snappy } }
                  b: { destination: { bucket: raw, compression: hadoop_snappy } }
                """, "pipeline.yaml");

        assertThat(file.problems()).isEmpty();
        assertThat(file.spec().deliveryStreams()).extracting(stream -> stream.destination().compressionFormat())
                .containsExactly(CompressionFormat.SNAPPY, CompressionFormat.HADOOP_SNAPPY);
    }

    @Test
    void takesYamlNumbersAndBooleansAsTextWhereTextIsExpected() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                deliveryStreams:
                  numbered: { destination: { bucket: raw, prefix: 2024 }, tags: { version: 2, public: false } }
                """, "pipeline.yaml");

        assertThat(file.problems()).isEmpty();
        DeliveryStreamSpec numbered = file.spec().deliveryStream("numbered").orElseThrow();
        assertThat(numbered.destination().prefix()).isEqualTo("2024");
        assertThat(numbered.tags()).isEqualTo(Map.of("version", "2", "public", "false"));
    }

    @Test
    void reportsUnknownKeysWithTheKeyTheyMisspell() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                deliveryStreams:
                  telemetry:
                    destination:
                      bucket: raw
                      bufer: { sizeMiB: 5 }
                      CompressionFormat: GZIP
                      buffering: { SizeInMBs: 5, intervall: 60 }
                    tgas: { team: racing }
                    colour: blue
                deliveryStream: {}
                """, "pipeline.yaml");

        assertThat(file.problems()).extracting(PipelineProblem::toString).containsExactly(
                "pipeline.yaml:6:7: deliveryStreams.telemetry.destination.bufer: unknown field 'bufer'; did you mean 'buffering'?",
                "pipeline.yaml:7:7: deliveryStreams.telemetry.destination.CompressionFormat: unknown field 'CompressionFormat'; did you mean 'compression'?",
                "pipeline.yaml:8:20: deliveryStreams.telemetry.destination.buffering.SizeInMBs: unknown field 'SizeInMBs'; did you mean 'sizeMiB'?",
                "pipeline.yaml:8:34: deliveryStreams.telemetry.destination.buffering.intervall: unknown field 'intervall'; did you mean 'intervalSeconds'?",
                "pipeline.yaml:9:5: deliveryStreams.telemetry.tgas: unknown field 'tgas'; did you mean 'tags'?",
                "pipeline.yaml:10:5: deliveryStreams.telemetry.colour: unknown field 'colour'; expected one of: destination, tags",
                "pipeline.yaml:11:1: deliveryStream: unknown field 'deliveryStream'; did you mean 'deliveryStreams'?");
    }

    @Test
    void readsStreamsNamedLikeKeys() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                deliveryStreams:
                  destination: { destination: { bucket: raw, prefix: a/ } }
                  buffering: { destination: { bucket: raw, buffering: { sizeMiB: 64 } } }
                """, "pipeline.yaml");

        assertThat(file.problems()).isEmpty();
        assertThat(file.spec().deliveryStream("destination").orElseThrow().destination().prefix()).isEqualTo("a/");
        assertThat(file.spec().deliveryStream("buffering").orElseThrow().destination().bufferingHints().sizeInMBs()).isEqualTo(64);
    }

    @Test
    void reportsValuesOfTheWrongType() {
        PipelineFile file = PipelineFile.parse("""
                buckets: raw
                deliveryStreams:
                  telemetry:
                    destination:
                      bucket: [raw]
                      buffering: { sizeMiB: five, intervalSeconds: 1.5 }
                      logging: yes please
                    tags: [team]
                  other: just text
                """, "pipeline.yaml");

        assertThat(file.problems()).extracting(PipelineProblem::path, PipelineProblem::message).contains(
                tuple("buckets", "must be a list of bucket names, not text (for example: buckets: [telemetry-raw])"),
                tuple("deliveryStreams.telemetry.destination.bucket", "must be text, not a list"),
                tuple("deliveryStreams.telemetry.destination.buffering.sizeMiB", "must be a whole number, not 'five'"),
                tuple("deliveryStreams.telemetry.destination.buffering.intervalSeconds", "must be a whole number, not '1.5'"),
                tuple("deliveryStreams.telemetry.destination.logging", "must be a mapping, not text"),
                tuple("deliveryStreams.telemetry.tags", "must be a mapping from tag key to value, not a list"),
                tuple("deliveryStreams.other", "must be a mapping, not text"));
    }

    @Test
    void rejectsCompressionFormatsFirehoseDoesNotHave() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                deliveryStreams:
                  telemetry: { destination: { bucket: raw, compression: BZIP2 } }
                """, "pipeline.yaml");

        assertThat(file.problems()).extracting(PipelineProblem::toString).containsExactly(
                "pipeline.yaml:3:44: deliveryStreams.telemetry.destination.compression: must be one of UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY, not 'BZIP2'");
    }

    @Test
    void readsApplicationsWithCodeFromAFile(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("speeding.sql"), "CREATE OR REPLACE STREAM \"OUT\" (\"speed\" DOUBLE);\n");
        Path file = Files.writeString(directory.resolve("pipeline.yaml"), """
                buckets: [raw, processed, reference]
                deliveryStreams:
                  telemetry: { destination: { bucket: raw } }
                  speeding: { destination: { bucket: processed } }
                applications:
                  speeding-app:
                    description: Fast laps
                    codeFile: speeding.sql
                    inputs:
                      - namePrefix: sg12_prefix
                        deliveryStream: telemetry
                        parallelism: 2
                        format: json
                        columns:
                          - { name: speed, sqlType: DOUBLE, mapping: $.speed }
                    outputs:
                      - { name: OUT, deliveryStream: speeding, format: CSV }
                    referenceTables:
                      - { tableName: DRIVERS, bucket: reference, key: drivers.csv, columns: [{ name: ID, sqlType: INTEGER }] }
                    autoStart: true
                    startingPosition: trim_horizon
                """);

        PipelineFile pipeline = PipelineFile.load(file);

        assertThat(pipeline.problems()).isEmpty();
        assertThat(pipeline.summary()).isEqualTo("3 buckets, 2 delivery streams, 1 application");
        ApplicationSpec application = pipeline.spec().application("speeding-app").orElseThrow();
        assertThat(application.code()).startsWith("CREATE OR REPLACE STREAM");
        assertThat(application.description()).isEqualTo("Fast laps");
        assertThat(application.inputs()).containsExactly(new ApplicationSpec.InputSpec("sg12_prefix", "telemetry", 2, "JSON", null, null, null,
                List.of(new dev.hydrant.spi.SqlApplication.Column("speed", "DOUBLE", "$.speed"))));
        assertThat(application.outputs()).containsExactly(new ApplicationSpec.OutputSpec("OUT", "speeding", "CSV"));
        assertThat(application.referenceTables()).singleElement().satisfies(table -> assertThat(table.format()).isEqualTo("CSV"));
        assertThat(application.autoStart()).isTrue();
        assertThat(application.startingPosition()).isEqualTo("TRIM_HORIZON");
    }

    @Test
    void reportsEveryProblemOfAnApplication() {
        PipelineFile file = PipelineFile.parse("""
                deliveryStreams:
                  telemetry: { destination: { bucket: raw } }
                buckets: [raw]
                applications:
                  "bad name":
                    code: SELECT 1
                    codeFile: app.sql
                    inputs:
                      - namePrefix: a_prefix_that_is_longer_than_thirty_two
                        deliveryStream: telemtry
                        parallelism: 65
                        columns:
                          - { name: speed, sqlType: DOUBLE }
                    outputs:
                      - { name: OUT, deliveryStream: telemetry, format: XML }
                      - { deliveryStream: telemetry }
                    startingPosition: LATEST
                """, "pipeline.yaml");

        assertThat(file.problems()).extracting(PipelineProblem::toString).containsExactly(
                "pipeline.yaml:5:3: applications.bad name: application name 'bad name' must be 1..128 characters matching [a-zA-Z0-9_.-]",
                "pipeline.yaml:7:5: applications.bad name.codeFile: give either code or codeFile, not both",
                "pipeline.yaml:9:9: applications.bad name.inputs[0].namePrefix: must be 1..32 characters, not 39",
                "pipeline.yaml:10:9: applications.bad name.inputs[0].deliveryStream: delivery stream 'telemtry' is not declared under deliveryStreams; did you mean 'telemetry'?",
                "pipeline.yaml:11:9: applications.bad name.inputs[0].parallelism: must be 1..64, not 65",
                "pipeline.yaml:13:13: applications.bad name.inputs[0].columns[0].mapping: is required with format JSON: a JSONPath such as $.speed",
                "pipeline.yaml:15:49: applications.bad name.outputs[0].format: must be JSON or CSV, not 'XML'",
                "pipeline.yaml:16:9: applications.bad name.outputs[1].name: is required",
                "pipeline.yaml:17:5: applications.bad name.startingPosition: must be one of NOW, TRIM_HORIZON, LAST_STOPPED_POINT, not 'LATEST'");
    }

    @Test
    void readsFunctionsAndProcessors(@TempDir Path directory) throws IOException {
        Files.createDirectories(directory.resolve("transform"));
        Files.writeString(directory.resolve("transform/hello.py"), "def lambda_handler(event, context):\n    return event\n");
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw, source]
                functions:
                  enrich:
                    runtime: python3.12
                    handler: hello.lambda_handler
                    code: transform/
                    timeoutSeconds: 30
                    environment: { LEVEL: debug }
                deliveryStreams:
                  telemetry:
                    destination:
                      bucket: raw
                      processors:
                        - type: Lambda
                          function: enrich
                          parameters: { NumberOfRetries: 1 }
                        - type: AppendDelimiterToRecord
                      backup: { bucket: source, prefix: source/ }
                """, directory.resolve("pipeline.yaml").toString());

        assertThat(file.problems()).isEmpty();
        FunctionSpec function = file.spec().functions().get(0);
        assertThat(function).isEqualTo(new FunctionSpec("enrich", "python3.12", "hello.lambda_handler", directory.resolve("transform").toAbsolutePath().normalize(), 30, 128, Map.of("LEVEL", "debug"), 2));
        S3DestinationConfig destination = file.spec().deliveryStreams().get(0).destination();
        assertThat(destination.processingConfiguration().processors()).containsExactly(
                new ProcessingConfiguration.Processor("Lambda", Map.of("LambdaArn", FunctionSpec.arnOf("enrich"), "NumberOfRetries", "1")),
                new ProcessingConfiguration.Processor("AppendDelimiterToRecord", Map.of()));
        assertThat(destination.backup().bucketName()).isEqualTo("source");
        assertThat(destination.backup().prefix()).isEqualTo("source/");
    }

    @Test
    void reportsUndeclaredFunctionsBadRuntimesAndMissingCode(@TempDir Path directory) {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                functions:
                  enrich: { runtime: nodejs20.x, handler: index.handler, code: missing/ }
                deliveryStreams:
                  telemetry:
                    destination:
                      bucket: raw
                      processors:
                        - type: Lambda
                          function: enrch
                """, directory.resolve("pipeline.yaml").toString());

        assertThat(file.problems()).extracting(PipelineProblem::message).containsExactly(
                FunctionRuntimeNames.unsupportedMessage("nodejs20.x"),
                "'" + directory.resolve("missing").toAbsolutePath() + "' does not exist; give a directory, a .zip or a .jar, relative to the pipeline file",
                "function 'enrch' is not declared under functions; did you mean 'enrich'?");
    }

    @Test
    void reportsKeysWrittenTwice() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                deliveryStreams:
                  telemetry: { destination: { bucket: raw } }
                  telemetry: { destination: { bucket: raw, prefix: b/ } }
                """, "pipeline.yaml");

        assertThat(file.problems()).extracting(PipelineProblem::toString).containsExactly(
                "pipeline.yaml:4:3: deliveryStreams.telemetry: is written twice (first at line 3); keep one");
        assertThat(file.spec().deliveryStream("telemetry").orElseThrow().destination().prefix()).isNull();
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLocation() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw
                deliveryStreams: {}
                """, "broken.yaml");

        assertThat(file.problems()).hasSize(1);
        PipelineProblem problem = file.problems().get(0);
        assertThat(problem.message()).startsWith("invalid YAML: ");
        assertThat(problem.location()).map(SourceLocation::file).contains("broken.yaml");
        assertThat(problem.location().orElseThrow().line()).isGreaterThan(1);
    }

    @Test
    void reportsAFileThatIsNotAMapping() {
        PipelineFile file = PipelineFile.parse("- raw\n", "list.yaml");

        assertThat(file.problems()).extracting(PipelineProblem::message).containsExactly(
                "a pipeline file must be a mapping with the keys buckets, deliveryStreams, functions, applications, not a list");
    }

    @Test
    void readsAnEmptyFileAsAnEmptyPipeline() {
        PipelineFile file = PipelineFile.parse("# nothing yet\n", "empty.yaml");

        assertThat(file.problems()).isEmpty();
        assertThat(file.summary()).isEqualTo("0 buckets, 0 delivery streams");
    }

    @Test
    void mergesTheDocumentsOfOneFile() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                ---
                deliveryStreams:
                  telemetry: { destination: { bucket: raw } }
                """, "pipeline.yaml");

        assertThat(file.problems()).isEmpty();
        assertThat(file.summary()).isEqualTo("1 bucket, 1 delivery stream");
    }

    @Test
    void mergesEveryYamlFileOfADirectoryInNameOrder() throws Exception {
        Files.writeString(directory.resolve("10-buckets.yaml"), "buckets: [raw, processed]\n");
        Files.writeString(directory.resolve("20-streams.yml"), "deliveryStreams:\n  telemetry: { destination: { bucket: raw } }\n");
        Files.writeString(directory.resolve("30-more.yaml"), "deliveryStreams:\n  processed: { destination: { bucket: processed } }\n");
        Files.writeString(directory.resolve("notes.txt"), "not: [a pipeline\n");

        PipelineFile file = PipelineFile.load(directory);

        assertThat(file.problems()).isEmpty();
        assertThat(file.spec().buckets()).extracting(BucketSpec::name).containsExactly("raw", "processed");
        assertThat(file.spec().deliveryStreams()).extracting(DeliveryStreamSpec::name).containsExactly("telemetry", "processed");
    }

    @Test
    void reportsNamesDeclaredInTwoFilesOfADirectory() throws Exception {
        Path first = directory.resolve("a.yaml");
        Path second = directory.resolve("b.yaml");
        Files.writeString(first, "buckets: [raw]\ndeliveryStreams:\n  telemetry: { destination: { bucket: raw } }\n");
        Files.writeString(second, "buckets: [raw]\ndeliveryStreams:\n  telemetry: { destination: { bucket: raw, prefix: x/ } }\n");

        PipelineFile file = PipelineFile.load(directory);

        assertThat(file.problems()).extracting(PipelineProblem::toString).containsExactly(
                second + ":1:11: buckets[1]: bucket 'raw' is declared twice (first at " + first + ":1:11)",
                second + ":3:3: deliveryStreams.telemetry: delivery stream 'telemetry' is already declared at " + first + ":3:3");
    }

    @Test
    void reportsMissingFilesAndDirectoriesWithoutPipelineFiles() throws Exception {
        Path missing = directory.resolve("missing.yaml");
        Path empty = Files.createDirectory(directory.resolve("empty"));

        assertThat(PipelineFile.load(missing).problems()).extracting(PipelineProblem::toString).containsExactly(missing + ": no such file or directory");
        assertThat(PipelineFile.load(empty).problems()).extracting(PipelineProblem::toString).containsExactly(empty + ": has no *.yaml or *.yml files");
    }

    @Test
    void loadsASingleFile() throws Exception {
        Path path = directory.resolve("pipeline.yaml");
        Files.writeString(path, EXAMPLE);

        PipelineFile file = PipelineFile.load(path);

        assertThat(file.problems()).isEmpty();
        assertThat(file.spec().locate("deliveryStreams.telemetry.destination.buffering.intervalSeconds"))
                .isEqualTo(Optional.of(new SourceLocation(path.toString(), 10, 32)));
        assertThat(file.spec().buckets()).extracting(BucketSpec::name).isEqualTo(List.of("telemetry-raw"));
    }

    @Test
    void readsFormatConversionWithAListOfColumns() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                deliveryStreams:
                  telemetry:
                    destination:
                      bucket: raw
                      buffering: { intervalSeconds: 10 }
                      formatConversion:
                        output: parquet
                        compression: gzip
                        database: racing
                        table: laps
                        caseInsensitive: false
                        columnToJsonKeyMappings: { speed: v }
                        schema:
                          - { name: car, type: string }
                          - { name: sectors, type: "array<int>" }
                """, "pipeline.yaml");

        assertThat(file.problems()).isEmpty();
        S3DestinationConfig destination = file.spec().deliveryStream("telemetry").orElseThrow().destination();
        assertThat(destination.bufferingHints()).isEqualTo(new BufferingHints(128, 10));
        assertThat(destination.dataFormatConversion()).isEqualTo(new DataFormatConversion(true,
                new DataFormatConversion.SchemaConfiguration(null, null, "racing", "laps", null, null),
                List.of(new DataFormatConversion.Column("car", "string"), new DataFormatConversion.Column("sectors", "array<int>")),
                new FormatConversionConfig.OpenXJsonSerDe(false, false, Map.of("speed", "v")), null,
                new FormatConversionConfig.ParquetSerDe(FormatConversionConfig.ParquetCompression.GZIP, 256L << 20, 1 << 20, true, 0,
                        FormatConversionConfig.ParquetWriterVersion.V1),
                null));
    }

    @Test
    void readsFormatConversionWithAColumnMappingOrAnInferredSchema() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                deliveryStreams:
                  mapped:
                    destination: { bucket: raw, formatConversion: { output: ORC, input: hive, timestampFormats: [millis], schema: { car: string, speed: double } } }
                  inferred:
                    destination: { bucket: raw, buffering: { sizeMiB: 64 }, formatConversion: { output: orc, schema: inferred, enabled: false } }
                """, "pipeline.yaml");

        assertThat(file.problems()).isEmpty();
        DataFormatConversion mapped = file.spec().deliveryStream("mapped").orElseThrow().destination().dataFormatConversion();
        assertThat(mapped.columns()).containsExactly(new DataFormatConversion.Column("car", "string"), new DataFormatConversion.Column("speed", "double"));
        assertThat(mapped.hiveJsonSerDe()).isEqualTo(new FormatConversionConfig.HiveJsonSerDe(List.of("millis")));
        assertThat(mapped.orcSerDe()).isEqualTo(FormatConversionConfig.OrcSerDe.defaults());
        S3DestinationConfig inferred = file.spec().deliveryStream("inferred").orElseThrow().destination();
        assertThat(inferred.dataFormatConversion().enabled()).isFalse();
        assertThat(inferred.dataFormatConversion().columns()).isEmpty();
        assertThat(inferred.bufferingHints().sizeInMBs()).isEqualTo(64);
    }

    @Test
    void reportsFormatConversionShapeProblemsWithTheirLocation() {
        PipelineFile file = PipelineFile.parse("""
                buckets: [raw]
                deliveryStreams:
                  telemetry:
                    destination:
                      bucket: raw
                      formatConversion:
                        output: avro
                        compression: lz4
                        input: hive
                        caseInsensitive: yes
                        schema: everything
                        tableName: laps
                """, "pipeline.yaml");

        assertThat(file.problems()).extracting(PipelineProblem::toString).containsExactly(
                "pipeline.yaml:7:9: deliveryStreams.telemetry.destination.formatConversion.output: must be parquet or orc, not 'avro'",
                "pipeline.yaml:10:9: deliveryStreams.telemetry.destination.formatConversion.caseInsensitive: applies to input: openx only",
                "pipeline.yaml:11:17: deliveryStreams.telemetry.destination.formatConversion.schema: must be a list of columns "
                        + "(- {name: speed, type: double}), a mapping from column name to type, or 'inferred', not 'everything'",
                "pipeline.yaml:12:9: deliveryStreams.telemetry.destination.formatConversion.tableName: unknown field 'tableName'; did you mean 'table'?");
    }
}
