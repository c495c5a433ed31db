package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import dev.hydrant.control.BufferingHints;
import dev.hydrant.control.CloudWatchLoggingOptions;
import dev.hydrant.control.CompressionFormat;
import dev.hydrant.control.DataFormatConversion;
import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.function.FunctionManager;
import dev.hydrant.function.FunctionRuntimeNames;
import dev.hydrant.processor.ProcessorValidator;
import java.nio.file.Files;
import dev.hydrant.delivery.PrefixExpressions;
import dev.hydrant.firehose.DeliveryStreamNames;
import dev.hydrant.firehose.DeliveryStreamRequests;
import dev.hydrant.spi.HiveType;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks the values of a {@link PipelineSpec} against Firehose's and S3's rules and returns every problem at once,
 * each with the YAML path of its field (and where it was written, when the spec came from a file). The shape of
 * the YAML (keys, types, enum values) is checked while reading, by {@link PipelineFile}.
 */
public final class PipelineValidator {
    static final int MAX_FILE_EXTENSION_LENGTH = 128;
    static final int MAX_TIME_ZONE_LENGTH = 50;
    static final int MAX_LOG_NAME_LENGTH = 512;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG_KEY_LENGTH = 128;
    static final int MAX_TAG_VALUE_LENGTH = 256;

