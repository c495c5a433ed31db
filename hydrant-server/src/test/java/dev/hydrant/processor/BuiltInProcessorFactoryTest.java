package dev.hydrant.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hydrant.control.ProcessingConfiguration.Processor;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessorRecord;
import dev.hydrant.spi.RecordProcessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltInProcessorFactoryTest {
    @Test
    void createsEachBuiltInType() {
        assertThat(BuiltInProcessorFactory.create(new Processor("AppendDelimiterToRecord", Map.of()))).isInstanceOf(AppendDelimiterToRecord.class);
        assertThat(BuiltInProcessorFactory.create(new Processor("MetadataExtraction", Map.of("MetadataExtractionQuery", "{a:.a}")))).isInstanceOf(MetadataExtraction.class);
        assertThat(BuiltInProcessorFactory.create(new Processor("RecordDeAggregation", Map.of("SubRecordType", "JSON")))).isInstanceOf(RecordDeAggregation.class);
        assertThat(BuiltInProcessorFactory.create(new Processor("Decompression", Map.of("CompressionFormat", "GZIP")))).isInstanceOf(Decompression.class);
        assertThat(BuiltInProcessorFactory.create(new Processor("CloudWatchLogProcessing", Map.of("DataMessageExtraction", "true")))).isInstanceOf(CloudWatchLogProcessing.class);
    }

    @Test
    void createdProcessorUsesItsParameters() {
        RecordProcessor processor = BuiltInProcessorFactory.create(new Processor("AppendDelimiterToRecord", Map.of("Delimiter", "\\r\\n")));

        ProcessingResult result = processor.process(List.of(ProcessorRecord.of("a".getBytes(UTF_8), 1))).join().get(0);

        assertThat(new String(((ProcessingResult.Ok) result).records().get(0).data(), UTF_8)).isEqualTo("a\r\n");
    }

    @Test
    void leavesLambdaToTheCaller() {
        Processor lambda = new Processor("Lambda", Map.of("LambdaArn", "arn:aws:lambda:us-east-1:123456789012:function:f"));

        assertThat(BuiltInProcessorFactory.isBuiltIn(lambda)).isFalse();
        assertThat(BuiltInProcessorFactory.isBuiltIn(new Processor("Decompression", Map.of()))).isTrue();
        assertThat(BuiltInProcessorFactory.isBuiltIn(new Processor("Nope", Map.of()))).isFalse();
        assertThatThrownBy(() -> BuiltInProcessorFactory.create(lambda)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsInvalidProcessorWithEveryProblem() {
        assertThatThrownBy(() -> BuiltInProcessorFactory.create(new Processor("RecordDeAggregation", Map.of("SubRecordType", "DELIMITED", "JsonParsingEngine", "JQ-1.6"))))
                .isInstanceOfSatisfying(HydrantException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("Invalid RecordDeAggregation processor: "
                            + "RecordDeAggregation.Parameters.JsonParsingEngine: is not a parameter of RecordDeAggregation processors (allowed: Delimiter, SubRecordType); "
                            + "RecordDeAggregation.Parameters.Delimiter: is required for this processor type");
                });
        assertThatThrownBy(() -> BuiltInProcessorFactory.create(new Processor("Unknown", Map.of())))
                .isInstanceOfSatisfying(HydrantException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
