package dev.hydrant.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.control.ProcessingConfiguration.Processor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessorValidatorTest {
    private static final String LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:transform";

    @Test
    void acceptsAValidDynamicPartitioningChain() {
        ProcessingConfiguration configuration = new ProcessingConfiguration(true, List.of(
                new Processor("RecordDeAggregation", Map.of("SubRecordType", "JSON")),
                new Processor("MetadataExtraction", Map.of("MetadataExtractionQuery", "{customer_id:.customer_id}", "JsonParsingEngine", "JQ-1.6")),
                new Processor("Lambda", Map.of("LambdaArn", LAMBDA_ARN + ":$LATEST", "NumberOfRetries", "0", "BufferSizeInMBs", "0.2", "BufferIntervalInSeconds", "900")),
                new Processor("AppendDelimiterToRecord", Map.of())));

        assertThat(ProcessorValidator.validate(configuration, "ExtendedS3DestinationConfiguration.ProcessingConfiguration")).isEmpty();
    }

    @Test
    void reportsEveryProblemWithItsPath() {
        ProcessingConfiguration configuration = new ProcessingConfiguration(true, List.of(
                new Processor("Lambda", Map.of("NumberOfRetries", "301", "BufferSizeInMBs", "3.5", "BufferIntervalInSeconds", "901", "RoleArn", "role")),
                new Processor("RecordDeAggregation", Map.of("SubRecordType", "XML", "CompressionFormat", "GZIP")),
                new Processor("Transformer", Map.of())));

        List<String> problems = ProcessorValidator.validate(configuration, "");

        assertThat(problems).containsExactly(
                "Processors[0].Parameters.LambdaArn: is required for this processor type",
                "Processors[0].Parameters.NumberOfRetries: must be 0..300, was 301",
                "Processors[0].Parameters.RoleArn: must be an IAM role ARN like arn:aws:iam::123456789012:role/name, was 'role'",
                "Processors[0].Parameters.BufferSizeInMBs: must be 0.2..3, was 3.5",
                "Processors[0].Parameters.BufferIntervalInSeconds: must be 0..900, was 901",
                "Processors[1].Parameters.CompressionFormat: is not a parameter of RecordDeAggregation processors (allowed: Delimiter, SubRecordType)",
                "Processors[1].Parameters.SubRecordType: must be JSON or DELIMITED, was 'XML'",
                "Processors[2].Type: unknown processor type 'Transformer'; must be one of Lambda, AppendDelimiterToRecord, MetadataExtraction, "
                        + "RecordDeAggregation, Decompression, CloudWatchLogProcessing");
    }

    @Test
    void checksLambdaNumbersAndArn() {
        assertThat(ProcessorValidator.validate(lambda(Map.of("LambdaArn", "transform", "NumberOfRetries", "three", "BufferSizeInMBs", "0.19")), "P"))
                .containsExactly(
                        "P.Parameters.LambdaArn: must be a Lambda function ARN like arn:aws:lambda:us-east-1:123456789012:function:name, was 'transform'",
                        "P.Parameters.NumberOfRetries: must be a whole number 0..300, was 'three'",
                        "P.Parameters.BufferSizeInMBs: must be 0.2..3, was 0.19");
        assertThat(ProcessorValidator.validate(lambda(Map.of("LambdaArn", LAMBDA_ARN, "BufferIntervalInSeconds", "-1", "RoleArn", " ")), "P"))
                .containsExactly(
                        "P.Parameters.RoleArn: must not be blank",
                        "P.Parameters.BufferIntervalInSeconds: must be 0..900, was -1");
    }

    @Test
    void fillsLambdaDefaults() {
        List<String> problems = new ArrayList<>();

        LambdaProcessorConfig config = LambdaProcessorConfig.from(lambda(Map.of("LambdaArn", LAMBDA_ARN)), "P", problems);

        assertThat(problems).isEmpty();
        assertThat(config).isEqualTo(new LambdaProcessorConfig(LAMBDA_ARN, 3, Optional.empty(), BigDecimal.ONE, 60));
        assertThat(config.functionName()).isEqualTo("transform");
        assertThat(config.bufferSizeInBytes()).isEqualTo(1_048_576);
    }

    @Test
    void mapsExplicitLambdaParameters() {
        List<String> problems = new ArrayList<>();
        String role = "arn:aws:iam::123456789012:role/firehose-invoke";

        LambdaProcessorConfig config = LambdaProcessorConfig.from(lambda(Map.of("LambdaArn", LAMBDA_ARN + ":live", "NumberOfRetries", "300",
                "RoleArn", role, "BufferSizeInMBs", "0.25", "BufferIntervalInSeconds", "0")), "P", problems);

        assertThat(problems).isEmpty();
        assertThat(config).isEqualTo(new LambdaProcessorConfig(LAMBDA_ARN + ":live", 300, Optional.of(role), new BigDecimal("0.25"), 0));
        assertThat(config.bufferSizeInBytes()).isEqualTo(262_144);
    }

    @Test
    void requiresDecompressionBeforeCloudWatchLogProcessing() {
        ProcessingConfiguration wrongOrder = new ProcessingConfiguration(true, List.of(
                new Processor("CloudWatchLogProcessing", Map.of("DataMessageExtraction", "true")),
                new Processor("Decompression", Map.of("CompressionFormat", "GZIP"))));
        ProcessingConfiguration rightOrder = new ProcessingConfiguration(true, List.of(wrongOrder.processors().get(1), wrongOrder.processors().get(0)));

        assertThat(ProcessorValidator.validate(wrongOrder, "ProcessingConfiguration"))
                .containsExactly("ProcessingConfiguration.Processors[0].Type: CloudWatchLogProcessing needs a Decompression processor before it");
        assertThat(ProcessorValidator.validate(rightOrder, "ProcessingConfiguration")).isEmpty();
    }

    @Test
    void rejectsParametersOfProcessorsThatTakeNone() {
        assertThat(ProcessorValidator.validate(new Processor("Decompression", Map.of("LambdaArn", LAMBDA_ARN)), "Processors[3]"))
                .containsExactly("Processors[3].Parameters.LambdaArn: is not a parameter of Decompression processors (allowed: CompressionFormat)");
    }

    private static Processor lambda(Map<String, String> parameters) {
        return new Processor("Lambda", parameters);
    }
}
