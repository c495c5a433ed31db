package dev.hydrant.processor;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import static java.util.Objects.requireNonNull;

import dev.hydrant.control.ProcessingConfiguration.Processor;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parameters of a {@code Lambda} processor, validated here; the processor itself is built by the code that
 * invokes functions. Ranges are AWS's: NumberOfRetries 0-300 (default 3), BufferSizeInMBs 0.2-3 (default 1),
 * BufferIntervalInSeconds 0-900 (default 60).
 *
 * @param roleArn the role Firehose would assume to invoke the function; Hydrant checks its shape only
 */
public record LambdaProcessorConfig(String lambdaArn, int numberOfRetries, Optional<String> roleArn, BigDecimal bufferSizeInMBs, int bufferIntervalInSeconds) {
    public static final String TYPE = "Lambda";
    public static final int DEFAULT_NUMBER_OF_RETRIES = 3;
    public static final int MAX_NUMBER_OF_RETRIES = 300;
    public static final BigDecimal DEFAULT_BUFFER_SIZE_IN_MBS = BigDecimal.ONE;
    public static final BigDecimal MIN_BUFFER_SIZE_IN_MBS = new BigDecimal("0.2");
    public static final BigDecimal MAX_BUFFER_SIZE_IN_MBS = new BigDecimal("3");
    public static final int DEFAULT_BUFFER_INTERVAL_IN_SECONDS = 60;
    public static final int MAX_BUFFER_INTERVAL_IN_SECONDS = 900;

    static final Pattern LAMBDA_ARN = Pattern.compile("arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[a-zA-Z0-9_-]{1,64}(:(\\$LATEST|[a-zA-Z0-9_-]{1,128}))?");
    static final Pattern ROLE_ARN = Pattern.compile("arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+");

    public LambdaProcessorConfig {
        requireNonNull(lambdaArn, "lambdaArn is null");
        requireNonNull(roleArn, "roleArn is null");
        requireNonNull(bufferSizeInMBs, "bufferSizeInMBs is null");
    }

    /** The function name of {@code lambdaArn} (its sixth field). */
    public String functionName() {
        return lambdaArn.split(":")[6];
    }

    public long bufferIntervalMillis() {
        return bufferIntervalInSeconds * 1000L;
    }

    /**
     * Reads a processor whose parameters were validated at the edge (API request or pipeline file).
     *
     * @throws HydrantException {@link ErrorCode#INVALID_ARGUMENT} listing every problem when they were not
     */
    public static LambdaProcessorConfig from(Processor processor) {
        List<String> problems = new java.util.ArrayList<>();
        LambdaProcessorConfig config = from(processor, "Processors", problems);
        if (config == null) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, String.join("; ", problems));
        }
        return config;
    }

    public long bufferSizeInBytes() {
        return bufferSizeInMBs.multiply(BigDecimal.valueOf(1024 * 1024)).longValue();
    }

    public static LambdaProcessorConfig from(Processor processor, String path, List<String> problems) {
        ProcessorParameters parameters = new ProcessorParameters(processor, ProcessorType.LAMBDA, path);
        String lambdaArn = parameters.required("LambdaArn");
        if (lambdaArn != null && !LAMBDA_ARN.matcher(lambdaArn).matches()) {
            parameters.problem("LambdaArn", "must be a Lambda function ARN like arn:aws:lambda:us-east-1:123456789012:function:name, was '" + lambdaArn + "'");
        }
        Integer retries = parameters.integer("NumberOfRetries", DEFAULT_NUMBER_OF_RETRIES, 0, MAX_NUMBER_OF_RETRIES);
        String roleArn = parameters.optional("RoleArn", null);
        if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
            parameters.problem("RoleArn", "must be an IAM role ARN like arn:aws:iam::123456789012:role/name, was '" + roleArn + "'");
        }
        BigDecimal bufferSize = bufferSize(parameters);
        Integer bufferInterval = parameters.integer("BufferIntervalInSeconds", DEFAULT_BUFFER_INTERVAL_IN_SECONDS, 0, MAX_BUFFER_INTERVAL_IN_SECONDS);
        problems.addAll(parameters.problems());
        if (parameters.hasProblems()) {
            return null;
        }
        return new LambdaProcessorConfig(lambdaArn, retries, Optional.ofNullable(roleArn), bufferSize, bufferInterval);
    }

    private static BigDecimal bufferSize(ProcessorParameters parameters) {
        String value = parameters.optional("BufferSizeInMBs", null);
        if (value == null) {
            return DEFAULT_BUFFER_SIZE_IN_MBS;
        }
        try {
            BigDecimal size = new BigDecimal(value.trim());
            if (size.compareTo(MIN_BUFFER_SIZE_IN_MBS) < 0 || size.compareTo(MAX_BUFFER_SIZE_IN_MBS) > 0) {
                parameters.problem("BufferSizeInMBs", "must be 0.2..3, was " + value);
                return null;
            }
            return size;
        }
        catch (NumberFormatException e) {
            parameters.problem("BufferSizeInMBs", "must be a number 0.2..3, was '" + value + "'");
            return null;
        }
    }
}
