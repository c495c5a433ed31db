package dev.hydrant.firehose;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hydrant.control.BufferingHints;
import dev.hydrant.control.CloudWatchLoggingOptions;
import dev.hydrant.control.CompressionFormat;
import dev.hydrant.control.DeliveryStream;
import dev.hydrant.control.DynamicPartitioningConfig;
import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.processor.ProcessorValidator;
import dev.hydrant.control.ProcessingConfiguration.Processor;
import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.delivery.PrefixExpressions;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the destination of CreateDeliveryStream and UpdateDestination request bodies into an
 * {@link S3DestinationConfig}, checking every member against the Firehose service model (botocore
 * {@code firehose/2015-08-04}). All problems of a request are reported together in one {@link HydrantException}:
 * JSON of the wrong type as {@link ErrorCode#SERIALIZATION}, broken model constraints as
 * {@link ErrorCode#VALIDATION} with AWS's message and lower-camel member paths, and anything Hydrant cannot do
 * (another destination type, a source other than DirectPut, KMS, backups, format conversion, dynamic partitioning,
 * enabled processors) or that breaks a rule outside the model (prefix expressions, BufferingHints given by halves) as
 * {@link ErrorCode#INVALID_ARGUMENT}.
 *
 * <p>Members outside the model are ignored, as AWS does; so are the ExtendedS3-only members inside the deprecated
 * {@code S3DestinationConfiguration} shape.
 */
public final class DeliveryStreamRequests {
    static final String EXTENDED_S3_CONFIGURATION = "ExtendedS3DestinationConfiguration";
    static final String S3_CONFIGURATION = "S3DestinationConfiguration";
    static final String EXTENDED_S3_UPDATE = "ExtendedS3DestinationUpdate";
    static final String S3_UPDATE = "S3DestinationUpdate";

    static final Pattern ROLE_ARN = Pattern.compile("arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+");
    static final Pattern BUCKET_ARN = Pattern.compile("arn:.*:s3:::[\\w\\.\\-]{1,255}");
    static final Pattern LOG_GROUP_NAME = Pattern.compile("[\\.\\-_/#A-Za-z0-9]*");
    static final Pattern LOG_STREAM_NAME = Pattern.compile("[^:*]*");
    static final Pattern PARAMETER_VALUE = Pattern.compile("^(?!\\s*$).+");
    static final Pattern FILE_EXTENSION = Pattern.compile("^$|\\.[0-9a-z!\\-_.*'()]+");
    static final Pattern CUSTOM_TIME_ZONE = Pattern.compile("^$|[a-zA-Z/_]+");
    static final Pattern TAG_KEY = Pattern.compile("^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$");
    static final Pattern TAG_VALUE = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$");
    static final Pattern VERSION_ID = Pattern.compile("[0-9]+");
    static final Pattern DESTINATION_ID = Pattern.compile("[a-zA-Z0-9-]+");

    static final int MAX_TAGS = 50;
    static final List<String> DELIVERY_STREAM_TYPES = List.of("DirectPut", "KinesisStreamAsSource", "MSKAsSource", "DatabaseAsSource");
    static final List<String> SOURCE_CONFIGURATIONS = List.of("KinesisStreamSourceConfiguration", "MSKSourceConfiguration", "DatabaseSourceConfiguration");
    static final List<String> COMPRESSION_FORMATS = Arrays.stream(CompressionFormat.values()).map(CompressionFormat::wireName).collect(Collectors.toUnmodifiableList());
    static final List<String> PROCESSOR_TYPES = List.of(
            "RecordDeAggregation", "Decompression", "CloudWatchLogProcessing", "Lambda", "MetadataExtraction", "AppendDelimiterToRecord");
    static final List<String> PROCESSOR_PARAMETER_NAMES = List.of(
            "LambdaArn", "NumberOfRetries", "MetadataExtractionQuery", "JsonParsingEngine", "RoleArn", "BufferSizeInMBs",
            "BufferIntervalInSeconds", "SubRecordType", "Delimiter", "CompressionFormat", "DataMessageExtraction");
    static final List<String> S3_BACKUP_MODES = List.of("Disabled", "Enabled");

    /** What a create request starts from. RoleARN and BucketARN are required, so their blanks never survive. */
    private static final S3DestinationConfig CREATE_DEFAULTS = new S3DestinationConfig(
            "", "", null, null, BufferingHints.defaults(), CompressionFormat.UNCOMPRESSED,
            CloudWatchLoggingOptions.disabled(), ProcessingConfiguration.disabled(), null, null);

    private DeliveryStreamRequests() {}

    /**
     * The destination of a CreateDeliveryStream body, with defaults filled in. Also checks the other members of the
     * request (DeliveryStreamName, DeliveryStreamType, Tags, sources, server-side encryption), so that one call
     * reports every problem of the request.
     *
     * @throws HydrantException with every problem of the request
     */
    public static S3DestinationConfig parseCreateDestination(JsonNode createRequest) {
        requireNonNull(createRequest, "createRequest is null");
        RequestProblems problems = new RequestProblems();
        requireObject(createRequest);
        problems.addViolations(DeliveryStreamNames.violations(text(createRequest, "DeliveryStreamName", "", problems), "deliveryStreamName"));
        String type = enumText(createRequest, "DeliveryStreamType", "", DELIVERY_STREAM_TYPES, problems);
        if (type != null && !type.equals(DeliveryStream.TYPE_DIRECT_PUT)) {
            problems.invalidArgument("DeliveryStreamType " + type + " is not supported by Hydrant yet, only DirectPut is");
        }
        else {
            for (String source : SOURCE_CONFIGURATIONS) {
                if (isPresent(createRequest, source)) {
                    problems.invalidArgument(source + " is not supported by Hydrant yet, only DirectPut delivery streams are");
                }
            }
        }
        JsonNode directPut = object(createRequest, "DirectPutSourceConfiguration", "", problems);
        if (directPut != null) {
            Integer throughputHint = requiredInteger(directPut, "ThroughputHintInMBs", "directPutSourceConfiguration", problems);
            if (throughputHint != null) {
                problems.checkRange(throughputHint, "directPutSourceConfiguration.throughputHintInMBs", 1, 100);
            }
        }
        if (isPresent(createRequest, "DeliveryStreamEncryptionConfigurationInput")) {
            problems.invalidArgument("DeliveryStreamEncryptionConfigurationInput (server-side encryption) is not supported yet");
        }
        tags(createRequest.get("Tags"), "tags", problems);
        S3DestinationConfig destination = destination(createRequest, EXTENDED_S3_CONFIGURATION, S3_CONFIGURATION, "DestinationConfiguration", null, problems);
        problems.throwIfAny();
        return destination;
    }

    /**
     * The destination of an UpdateDestination body merged into {@code current}: members the update leaves out keep
     * their current values. A structure member the update gives (CloudWatchLoggingOptions, ProcessingConfiguration,
     * a complete BufferingHints) replaces the current one whole. Also checks DeliveryStreamName,
     * CurrentDeliveryStreamVersionId and DestinationId for shape; whether they match the stream is the caller's
     * business.
     *
     * @throws HydrantException with every problem of the request
     */
    public static S3DestinationConfig parseUpdateDestination(JsonNode updateRequest, S3DestinationConfig current) {
        requireNonNull(updateRequest, "updateRequest is null");
        requireNonNull(current, "current is null");
        RequestProblems problems = new RequestProblems();
        requireObject(updateRequest);
        problems.addViolations(DeliveryStreamNames.violations(text(updateRequest, "DeliveryStreamName", "", problems), "deliveryStreamName"));
        requiredText(updateRequest, "CurrentDeliveryStreamVersionId", "", 1, 50, VERSION_ID, problems);
        requiredText(updateRequest, "DestinationId", "", 1, 100, DESTINATION_ID, problems);
        S3DestinationConfig destination = destination(updateRequest, EXTENDED_S3_UPDATE, S3_UPDATE, "DestinationUpdate", current, problems);
        problems.throwIfAny();
        return destination;
    }

    /**
     * The Tags list of CreateDeliveryStream or TagDeliveryStream ({@code [{"Key": "k", "Value": "v"}]}), in request
     * order. A tag without Value gets the empty string. An absent or JSON-null list gives an empty map: callers for
     * which Tags is required (TagDeliveryStream) check its presence themselves.
     *
     * @param field the path of the list in the request, such as {@code tags}, used in error messages
     * @throws HydrantException with every problem of the list
     */
    public static Map<String, String> parseTags(JsonNode tagsArray, String field) {
        requireNonNull(field, "field is null");
        RequestProblems problems = new RequestProblems();
        Map<String, String> tags = tags(tagsArray, field, problems);
        problems.throwIfAny();
        return tags;
    }

    private static S3DestinationConfig destination(
            JsonNode request, String extendedMember, String plainMember, String suffix, S3DestinationConfig current, RequestProblems problems) {
        List<String> given = new ArrayList<>();
        request.fieldNames().forEachRemaining(member -> {
            if (member.endsWith(suffix) && isPresent(request, member)) {
                given.add(member);
            }
        });
        if (given.size() != 1) {
            problems.invalidArgument(given.isEmpty()
                    ? "Exactly one destination is required: " + extendedMember + " (or the deprecated " + plainMember + ")"
                    : "Exactly one destination is allowed, but the request has " + String.join(", ", given));
            return null;
        }
        String member = given.get(0);
        if (!member.equals(extendedMember) && !member.equals(plainMember)) {
            problems.invalidArgument(member + " is not supported by Hydrant yet, use " + extendedMember);
            return null;
        }
        JsonNode configuration = object(request, member, "", problems);
        if (configuration == null) {
            return null;
        }
        return s3Destination(configuration, path("", member), member.equals(extendedMember), current, problems);
    }

    private static S3DestinationConfig s3Destination(
            JsonNode configuration, String path, boolean extended, S3DestinationConfig current, RequestProblems problems) {
        S3DestinationConfig base = current == null ? CREATE_DEFAULTS : current;
        String roleArn = current == null
                ? requiredText(configuration, "RoleARN", path, 1, 512, ROLE_ARN, problems)
                : optionalText(configuration, "RoleARN", path, 1, 512, ROLE_ARN, problems);
        String bucketArn = current == null
                ? requiredText(configuration, "BucketARN", path, 1, 2048, BUCKET_ARN, problems)
                : optionalText(configuration, "BucketARN", path, 1, 2048, BUCKET_ARN, problems);
        String prefix = optionalText(configuration, "Prefix", path, 0, 1024, null, problems);
        String errorOutputPrefix = optionalText(configuration, "ErrorOutputPrefix", path, 0, 1024, null, problems);
        BufferingHints bufferingHints = bufferingHints(object(configuration, "BufferingHints", path, problems), path(path, "BufferingHints"), problems);
        String compressionFormat = enumText(configuration, "CompressionFormat", path, COMPRESSION_FORMATS, problems);
        checkEncryption(object(configuration, "EncryptionConfiguration", path, problems), path(path, "EncryptionConfiguration"), problems);
        CloudWatchLoggingOptions cloudWatchLoggingOptions =
                cloudWatchLoggingOptions(object(configuration, "CloudWatchLoggingOptions", path, problems), path(path, "CloudWatchLoggingOptions"), problems);
        ProcessingConfiguration processingConfiguration = null;
        String fileExtension = null;
        String customTimeZone = null;
        S3DestinationConfig backup = base.backup();
        DynamicPartitioningConfig dynamicPartitioning = base.dynamicPartitioning();
        if (extended) {
            processingConfiguration =
                    processingConfiguration(object(configuration, "ProcessingConfiguration", path, problems), path(path, "ProcessingConfiguration"), problems);
            checkUnsupportedExtendedMembers(configuration, path, problems);
            fileExtension = optionalText(configuration, "FileExtension", path, 0, 128, FILE_EXTENSION, problems);
            customTimeZone = optionalText(configuration, "CustomTimeZone", path, 0, 50, CUSTOM_TIME_ZONE, problems);
            backup = backup(configuration, path, current, problems);
            DynamicPartitioningConfig requested = dynamicPartitioning(object(configuration, "DynamicPartitioningConfiguration", path, problems),
                    path(path, "DynamicPartitioningConfiguration"), problems);
            if (requested != null) {
                if (current != null && requested.enabled() != current.dynamicPartitioning().enabled()) {
                    problems.invalidArgument("DynamicPartitioningConfiguration.Enabled can only be set when the delivery stream is created");
                }
                else {
                    dynamicPartitioning = requested;
                }
            }
        }

        S3DestinationConfig merged = new S3DestinationConfig(
                roleArn != null ? roleArn : base.roleArn(),
                bucketArn != null ? bucketArn : base.bucketArn(),
                prefix != null ? prefix : base.prefix(),
                errorOutputPrefix != null ? errorOutputPrefix : base.errorOutputPrefix(),
                bufferingHints != null ? bufferingHints : base.bufferingHints(),
                compressionFormat != null ? CompressionFormat.fromWireName(compressionFormat).orElseThrow() : base.compressionFormat(),
                cloudWatchLoggingOptions != null ? cloudWatchLoggingOptions : base.cloudWatchLoggingOptions(),
                processingConfiguration != null ? processingConfiguration : base.processingConfiguration(),
                fileExtension != null ? fileExtension : base.fileExtension(),
                customTimeZone != null ? customTimeZone : base.customTimeZone(),
                backup,
                dynamicPartitioning);
        checkSemantics(merged, problems);
        return merged;
    }

    /**
     * S3BackupMode and the backup destination: Enabled needs S3BackupConfiguration (S3BackupUpdate in an update,
     * where it may also be left out to keep the current one); Disabled drops it; absent keeps the current mode.
     */
    private static S3DestinationConfig backup(JsonNode configuration, String path, S3DestinationConfig current, RequestProblems problems) {
        String backupMode = enumText(configuration, "S3BackupMode", path, S3_BACKUP_MODES, problems);
        String member = current == null ? "S3BackupConfiguration" : "S3BackupUpdate";
        JsonNode backupNode = object(configuration, member, path, problems);
        S3DestinationConfig currentBackup = current == null ? null : current.backup();
        if ("Disabled".equals(backupMode)) {
            return null;
        }
        if (backupMode == null && currentBackup == null) {
            if (backupNode != null) {
                problems.invalidArgument(member + " needs S3BackupMode Enabled");
            }
            return null;
        }
        if (backupNode == null) {
            if (currentBackup == null) {
                problems.invalidArgument("S3BackupMode Enabled needs " + member);
            }
            return currentBackup;
        }
        return s3Destination(backupNode, path(path, member), false, currentBackup, problems);
    }

    private static DynamicPartitioningConfig dynamicPartitioning(JsonNode configuration, String path, RequestProblems problems) {
        if (configuration == null) {
            return null;
        }
        Boolean enabled = bool(configuration, "Enabled", path, problems);
        int retryDuration = DynamicPartitioningConfig.DEFAULT_RETRY_DURATION_SECONDS;
        JsonNode retryOptions = object(configuration, "RetryOptions", path, problems);
        if (retryOptions != null) {
            Integer duration = integer(retryOptions, "DurationInSeconds", path(path, "RetryOptions"), problems);
            if (duration != null) {
                problems.checkRange(duration, path(path(path, "RetryOptions"), "DurationInSeconds"), 0, 7200);
                retryDuration = duration;
            }
        }
        return new DynamicPartitioningConfig(Boolean.TRUE.equals(enabled), retryDuration);
    }

    private static void checkSemantics(S3DestinationConfig destination, RequestProblems problems) {
        ProcessorValidator.validate(destination.processingConfiguration(), "ProcessingConfiguration").forEach(problems::invalidArgument);
        CloudWatchLoggingOptions logging = destination.cloudWatchLoggingOptions();
        if (logging.enabled() && (isBlank(logging.logGroupName()) || isBlank(logging.logStreamName()))) {
            problems.invalidArgument("CloudWatchLoggingOptions needs LogGroupName and LogStreamName when Enabled is true");
        }
        PrefixExpressions.validate(destination.prefix(), destination.errorOutputPrefix(), destination.dynamicPartitioning().enabled())
                .forEach(problems::invalidArgument);
        if (!isBlank(destination.customTimeZone())) {
            try {
                ZoneId.of(destination.customTimeZone());
            }
            catch (DateTimeException e) {
                problems.invalidArgument("CustomTimeZone '" + destination.customTimeZone() + "' is not a known time zone");
            }
        }
    }

    /** The hints when both members are given, null when neither is (or the structure is absent). */
    private static BufferingHints bufferingHints(JsonNode hints, String path, RequestProblems problems) {
        if (hints == null) {
            return null;
        }
        Integer size = integer(hints, "SizeInMBs", path, problems);
        Integer interval = integer(hints, "IntervalInSeconds", path, problems);
        if (size != null) {
            problems.checkRange(size, path(path, "SizeInMBs"), BufferingHints.MIN_SIZE_IN_MBS, BufferingHints.MAX_SIZE_IN_MBS);
        }
        if (interval != null) {
            problems.checkRange(interval, path(path, "IntervalInSeconds"), BufferingHints.MIN_INTERVAL_IN_SECONDS, BufferingHints.MAX_INTERVAL_IN_SECONDS);
        }
        if (size == null && interval == null) {
            return null;
        }
        if (size == null || interval == null) {
            problems.invalidArgument("BufferingHints needs both SizeInMBs and IntervalInSeconds, or neither");
            return null;
        }
        return new BufferingHints(size, interval);
    }

    private static void checkEncryption(JsonNode encryption, String path, RequestProblems problems) {
        if (encryption == null) {
            return;
        }
        enumText(encryption, "NoEncryptionConfig", path, List.of("NoEncryption"), problems);
        if (isPresent(encryption, "KMSEncryptionConfig")) {
            problems.invalidArgument("EncryptionConfiguration.KMSEncryptionConfig is not supported yet, Hydrant writes objects unencrypted");
        }
    }

    private static CloudWatchLoggingOptions cloudWatchLoggingOptions(JsonNode options, String path, RequestProblems problems) {
        if (options == null) {
            return null;
        }
        Boolean enabled = bool(options, "Enabled", path, problems);
        String logGroupName = optionalText(options, "LogGroupName", path, 0, 512, LOG_GROUP_NAME, problems);
        String logStreamName = optionalText(options, "LogStreamName", path, 0, 512, LOG_STREAM_NAME, problems);
        return new CloudWatchLoggingOptions(Boolean.TRUE.equals(enabled), logGroupName, logStreamName);
    }

    private static ProcessingConfiguration processingConfiguration(JsonNode configuration, String path, RequestProblems problems) {
        if (configuration == null) {
            return null;
        }
        Boolean enabled = bool(configuration, "Enabled", path, problems);
        List<Processor> processors = new ArrayList<>();
        List<JsonNode> processorNodes = elements(configuration, "Processors", path, problems);
        for (int index = 0; index < processorNodes.size(); index++) {
            String processorPath = member(path(path, "Processors"), index);
            JsonNode processorNode = processorNodes.get(index);
            if (processorNode == null) {
                continue;
            }
            String type = requiredEnumText(processorNode, "Type", processorPath, PROCESSOR_TYPES, problems);
            Map<String, String> parameters = new LinkedHashMap<>();
            List<JsonNode> parameterNodes = elements(processorNode, "Parameters", processorPath, problems);
            for (int parameterIndex = 0; parameterIndex < parameterNodes.size(); parameterIndex++) {
                String parameterPath = member(path(processorPath, "Parameters"), parameterIndex);
                JsonNode parameterNode = parameterNodes.get(parameterIndex);
                if (parameterNode == null) {
                    continue;
                }
                String name = requiredEnumText(parameterNode, "ParameterName", parameterPath, PROCESSOR_PARAMETER_NAMES, problems);
                String value = requiredText(parameterNode, "ParameterValue", parameterPath, 1, 5120, PARAMETER_VALUE, problems);
                if (name != null && value != null && parameters.putIfAbsent(name, value) != null) {
                    problems.invalidArgument("Processor " + (index + 1) + " has more than one " + name + " parameter");
                }
            }
            if (type != null) {
                processors.add(new Processor(type, parameters));
            }
        }
        return new ProcessingConfiguration(Boolean.TRUE.equals(enabled), processors);
    }

    private static void checkUnsupportedExtendedMembers(JsonNode configuration, String path, RequestProblems problems) {
        // AWS documents Enabled as defaulting to true for format conversion, and to false for dynamic partitioning.
        JsonNode conversion = object(configuration, "DataFormatConversionConfiguration", path, problems);
        if (conversion != null && !Boolean.FALSE.equals(bool(conversion, "Enabled", path(path, "DataFormatConversionConfiguration"), problems))) {
            problems.invalidArgument("DataFormatConversionConfiguration is not supported yet");
        }
    }

    private static Map<String, String> tags(JsonNode tagsArray, String path, RequestProblems problems) {
        if (tagsArray == null || tagsArray.isNull() || tagsArray.isMissingNode()) {
            return Map.of();
        }
        if (!tagsArray.isArray()) {
            problems.wrongType(path, "an array", tagsArray);
            return Map.of();
        }
        if (tagsArray.isEmpty() || tagsArray.size() > MAX_TAGS) {
            String constraint = tagsArray.isEmpty()
                    ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to " + MAX_TAGS;
            problems.violation(tagsArray, path, constraint);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        List<JsonNode> tagNodes = elementObjects(tagsArray, path, problems);
        for (int index = 0; index < tagNodes.size(); index++) {
            JsonNode tagNode = tagNodes.get(index);
            if (tagNode == null) {
                continue;
            }
            String tagPath = member(path, index);
            String key = requiredText(tagNode, "Key", tagPath, 1, 128, TAG_KEY, problems);
            String value = optionalText(tagNode, "Value", tagPath, 0, 256, TAG_VALUE, problems);
            if (key != null && tags.putIfAbsent(key, value == null ? "" : value) != null) {
                problems.invalidArgument("Tag key '" + key + "' appears more than once");
            }
        }
        return Collections.unmodifiableMap(tags);
    }

    // JSON access: absent and JSON null members read as null; a member of the wrong JSON type is reported and reads as null.

    private static void requireObject(JsonNode request) {
        if (!request.isObject()) {
            RequestProblems problems = new RequestProblems();
            problems.wrongType("request body", "a JSON object", request);
            problems.throwIfAny();
        }
    }

    private static boolean isPresent(JsonNode parent, String member) {
        JsonNode node = parent.get(member);
        return node != null && !node.isNull();
    }

    private static JsonNode present(JsonNode parent, String member) {
        return isPresent(parent, member) ? parent.get(member) : null;
    }

    private static String text(JsonNode parent, String member, String parentPath, RequestProblems problems) {
        JsonNode node = present(parent, member);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            problems.wrongType(path(parentPath, member), "a string", node);
            return null;
        }
        return node.textValue();
    }

    private static String optionalText(
            JsonNode parent, String member, String parentPath, int minimumLength, int maximumLength, Pattern pattern, RequestProblems problems) {
        String value = text(parent, member, parentPath, problems);
        if (value != null) {
            if (pattern != null) {
                problems.checkPattern(value, path(parentPath, member), pattern);
            }
            problems.checkLength(value, path(parentPath, member), minimumLength, maximumLength);
        }
        return value;
    }

    private static String requiredText(
            JsonNode parent, String member, String parentPath, int minimumLength, int maximumLength, Pattern pattern, RequestProblems problems) {
        if (!isPresent(parent, member)) {
            problems.missing(path(parentPath, member));
            return null;
        }
        return optionalText(parent, member, parentPath, minimumLength, maximumLength, pattern, problems);
    }

    /** The value when it is one of {@code allowed}, else null (reported). */
    private static String enumText(JsonNode parent, String member, String parentPath, List<String> allowed, RequestProblems problems) {
        String value = text(parent, member, parentPath, problems);
        return value != null && problems.checkEnum(value, path(parentPath, member), allowed) ? value : null;
    }

    private static String requiredEnumText(JsonNode parent, String member, String parentPath, List<String> allowed, RequestProblems problems) {
        if (!isPresent(parent, member)) {
            problems.missing(path(parentPath, member));
            return null;
        }
        return enumText(parent, member, parentPath, allowed, problems);
    }

    private static Integer integer(JsonNode parent, String member, String parentPath, RequestProblems problems) {
        JsonNode node = present(parent, member);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problems.wrongType(path(parentPath, member), "an integer", node);
            return null;
        }
        return node.intValue();
    }

    private static Integer requiredInteger(JsonNode parent, String member, String parentPath, RequestProblems problems) {
        if (!isPresent(parent, member)) {
            problems.missing(path(parentPath, member));
            return null;
        }
        return integer(parent, member, parentPath, problems);
    }

    private static Boolean bool(JsonNode parent, String member, String parentPath, RequestProblems problems) {
        JsonNode node = present(parent, member);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            problems.wrongType(path(parentPath, member), "a boolean", node);
            return null;
        }
        return node.booleanValue();
    }

    private static JsonNode object(JsonNode parent, String member, String parentPath, RequestProblems problems) {
        JsonNode node = present(parent, member);
        if (node != null && !node.isObject()) {
            problems.wrongType(path(parentPath, member), "an object", node);
            return null;
        }
        return node;
    }

    /** The elements of a list member, by position; an element that is not an object is reported and reads as null. */
    private static List<JsonNode> elements(JsonNode parent, String member, String parentPath, RequestProblems problems) {
        JsonNode node = present(parent, member);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.wrongType(path(parentPath, member), "an array", node);
            return List.of();
        }
        return elementObjects(node, path(parentPath, member), problems);
    }

    private static List<JsonNode> elementObjects(JsonNode array, String path, RequestProblems problems) {
        List<JsonNode> elements = new ArrayList<>();
        for (int index = 0; index < array.size(); index++) {
            JsonNode element = array.get(index);
            if (element.isObject()) {
                elements.add(element);
            }
            else {
                problems.wrongType(member(path, index), "an object", element);
                elements.add(null);
            }
        }
        return elements;
    }

    /** AWS's member path: lower-camel member names joined by dots. */
    static String path(String parentPath, String member) {
        String lowerCamel = Character.toLowerCase(member.charAt(0)) + member.substring(1);
        return parentPath.isEmpty() ? lowerCamel : parentPath + "." + lowerCamel;
    }

    /** AWS's path of a list element: one-based, then {@code .member}. */
    private static String member(String listPath, int index) {
        return listPath + "." + (index + 1) + ".member";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
