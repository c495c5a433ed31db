package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import dev.hydrant.control.ProcessingConfiguration.Processor;
import java.math.BigDecimal;

/**
 * The parameters of a {@code Lambda} processor, with Firehose's defaults: NumberOfRetries 3, BufferSizeInMBs 1,
 * BufferIntervalInSeconds 60. The buffer hints size the batches that one invocation receives.
 */
public record LambdaProcessorConfig(String lambdaArn, int numberOfRetries, long bufferSizeBytes, long bufferIntervalMillis) {
    public static final String TYPE = "Lambda";
    public static final int DEFAULT_NUMBER_OF_RETRIES = 3;
    public static final long DEFAULT_BUFFER_SIZE_BYTES = 1024 * 1024;
    public static final long DEFAULT_BUFFER_INTERVAL_MILLIS = 60_000;

    public LambdaProcessorConfig {
        requireNonNull(lambdaArn, "lambdaArn is null");
        if (numberOfRetries < 0) {
            throw new IllegalArgumentException("numberOfRetries is negative");
        }
    }

    /** Reads a processor whose parameters were validated at the edge (API request or pipeline file). */
    public static LambdaProcessorConfig from(Processor processor) {
        requireNonNull(processor, "processor is null");
        if (!processor.type().equals(TYPE)) {
            throw new IllegalArgumentException("not a Lambda processor: " + processor.type());
        }
        String retries = processor.parameters().get("NumberOfRetries");
        String size = processor.parameters().get("BufferSizeInMBs");
        String interval = processor.parameters().get("BufferIntervalInSeconds");
        return new LambdaProcessorConfig(
                requireNonNull(processor.parameters().get("LambdaArn"), "LambdaArn is missing"),
                retries == null ? DEFAULT_NUMBER_OF_RETRIES : Integer.parseInt(retries.trim()),
                size == null ? DEFAULT_BUFFER_SIZE_BYTES : new BigDecimal(size.trim()).multiply(BigDecimal.valueOf(1024 * 1024)).longValue(),
                interval == null ? DEFAULT_BUFFER_INTERVAL_MILLIS : Long.parseLong(interval.trim()) * 1000);
    }
}
