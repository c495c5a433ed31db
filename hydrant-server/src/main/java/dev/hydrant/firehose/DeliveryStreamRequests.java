package dev.hydrant.firehose;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hydrant.control.BufferingHints;
import dev.hydrant.control.CloudWatchLoggingOptions;
import dev.hydrant.control.CompressionFormat;
import dev.hydrant.control.DataFormatConversion;
import dev.hydrant.control.DeliveryStream;
import dev.hydrant.control.DynamicPartitioningConfig;
import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.processor.ProcessorValidator;
import dev.hydrant.control.ProcessingConfiguration.Processor;
import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.delivery.PrefixExpressions;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FormatConversionConfig;
import dev.hydrant.spi.FormatConversionConfig.HiveJsonSerDe;
import dev.hydrant.spi.FormatConversionConfig.OpenXJsonSerDe;
import dev.hydrant.spi.FormatConversionConfig.OrcSerDe;
import dev.hydrant.spi.FormatConversionConfig.ParquetSerDe;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.RecordFormatWriterFactory;
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
 * (another destination type, a source other than DirectPut, KMS) or that breaks a rule outside the model (prefix
 * expressions, BufferingHints given by halves, format conversion without UNCOMPRESSED and a 64 MiB buffer) as
 * {@link ErrorCode#INVALID_ARGUMENT}.
 *
 * <p>DataFormatConversionConfiguration takes one member outside AWS's model: {@code SchemaConfiguration.Columns},
 * a list of Glue columns ({@code [{"Name":"speed","Type":"double"}]}) that stands in for the Glue table Hydrant
 * does not have. Without it the schema is inferred from each buffer's records.
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
    static final String DATA_FORMAT_CONVERSION = "DataFormatConversionConfiguration";
    /** AWS's minimum buffer for format conversion; Hydrant enforces it as AWS does (buffers flush on the interval anyway). */
    public static final int MIN_CONVERSION_BUFFER_SIZE_IN_MBS = 64;
    static final Pattern NON_EMPTY_WITHOUT_WHITESPACE = Pattern.compile("^\\S+$");
    static final List<String> PARQUET_COMPRESSIONS = enumNames(FormatConversionConfig.ParquetCompression.values());
    static final List<String> PARQUET_WRITER_VERSIONS = enumNames(FormatConversionConfig.ParquetWriterVersion.values());
    static final List<String> ORC_COMPRESSIONS = enumNames(FormatConversionConfig.OrcCompression.values());
    static final List<String> ORC_FORMAT_VERSIONS = enumNames(FormatConversionConfig.OrcFormatVersion.values());

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
        DataFormatConversion dataFormatConversion = base.dataFormatConversion();
        if (extended) {
            processingConfiguration =
                    processingConfiguration(object(configuration, "ProcessingConfiguration", path, problems), path(path, "ProcessingConfiguration"), problems);
            DataFormatConversion requestedConversion = dataFormatConversion(
                    object(configuration, DATA_FORMAT_CONVERSION, path, problems), path(path, DATA_FORMAT_CONVERSION), problems);
            if (requestedConversion != null) {
                dataFormatConversion = requestedConversion;
            }
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
                dynamicPartitioning,
                dataFormatConversion);
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

    /**
     * The DataFormatConversionConfiguration of a DescribeDeliveryStream answer (or of a request), as the model keeps
     * it. Checks the shape of the members only: not the column types, nor whether this process could convert.
     *
     * @throws HydrantException with every problem of its members
     */
    public static DataFormatConversion parseDataFormatConversion(JsonNode configuration) {
        requireNonNull(configuration, "configuration is null");
        RequestProblems problems = new RequestProblems();
        DataFormatConversion conversion = dataFormatConversion(configuration, path("", DATA_FORMAT_CONVERSION), problems);
        problems.throwIfAny();
        return conversion == null ? DataFormatConversion.disabled() : conversion;
    }

    /** Null when absent; members of the wrong shape are reported and read as unset. Enabled defaults to true. */
    private static DataFormatConversion dataFormatConversion(JsonNode configuration, String path, RequestProblems problems) {
        if (configuration == null) {
            return null;
        }
        boolean enabled = !Boolean.FALSE.equals(bool(configuration, "Enabled", path, problems));
        DataFormatConversion.SchemaConfiguration schema = DataFormatConversion.SchemaConfiguration.empty();
        List<DataFormatConversion.Column> columns = new ArrayList<>();
        JsonNode schemaNode = object(configuration, "SchemaConfiguration", path, problems);
        String schemaPath = path(path, "SchemaConfiguration");
        if (schemaNode != null) {
            schema = new DataFormatConversion.SchemaConfiguration(
                    glueName(schemaNode, "RoleARN", schemaPath, problems),
                    glueName(schemaNode, "CatalogId", schemaPath, problems),
                    glueName(schemaNode, "DatabaseName", schemaPath, problems),
                    glueName(schemaNode, "TableName", schemaPath, problems),
                    glueName(schemaNode, "Region", schemaPath, problems),
                    glueName(schemaNode, "VersionId", schemaPath, problems));
            List<JsonNode> columnNodes = elements(schemaNode, "Columns", schemaPath, problems);
            for (int index = 0; index < columnNodes.size(); index++) {
                JsonNode columnNode = columnNodes.get(index);
                if (columnNode == null) {
                    continue;
                }
                String columnPath = member(path(schemaPath, "Columns"), index);
                String name = requiredText(columnNode, "Name", columnPath, 1, 255, null, problems);
                String type = requiredText(columnNode, "Type", columnPath, 1, 131072, null, problems);
                if (name != null && type != null) {
                    columns.add(new DataFormatConversion.Column(name, type));
                }
            }
        }
        OpenXJsonSerDe openX = null;
        HiveJsonSerDe hive = null;
        JsonNode input = object(configuration, "InputFormatConfiguration", path, problems);
        if (input != null) {
            String inputPath = path(path, "InputFormatConfiguration");
            JsonNode deserializer = object(input, "Deserializer", inputPath, problems);
            String deserializerPath = path(inputPath, "Deserializer");
            if (deserializer != null) {
                JsonNode openXNode = object(deserializer, "OpenXJsonSerDe", deserializerPath, problems);
                JsonNode hiveNode = object(deserializer, "HiveJsonSerDe", deserializerPath, problems);
                if (openXNode != null && hiveNode != null) {
                    problems.invalidArgument("Deserializer takes one of OpenXJsonSerDe and HiveJsonSerDe, not both");
                }
                else if (openXNode != null) {
                    openX = openXJsonSerDe(openXNode, path(deserializerPath, "OpenXJsonSerDe"), problems);
                }
                else if (hiveNode != null) {
                    hive = hiveJsonSerDe(hiveNode, path(deserializerPath, "HiveJsonSerDe"), problems);
                }
            }
        }
        ParquetSerDe parquet = null;
        OrcSerDe orc = null;
        JsonNode output = object(configuration, "OutputFormatConfiguration", path, problems);
        if (output != null) {
            String outputPath = path(path, "OutputFormatConfiguration");
            JsonNode serializer = object(output, "Serializer", outputPath, problems);
            String serializerPath = path(outputPath, "Serializer");
            if (serializer != null) {
                JsonNode parquetNode = object(serializer, "ParquetSerDe", serializerPath, problems);
                JsonNode orcNode = object(serializer, "OrcSerDe", serializerPath, problems);
                if (parquetNode != null && orcNode != null) {
                    problems.invalidArgument("Serializer takes one of ParquetSerDe and OrcSerDe, not both");
                }
                else if (parquetNode != null) {
                    parquet = parquetSerDe(parquetNode, path(serializerPath, "ParquetSerDe"), problems);
                }
                else if (orcNode != null) {
                    orc = orcSerDe(orcNode, path(serializerPath, "OrcSerDe"), problems);
                }
            }
        }
        if (enabled && (schemaNode == null || openX == null && hive == null || parquet == null && orc == null)) {
            List<String> missing = new ArrayList<>();
            if (schemaNode == null) {
                missing.add("SchemaConfiguration");
            }
            if (openX == null && hive == null) {
                missing.add("InputFormatConfiguration.Deserializer (OpenXJsonSerDe or HiveJsonSerDe)");
            }
            if (parquet == null && orc == null) {
                missing.add("OutputFormatConfiguration.Serializer (ParquetSerDe or OrcSerDe)");
            }
            problems.invalidArgument("DataFormatConversionConfiguration with Enabled true needs " + String.join(", ", missing));
            return null;
        }
        return new DataFormatConversion(enabled, schema, columns, openX, hive, parquet, orc);
    }

    private static String glueName(JsonNode parent, String member, String path, RequestProblems problems) {
        return optionalText(parent, member, path, 1, 1024, NON_EMPTY_WITHOUT_WHITESPACE, problems);
    }

    private static OpenXJsonSerDe openXJsonSerDe(JsonNode node, String path, RequestProblems problems) {
        OpenXJsonSerDe defaults = OpenXJsonSerDe.defaults();
        Boolean convertDots = bool(node, "ConvertDotsInJsonKeysToUnderscores", path, problems);
        Boolean caseInsensitive = bool(node, "CaseInsensitive", path, problems);
        Map<String, String> mappings = new LinkedHashMap<>();
        JsonNode mappingsNode = object(node, "ColumnToJsonKeyMappings", path, problems);
        if (mappingsNode != null) {
            String mappingsPath = path(path, "ColumnToJsonKeyMappings");
            mappingsNode.fields().forEachRemaining(mapping -> {
                problems.checkPattern(mapping.getKey(), mappingsPath, NON_EMPTY_WITHOUT_WHITESPACE);
                problems.checkLength(mapping.getKey(), mappingsPath, 1, 1024);
                if (!mapping.getValue().isTextual()) {
                    problems.wrongType(mappingsPath + "." + mapping.getKey(), "a string", mapping.getValue());
                }
                else {
                    mappings.put(mapping.getKey(), mapping.getValue().textValue());
                }
            });
        }
        return new OpenXJsonSerDe(
                convertDots != null ? convertDots : defaults.convertDotsInJsonKeysToUnderscores(),
                caseInsensitive != null ? caseInsensitive : defaults.caseInsensitive(),
                mappings);
    }

    private static HiveJsonSerDe hiveJsonSerDe(JsonNode node, String path, RequestProblems problems) {
        return new HiveJsonSerDe(strings(node, "TimestampFormats", path, problems));
    }

    private static ParquetSerDe parquetSerDe(JsonNode node, String path, RequestProblems problems) {
        ParquetSerDe defaults = ParquetSerDe.defaults();
        Integer blockSize = integer(node, "BlockSizeBytes", path, problems);
        Integer pageSize = integer(node, "PageSizeBytes", path, problems);
        String compression = enumText(node, "Compression", path, PARQUET_COMPRESSIONS, problems);
        Boolean dictionary = bool(node, "EnableDictionaryCompression", path, problems);
        Integer maxPadding = integer(node, "MaxPaddingBytes", path, problems);
        String writerVersion = enumText(node, "WriterVersion", path, PARQUET_WRITER_VERSIONS, problems);
        boolean valid = checkMinimum(blockSize, 64 << 20, path(path, "BlockSizeBytes"), problems)
                & checkMinimum(pageSize, 64 << 10, path(path, "PageSizeBytes"), problems)
                & checkMinimum(maxPadding, 0, path(path, "MaxPaddingBytes"), problems);
        if (!valid) {
            return defaults;
        }
        return new ParquetSerDe(
                compression != null ? FormatConversionConfig.ParquetCompression.valueOf(compression) : defaults.compression(),
                blockSize != null ? blockSize : defaults.blockSizeBytes(),
                pageSize != null ? pageSize : defaults.pageSizeBytes(),
                dictionary != null ? dictionary : defaults.enableDictionaryCompression(),
                maxPadding != null ? maxPadding : defaults.maxPaddingBytes(),
                writerVersion != null ? FormatConversionConfig.ParquetWriterVersion.valueOf(writerVersion) : defaults.writerVersion());
    }

    private static OrcSerDe orcSerDe(JsonNode node, String path, RequestProblems problems) {
        OrcSerDe defaults = OrcSerDe.defaults();
        Integer stripeSize = integer(node, "StripeSizeBytes", path, problems);
        Integer blockSize = integer(node, "BlockSizeBytes", path, problems);
        Integer rowIndexStride = integer(node, "RowIndexStride", path, problems);
        Boolean padding = bool(node, "EnablePadding", path, problems);
        Double paddingTolerance = fraction(node, "PaddingTolerance", path, problems);
        String compression = enumText(node, "Compression", path, ORC_COMPRESSIONS, problems);
        List<String> bloomFilterColumns = strings(node, "BloomFilterColumns", path, problems);
        Double bloomFilterFpp = fraction(node, "BloomFilterFalsePositiveProbability", path, problems);
        Double dictionaryKeyThreshold = fraction(node, "DictionaryKeyThreshold", path, problems);
        String formatVersion = enumText(node, "FormatVersion", path, ORC_FORMAT_VERSIONS, problems);
        boolean valid = checkMinimum(stripeSize, 8 << 20, path(path, "StripeSizeBytes"), problems)
                & checkMinimum(blockSize, 64 << 20, path(path, "BlockSizeBytes"), problems)
                & checkMinimum(rowIndexStride, 1000, path(path, "RowIndexStride"), problems);
        if (!valid) {
            return defaults;
        }
        return new OrcSerDe(
                compression != null ? FormatConversionConfig.OrcCompression.valueOf(compression) : defaults.compression(),
                stripeSize != null ? stripeSize : defaults.stripeSizeBytes(),
                blockSize != null ? blockSize : defaults.blockSizeBytes(),
                rowIndexStride != null ? rowIndexStride : defaults.rowIndexStride(),
                padding != null ? padding : defaults.enablePadding(),
                paddingTolerance != null ? paddingTolerance : defaults.paddingTolerance(),
                bloomFilterColumns,
                bloomFilterFpp != null ? bloomFilterFpp : defaults.bloomFilterFalsePositiveProbability(),
                dictionaryKeyThreshold != null ? dictionaryKeyThreshold : defaults.dictionaryKeyThreshold(),
                formatVersion != null ? FormatConversionConfig.OrcFormatVersion.valueOf(formatVersion) : defaults.formatVersion());
    }

    /** True when {@code value} is unset or at least {@code minimum}; reports a violation otherwise. */
    private static boolean checkMinimum(Integer value, int minimum, String path, RequestProblems problems) {
        if (value == null || value >= minimum) {
            return true;
        }
        problems.violation(value, path, "Member must have value greater than or equal to " + minimum);
        return false;
    }

    /** A number 0..1 (AWS's Proportion shape), or null when absent or reported. */
    private static Double fraction(JsonNode parent, String member, String parentPath, RequestProblems problems) {
        JsonNode node = present(parent, member);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            problems.wrongType(path(parentPath, member), "a number", node);
            return null;
        }
        double value = node.doubleValue();
        if (value < 0 || value > 1) {
            problems.violation(node.asText(), path(parentPath, member), "Member must have value between 0 and 1");
            return null;
        }
        return value;
    }

    private static List<String> strings(JsonNode parent, String member, String parentPath, RequestProblems problems) {
        JsonNode node = present(parent, member);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.wrongType(path(parentPath, member), "an array", node);
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int index = 0; index < node.size(); index++) {
            JsonNode element = node.get(index);
            if (element.isTextual()) {
                values.add(element.textValue());
            }
            else {
                problems.wrongType(member(path(parentPath, member), index), "a string", element);
            }
        }
        return values;
    }

    /**
     * What AWS requires of a converting destination (CompressionFormat UNCOMPRESSED, a buffer of at least 64 MiB),
     * plus what Hydrant needs: column types that parse, and the hydrant-format writer on the class path.
     */
    private static void checkConversionSemantics(DataFormatConversion conversion, RequestProblems problems) {
        FormatConversionConfig config;
        try {
            config = conversion.toFormatConversionConfig();
        }
        catch (IllegalArgumentException e) {
            problems.invalidArgument("DataFormatConversionConfiguration.SchemaConfiguration.Columns: " + e.getMessage());
            return;
        }
        try {
            RecordFormatWriterFactory.load().create(config);
        }
        catch (HydrantException e) {
            problems.invalidArgument("DataFormatConversionConfiguration: " + e.getMessage());
        }
    }

    private static List<String> enumNames(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toUnmodifiableList());
    }

    private static void checkSemantics(S3DestinationConfig destination, RequestProblems problems) {
        DataFormatConversion conversion = destination.dataFormatConversion();
        if (conversion.enabled()) {
            if (destination.compressionFormat() != CompressionFormat.UNCOMPRESSED) {
                problems.invalidArgument("CompressionFormat must be UNCOMPRESSED when DataFormatConversionConfiguration is enabled, not "
                        + destination.compressionFormat().wireName() + " (Parquet and ORC compress inside the file)");
            }
            if (destination.bufferingHints().sizeInMBs() < MIN_CONVERSION_BUFFER_SIZE_IN_MBS) {
                problems.invalidArgument("BufferingHints.SizeInMBs must be at least " + MIN_CONVERSION_BUFFER_SIZE_IN_MBS
                        + " when DataFormatConversionConfiguration is enabled, not " + destination.bufferingHints().sizeInMBs());
            }
            checkConversionSemantics(conversion, problems);
        }
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