    private static final String PREFIX_FIELD = "Prefix: ";
    private static final String ERROR_OUTPUT_PREFIX_FIELD = "ErrorOutputPrefix: ";
    private static final Pattern BUCKET_CHARACTERS = Pattern.compile("[a-z0-9.-]*");
    private static final Pattern BUCKET_ENDS = Pattern.compile("[a-z0-9](.*[a-z0-9])?");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern FILE_EXTENSION = Pattern.compile("\\.[0-9a-z!\\-_.*'()]+");
    private static final Pattern TIME_ZONE = Pattern.compile("[a-zA-Z/_]+");
    private static final Pattern LOG_GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]+");
    private static final Pattern LOG_STREAM = Pattern.compile("[^:*]+");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9-_]{1,64}");
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@%]*");

    private PipelineValidator() {}

    /** Every problem of {@code spec}'s values, in the order of the spec. */
    public static List<PipelineProblem> validate(PipelineSpec spec) {
        requireNonNull(spec, "spec is null");
        Problems problems = new Problems(spec);
        validateBuckets(spec, problems);
        validateFunctions(spec, problems);
        Set<String> names = new HashSet<>();
        for (DeliveryStreamSpec deliveryStream : spec.deliveryStreams()) {
            String path = PipelineReader.DELIVERY_STREAMS + "." + deliveryStream.name();
            if (!names.add(deliveryStream.name())) {
                problems.add(path, "delivery stream '" + deliveryStream.name() + "' is declared twice");
                continue;
            }
            if (!DeliveryStreamNames.violations(deliveryStream.name(), "name").isEmpty()) {
                problems.add(path, "delivery stream name '" + deliveryStream.name() + "' must be " + DeliveryStreamNames.MIN_LENGTH + ".."
                        + DeliveryStreamNames.MAX_LENGTH + " characters matching " + DeliveryStreamNames.PATTERN.pattern());
            }
            validateDestination(spec, deliveryStream, path + ".destination", problems);
            validateTags(deliveryStream.tags(), path + ".tags", problems);
        }
        List<PipelineProblem> all = new ArrayList<>(problems.list());
        all.addAll(ApplicationSpecValidator.validate(spec));
        return all;
    }

    /** S3's bucket naming rules, as messages; empty when {@code name} is a valid bucket name. */
    public static List<String> bucketNameViolations(String name) {
        List<String> violations = new ArrayList<>();
        if (name.length() < 3 || name.length() > 63) {
            violations.add("bucket name '" + name + "' must be 3..63 characters long");
        }
        if (!BUCKET_CHARACTERS.matcher(name).matches()) {
            violations.add("bucket name '" + name + "' may contain only lowercase letters, digits, dots and hyphens");
        } else if (!name.isEmpty() && !BUCKET_ENDS.matcher(name).matches()) {
            violations.add("bucket name '" + name + "' must begin and end with a lowercase letter or digit");
        }
        if (name.contains("..")) {
            violations.add("bucket name '" + name + "' must not contain two adjacent dots");
        }
        if (IP_ADDRESS.matcher(name).matches()) {
            violations.add("bucket name '" + name + "' must not look like an IP address");
        }
        return violations;
    }

    private static void validateBuckets(PipelineSpec spec, Problems problems) {
        Map<String, Integer> firstIndexByName = new HashMap<>();
        for (int index = 0; index < spec.buckets().size(); index++) {
            String name = spec.buckets().get(index).name();
            String path = PipelineReader.BUCKETS + "[" + index + "]";
            Integer firstIndex = firstIndexByName.putIfAbsent(name, index);
            if (firstIndex != null) {
                String first = spec.locate(PipelineReader.BUCKETS + "[" + firstIndex + "]").map(Object::toString).orElse("buckets[" + firstIndex + "]");
                problems.add(path, "bucket '" + name + "' is declared twice (first at " + first + ")");
                continue;
            }
            for (String violation : bucketNameViolations(name)) {
                problems.add(path, violation);
            }
        }
    }

    private static void validateDestination(PipelineSpec spec, DeliveryStreamSpec deliveryStream, String path, Problems problems) {
        S3DestinationConfig destination = deliveryStream.destination();
        String bucket = destination.bucketName();
        if (bucket.isEmpty()) {
            problems.add(path + ".bucket", "is required: the name of a bucket declared under buckets");
        } else if (!spec.declaresBucket(bucket)) {
            String hint = Suggestions.closest(bucket, spec.buckets().stream().map(BucketSpec::name).collect(Collectors.toList()))
                    .map(name -> "; did you mean '" + name + "'?")
                    .orElse("; add it to buckets so that apply creates it");
            problems.add(path + ".bucket", "bucket '" + bucket + "' is not declared under buckets" + hint);
        }

        validatePrefixes(destination.prefix(), destination.errorOutputPrefix(), destination.dynamicPartitioning().enabled(), path, problems);
        validateProcessors(spec, destination.processingConfiguration(), path + ".processors", problems);
        if (destination.backupEnabled()) {
            String backupBucket = destination.backup().bucketName();
            if (backupBucket.isEmpty()) {
                problems.add(path + ".backup.bucket", "is required: the name of a bucket declared under buckets");
            } else if (!spec.declaresBucket(backupBucket)) {
                problems.add(path + ".backup.bucket", "bucket '" + backupBucket + "' is not declared under buckets; add it to buckets so that apply creates it");
            }
        }

        BufferingHints buffering = destination.bufferingHints();
        checkRange(buffering.sizeInMBs(), BufferingHints.MIN_SIZE_IN_MBS, BufferingHints.MAX_SIZE_IN_MBS, path + ".buffering.sizeMiB", problems);
        checkRange(buffering.intervalInSeconds(), BufferingHints.MIN_INTERVAL_IN_SECONDS, BufferingHints.MAX_INTERVAL_IN_SECONDS,
                path + ".buffering.intervalSeconds", problems);

        String fileExtension = destination.fileExtension();
        if (fileExtension != null && !fileExtension.isEmpty()) {
            if (fileExtension.length() > MAX_FILE_EXTENSION_LENGTH) {
                problems.add(path + ".fileExtension", "must be at most " + MAX_FILE_EXTENSION_LENGTH + " characters");
            }
            if (!FILE_EXTENSION.matcher(fileExtension).matches()) {
                problems.add(path + ".fileExtension", "must be a dot followed by lowercase letters, digits or !-_.*'() (for example .json), not '" + fileExtension + "'");
            }
        }

        String timeZone = destination.customTimeZone();
        if (timeZone != null && !timeZone.isEmpty()) {
            validateTimeZone(timeZone, path + ".timeZone", problems);
        }

        validateLogging(deliveryStream.name(), destination.cloudWatchLoggingOptions(), path + ".logging", problems);
        validateFormatConversion(destination, path, problems);
    }

    /**
     * AWS's rules for a converting destination, which apply has to meet since it goes through the Firehose API:
     * CompressionFormat UNCOMPRESSED and a buffer of at least 64 MiB (a local stream still delivers on its interval).
     * Each column's type must be a Hive type, names unique ignoring case, and without dots for the Hive input.
     */
    private static void validateFormatConversion(S3DestinationConfig destination, String path, Problems problems) {
        DataFormatConversion conversion = destination.dataFormatConversion();
        String conversionPath = path + "." + PipelineReader.FORMAT_CONVERSION;
        if (conversion.enabled()) {
            if (destination.compressionFormat() != CompressionFormat.UNCOMPRESSED) {
                problems.add(path + ".compression", "must be UNCOMPRESSED (or left out) with formatConversion, not "
                        + destination.compressionFormat().wireName() + "; Parquet and ORC compress inside the file: set "
                        + PipelineReader.FORMAT_CONVERSION + ".compression instead");
            }
            int minimum = DeliveryStreamRequests.MIN_CONVERSION_BUFFER_SIZE_IN_MBS;
            if (destination.bufferingHints().sizeInMBs() < minimum) {
                problems.add(path + ".buffering.sizeMiB", "must be at least " + minimum + " with formatConversion, as on AWS, not "
                        + destination.bufferingHints().sizeInMBs() + "; buffers are still delivered every intervalSeconds");
            }
        }
        List<HiveType.Field> fields = new ArrayList<>();
        for (int index = 0; index < conversion.columns().size(); index++) {
            DataFormatConversion.Column column = conversion.columns().get(index);
            String columnPath = conversionPath + ".schema[" + index + "]";
            try {
                fields.add(new HiveType.Field(column.name(), HiveType.parse(column.type())));
            } catch (IllegalArgumentException e) {
                problems.add(columnPath, "column '" + column.name() + "': " + e.getMessage());
                continue;
            }
            if (conversion.hiveJsonSerDe() != null && column.name().contains(".")) {
                problems.add(columnPath, "column '" + column.name() + "': the hive input does not accept dots in column names; use input: openx");
            }
        }
        if (fields.size() == conversion.columns().size() && !fields.isEmpty()) {
            try {
                new HiveType.StructType(fields);
            } catch (IllegalArgumentException e) {
                problems.add(conversionPath + ".schema", e.getMessage());
            }
        }
    }

    /**
     * Firehose's prefix rules, from {@link PrefixExpressions}. Its messages name the field they are about
     * ({@code "ErrorOutputPrefix: must be set when Prefix uses expressions"}); each is reported at that field.
     */
    /** Each processor's parameters by AWS's rules; a Lambda processor's function must be declared under functions, or given as an ARN. */
    private static void validateProcessors(PipelineSpec spec, ProcessingConfiguration processing, String path, Problems problems) {
        for (int index = 0; index < processing.processors().size(); index++) {
            ProcessingConfiguration.Processor processor = processing.processors().get(index);
            String processorPath = path + "[" + index + "]";
            for (String violation : ProcessorValidator.validate(processor, "")) {
                int colon = violation.indexOf(": ");
                String field = colon < 0 ? "" : violation.substring(0, colon).replace("Parameters.", "parameters.").replace("Type", "type");
                String fieldPath = field.startsWith(".") ? processorPath + field : processorPath + (field.isEmpty() ? "" : "." + field);
                problems.add(fieldPath, colon < 0 ? violation : violation.substring(colon + 2));
            }
            String lambdaArn = processor.parameters().get("LambdaArn");
            if (lambdaArn != null && lambdaArn.startsWith(FunctionSpec.arnOf(""))) {
                String function = lambdaArn.substring(FunctionSpec.arnOf("").length());
                if (spec.function(function).isEmpty()) {
                    String hint = Suggestions.closest(function, spec.functions().stream().map(FunctionSpec::name).collect(Collectors.toList()))
                            .map(name -> "; did you mean '" + name + "'?")
                            .orElse("; declare it under functions");
                    problems.add(processorPath + ".function", "function '" + function + "' is not declared under functions" + hint);
                }
            }
        }
    }

    private static void validateFunctions(PipelineSpec spec, Problems problems) {
        for (FunctionSpec function : spec.functions()) {
            String path = PipelineReader.FUNCTIONS + "." + function.name();
            if (!FUNCTION_NAME.matcher(function.name()).matches()) {
                problems.add(path, "function name '" + function.name() + "' must be 1..64 letters, digits, '-' or '_'");
            }
            if (!FunctionRuntimeNames.isSupported(function.runtime())) {
                problems.add(path + ".runtime", FunctionRuntimeNames.unsupportedMessage(function.runtime()));
            }
            if (!Files.exists(function.code())) {
                problems.add(path + ".code", "'" + function.code() + "' does not exist; give a directory, a .zip or a .jar, relative to the pipeline file");
            }
            checkRange(function.timeoutSeconds(), 1, 900, path + ".timeoutSeconds", problems);
            checkRange(function.memorySizeMb(), 128, 10240, path + ".memoryMiB", problems);
            checkRange(function.concurrency(), 1, FunctionManager.MAX_CONCURRENCY, path + ".concurrency", problems);
        }
    }

    private static void validatePrefixes(String prefix, String errorOutputPrefix, boolean dynamicPartitioning, String path, Problems problems) {
        for (String violation : PrefixExpressions.validate(prefix, errorOutputPrefix, dynamicPartitioning)) {
            if (violation.startsWith(ERROR_OUTPUT_PREFIX_FIELD)) {
                problems.add(path + ".errorOutputPrefix", violation.substring(ERROR_OUTPUT_PREFIX_FIELD.length()));
            } else if (violation.startsWith(PREFIX_FIELD)) {
                problems.add(path + ".prefix", violation.substring(PREFIX_FIELD.length()));
            } else {
                problems.add(path + ".prefix", violation);
            }
        }
    }

    private static void validateTimeZone(String timeZone, String path, Problems problems) {
        if (timeZone.length() > MAX_TIME_ZONE_LENGTH || !TIME_ZONE.matcher(timeZone).matches()) {
            problems.add(path, "must be a time zone name of at most " + MAX_TIME_ZONE_LENGTH + " letters, '/' and '_' (for example UTC or Europe/Paris), not '" + timeZone + "'");
            return;
        }
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            problems.add(path, "unknown time zone '" + timeZone + "'; use a name from the tz database such as UTC or Europe/Paris");
        }
    }

    private static void validateLogging(String deliveryStreamName, CloudWatchLoggingOptions logging, String path, Problems problems) {
        if (!logging.enabled()) {
            return;
        }
        String logGroup = logging.logGroupName();
        String logStream = logging.logStreamName();
        if (logGroup == null || logStream == null) {
            problems.add(path, "set both logGroup and logStream, or neither for " + PipelineReader.DEFAULT_LOG_GROUP_PREFIX + deliveryStreamName
                    + " and " + PipelineReader.DEFAULT_LOG_STREAM);
            return;
        }
        if (logGroup.length() > MAX_LOG_NAME_LENGTH || !LOG_GROUP.matcher(logGroup).matches()) {
            problems.add(path + ".logGroup", "must be 1.." + MAX_LOG_NAME_LENGTH + " characters of letters, digits and . - _ / #, not '" + logGroup + "'");
        }
        if (logStream.length() > MAX_LOG_NAME_LENGTH || !LOG_STREAM.matcher(logStream).matches()) {
            problems.add(path + ".logStream", "must be 1.." + MAX_LOG_NAME_LENGTH + " characters without ':' or '*', not '" + logStream + "'");
        }
    }

    private static void validateTags(Map<String, String> tags, String path, Problems problems) {
        if (tags.size() > MAX_TAGS) {
            problems.add(path, "must have at most " + MAX_TAGS + " tags, not " + tags.size());
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            String tagPath = path + "." + key;
            if (key.isEmpty() || key.length() > MAX_TAG_KEY_LENGTH) {
                problems.add(tagPath, "tag key must be 1.." + MAX_TAG_KEY_LENGTH + " characters");
            }
            if (key.startsWith("aws:")) {
                problems.add(tagPath, "tag key must not start with 'aws:', which AWS reserves");
            }
            if (!TAG_TEXT.matcher(key).matches()) {
                problems.add(tagPath, "tag key may contain only letters, digits, spaces and _ . : / = + - @ %");
            }
            if (tag.getValue().length() > MAX_TAG_VALUE_LENGTH) {
                problems.add(tagPath, "tag value must be at most " + MAX_TAG_VALUE_LENGTH + " characters");
            }
            if (!TAG_TEXT.matcher(tag.getValue()).matches()) {
                problems.add(tagPath, "tag value may contain only letters, digits, spaces and _ . : / = + - @ %");
            }
        }
    }

    private static void checkRange(int value, int minimum, int maximum, String path, Problems problems) {
        if (value < minimum || value > maximum) {
            problems.add(path, "must be " + minimum + ".." + maximum + ", not " + value);
        }
    }

    /** Problems being collected, located through the spec. */
    private static final class Problems {
        private final PipelineSpec spec;
        private final List<PipelineProblem> list = new ArrayList<>();

        Problems(PipelineSpec spec) {
            this.spec = spec;
        }

        void add(String path, String message) {
            list.add(new PipelineProblem(path, message, spec.locate(path)));
        }

        List<PipelineProblem> list() {
            return List.copyOf(list);
        }
    }
}
