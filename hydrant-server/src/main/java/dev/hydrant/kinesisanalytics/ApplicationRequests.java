package dev.hydrant.kinesisanalytics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hydrant.application.ApplicationInput;
import dev.hydrant.application.ApplicationOutput;
import dev.hydrant.application.ApplicationUpdate;
import dev.hydrant.application.CloudWatchLoggingOption;
import dev.hydrant.application.NewApplication;
import dev.hydrant.application.ReferenceDataSource;
import dev.hydrant.application.SourceSchema;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.SqlApplication.Column;
import dev.hydrant.spi.SqlApplication.RecordFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads Kinesis Analytics (v1, {@code kinesisanalytics/2015-08-14}) request bodies into typed values, checking every
 * member against the service model and reporting every problem of a request at once (see
 * {@link ApplicationRequestProblems}). Member paths in messages are lower camel, list items Coral style
 * ({@code inputs.1.member.namePrefix}). Kinesis Data Streams inputs and outputs and Lambda outputs are refused with
 * InvalidArgumentException: Hydrant reads from and writes to delivery streams only. Members outside the model are
 * ignored, as AWS does.
 */
public final class ApplicationRequests {
    static final Pattern APPLICATION_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    static final Pattern ID = Pattern.compile("[a-zA-Z0-9_.-]+");
    static final Pattern ARN = Pattern.compile("arn:.*");
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    static final Pattern APPLICATION_ARN = Pattern.compile("arn:aws:kinesisanalytics:[a-z]{2}-[a-z]+-\\d{1}+:\\d{12}+:application/[a-zA-Z0-9_.-]{1,128}");
    static final Pattern FIREHOSE_ARN = Pattern.compile("arn:[^:]+:firehose:[^:]*:[^:]*:deliverystream/[a-zA-Z0-9_.-]{1,64}");
    static final Pattern BUCKET_ARN = Pattern.compile("arn:[^:]+:s3:::[A-Za-z0-9_.-]{1,255}");
    static final List<String> RECORD_FORMAT_TYPES = List.of("JSON", "CSV");
    static final List<String> STARTING_POSITIONS = List.of("NOW", "TRIM_HORIZON", "LAST_STOPPED_POINT");
    static final int MAX_CODE_LENGTH = 102_400;
    static final int MAX_TAGS_IN_REQUEST = 200;

    private ApplicationRequests() {}

    /** DiscoverInputSchema, parsed: either a delivery stream's ARN with a starting position, or an object of a local bucket. */
    public record DiscoverInputSchemaRequest(String resourceArn, String startingPosition, String bucket, String fileKey) {}

    /** The ApplicationName of any request (required, 1-128 {@code [a-zA-Z0-9_.-]+}). */
    public static String applicationName(JsonNode request) {
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        String name = applicationName(request, problems);
        problems.throwIfAny();
        return name;
    }

    /** CurrentApplicationVersionId (required, 1..999999999). */
    public static long currentApplicationVersionId(JsonNode request) {
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        applicationName(request, problems);
        long version = versionId(request, problems);
        problems.throwIfAny();
        return version;
    }

    public static NewApplication parseCreate(JsonNode request) {
        requireNonNull(request, "request is null");
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        String name = applicationName(request, problems);
        String description = optionalText(request, "ApplicationDescription", "applicationDescription", 0, 1024, null, problems);
        String code = optionalText(request, "ApplicationCode", "applicationCode", 0, MAX_CODE_LENGTH, null, problems);
        List<ApplicationInput> inputs = new ArrayList<>();
        List<JsonNode> inputNodes = list(request, "Inputs", "inputs", problems);
        if (inputNodes.size() > 1) {
            problems.invalidArgument("An application can have only one input, not " + inputNodes.size());
        }
        for (int i = 0; i < inputNodes.size(); i++) {
            ApplicationInput input = input(inputNodes.get(i), "inputs." + (i + 1) + ".member", problems);
            if (input != null) {
                inputs.add(input);
            }
        }
        List<ApplicationOutput> outputs = new ArrayList<>();
        List<JsonNode> outputNodes = list(request, "Outputs", "outputs", problems);
        if (outputNodes.size() > 3) {
            problems.invalidArgument("An application can have at most 3 outputs, not " + outputNodes.size());
        }
        for (int i = 0; i < outputNodes.size(); i++) {
            ApplicationOutput output = output(outputNodes.get(i), "outputs." + (i + 1) + ".member", problems);
            if (output != null) {
                outputs.add(output);
            }
        }
        List<CloudWatchLoggingOption> loggingOptions = new ArrayList<>();
        List<JsonNode> loggingNodes = list(request, "CloudWatchLoggingOptions", "cloudWatchLoggingOptions", problems);
        for (int i = 0; i < loggingNodes.size(); i++) {
            String path = "cloudWatchLoggingOptions." + (i + 1) + ".member";
            JsonNode option = loggingNodes.get(i);
            String logStreamArn = requiredText(option, "LogStreamARN", path + ".logStreamARN", 1, 2048, ARN, problems);
            String roleArn = requiredText(option, "RoleARN", path + ".roleARN", 1, 2048, ROLE_ARN, problems);
            if (logStreamArn != null && roleArn != null) {
                loggingOptions.add(new CloudWatchLoggingOption("", logStreamArn, roleArn));
            }
        }
        Map<String, String> tags = tags(request.get("Tags"), "tags", false, problems);
        problems.throwIfAny();
        return new NewApplication(name, description, code, inputs, outputs, loggingOptions, tags);
    }

    /** The Input of AddApplicationInput. */
    public static ApplicationInput parseAddInput(JsonNode request) {
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        applicationName(request, problems);
        versionId(request, problems);
        ApplicationInput input = null;
        JsonNode node = object(request, "Input", "input", problems);
        if (node == null) {
            problems.missing("input");
        }
        else {
            input = input(node, "input", problems);
        }
        problems.throwIfAny();
        return input;
    }

    /** The Output of AddApplicationOutput. */
    public static ApplicationOutput parseAddOutput(JsonNode request) {
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        applicationName(request, problems);
        versionId(request, problems);
        ApplicationOutput output = null;
        JsonNode node = object(request, "Output", "output", problems);
        if (node == null) {
            problems.missing("output");
        }
        else {
            output = output(node, "output", problems);
        }
        problems.throwIfAny();
        return output;
    }

    /** The ReferenceDataSource of AddApplicationReferenceDataSource. */
    public static ReferenceDataSource parseAddReferenceDataSource(JsonNode request) {
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        applicationName(request, problems);
        versionId(request, problems);
        ReferenceDataSource reference = null;
        JsonNode node = object(request, "ReferenceDataSource", "referenceDataSource", problems);
        if (node == null) {
            problems.missing("referenceDataSource");
        }
        else {
            String path = "referenceDataSource";
            String tableName = requiredText(node, "TableName", path + ".tableName", 1, 32, null, problems);
            JsonNode s3 = object(node, "S3ReferenceDataSource", path + ".s3ReferenceDataSource", problems);
            String bucketArn = null;
            String fileKey = null;
            String roleArn = null;
            if (s3 == null) {
                problems.invalidArgument("ReferenceDataSource needs an S3ReferenceDataSource (an object of a local bucket)");
            }
            else {
                String s3Path = path + ".s3ReferenceDataSource";
                bucketArn = requiredText(s3, "BucketARN", s3Path + ".bucketARN", 1, 2048, BUCKET_ARN, problems);
                fileKey = requiredText(s3, "FileKey", s3Path + ".fileKey", 1, 1024, null, problems);
                roleArn = requiredText(s3, "ReferenceRoleARN", s3Path + ".referenceRoleARN", 1, 2048, ROLE_ARN, problems);
            }
            SourceSchema schema = requiredSchema(node, "ReferenceSchema", path + ".referenceSchema", problems);
            if (tableName != null && bucketArn != null && fileKey != null && roleArn != null && schema != null) {
                reference = new ReferenceDataSource("", tableName, bucketArn, fileKey, roleArn, schema);
            }
        }
        problems.throwIfAny();
        return reference;
    }

    /** An id member such as OutputId or ReferenceId (required, 1-50 {@code [a-zA-Z0-9_.-]+}). */
    public static String id(JsonNode request, String member) {
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        applicationName(request, problems);
        versionId(request, problems);
        String id = requiredText(request, member, lowerCamel(member), 1, 50, ID, problems);
        problems.throwIfAny();
        return id;
    }

    /** UpdateApplication's ApplicationUpdate. */
    public static ApplicationUpdate parseUpdate(JsonNode request) {
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        applicationName(request, problems);
        versionId(request, problems);
        JsonNode update = object(request, "ApplicationUpdate", "applicationUpdate", problems);
        if (update == null) {
            problems.missing("applicationUpdate");
            problems.throwIfAny();
            return null;
        }
        String path = "applicationUpdate";
        String code = optionalText(update, "ApplicationCodeUpdate", path + ".applicationCodeUpdate", 0, MAX_CODE_LENGTH, null, problems);
        List<ApplicationUpdate.InputUpdate> inputUpdates = new ArrayList<>();
        List<JsonNode> inputNodes = list(update, "InputUpdates", path + ".inputUpdates", problems);
        for (int i = 0; i < inputNodes.size(); i++) {
            String itemPath = path + ".inputUpdates." + (i + 1) + ".member";
            JsonNode node = inputNodes.get(i);
            String inputId = requiredText(node, "InputId", itemPath + ".inputId", 1, 50, ID, problems);
            String namePrefix = optionalText(node, "NamePrefixUpdate", itemPath + ".namePrefixUpdate", 1, 32, null, problems);
            unsupported(node, "KinesisStreamsInputUpdate", itemPath, problems);
            String resourceArn = null;
            String roleArn = null;
            JsonNode firehose = object(node, "KinesisFirehoseInputUpdate", itemPath + ".kinesisFirehoseInputUpdate", problems);
            if (firehose != null) {
                resourceArn = optionalText(firehose, "ResourceARNUpdate", itemPath + ".kinesisFirehoseInputUpdate.resourceARNUpdate", 1, 2048, ARN, problems);
                roleArn = optionalText(firehose, "RoleARNUpdate", itemPath + ".kinesisFirehoseInputUpdate.roleARNUpdate", 1, 2048, ROLE_ARN, problems);
                checkFirehoseArn(resourceArn, itemPath + ".kinesisFirehoseInputUpdate.resourceARNUpdate", problems);
            }
            String preprocessorArn = null;
            String preprocessorRoleArn = null;
            JsonNode processing = object(node, "InputProcessingConfigurationUpdate", itemPath + ".inputProcessingConfigurationUpdate", problems);
            JsonNode lambda = processing == null ? null : object(processing, "InputLambdaProcessorUpdate",
                    itemPath + ".inputProcessingConfigurationUpdate.inputLambdaProcessorUpdate", problems);
            if (lambda != null) {
                String lambdaPath = itemPath + ".inputProcessingConfigurationUpdate.inputLambdaProcessorUpdate";
                preprocessorArn = optionalText(lambda, "ResourceARNUpdate", lambdaPath + ".resourceARNUpdate", 1, 2048, ARN, problems);
                preprocessorRoleArn = optionalText(lambda, "RoleARNUpdate", lambdaPath + ".roleARNUpdate", 1, 2048, ROLE_ARN, problems);
            }
            Integer parallelism = null;
            JsonNode parallelismUpdate = object(node, "InputParallelismUpdate", itemPath + ".inputParallelismUpdate", problems);
            if (parallelismUpdate != null) {
                parallelism = integer(parallelismUpdate, "CountUpdate", itemPath + ".inputParallelismUpdate.countUpdate", problems);
                if (parallelism != null) {
                    problems.checkRange(parallelism, itemPath + ".inputParallelismUpdate.countUpdate", 1, 64);
                }
            }
            RecordFormat recordFormat = null;
            List<Column> columns = null;
            JsonNode schemaUpdate = object(node, "InputSchemaUpdate", itemPath + ".inputSchemaUpdate", problems);
            if (schemaUpdate != null) {
                String schemaPath = itemPath + ".inputSchemaUpdate";
                JsonNode format = object(schemaUpdate, "RecordFormatUpdate", schemaPath + ".recordFormatUpdate", problems);
                recordFormat = format == null ? null : recordFormat(format, schemaPath + ".recordFormatUpdate", problems);
                optionalEncoding(schemaUpdate, "RecordEncodingUpdate", schemaPath + ".recordEncodingUpdate", problems);
                if (isPresent(schemaUpdate, "RecordColumnUpdates")) {
                    columns = columns(schemaUpdate, "RecordColumnUpdates", schemaPath + ".recordColumnUpdates", problems);
                }
            }
            if (inputId != null) {
                inputUpdates.add(new ApplicationUpdate.InputUpdate(inputId, namePrefix, resourceArn, roleArn, preprocessorArn, preprocessorRoleArn,
                        parallelism, recordFormat, columns));
            }
        }
        List<ApplicationUpdate.OutputUpdate> outputUpdates = new ArrayList<>();
        List<JsonNode> outputNodes = list(update, "OutputUpdates", path + ".outputUpdates", problems);
        for (int i = 0; i < outputNodes.size(); i++) {
            String itemPath = path + ".outputUpdates." + (i + 1) + ".member";
            JsonNode node = outputNodes.get(i);
            String outputId = requiredText(node, "OutputId", itemPath + ".outputId", 1, 50, ID, problems);
            String name = optionalText(node, "NameUpdate", itemPath + ".nameUpdate", 1, 32, null, problems);
            unsupported(node, "KinesisStreamsOutputUpdate", itemPath, problems);
            unsupported(node, "LambdaOutputUpdate", itemPath, problems);
            String resourceArn = null;
            String roleArn = null;
            JsonNode firehose = object(node, "KinesisFirehoseOutputUpdate", itemPath + ".kinesisFirehoseOutputUpdate", problems);
            if (firehose != null) {
                resourceArn = optionalText(firehose, "ResourceARNUpdate", itemPath + ".kinesisFirehoseOutputUpdate.resourceARNUpdate", 1, 2048, ARN, problems);
                roleArn = optionalText(firehose, "RoleARNUpdate", itemPath + ".kinesisFirehoseOutputUpdate.roleARNUpdate", 1, 2048, ROLE_ARN, problems);
                checkFirehoseArn(resourceArn, itemPath + ".kinesisFirehoseOutputUpdate.resourceARNUpdate", problems);
            }
            String recordFormatType = null;
            JsonNode destination = object(node, "DestinationSchemaUpdate", itemPath + ".destinationSchemaUpdate", problems);
            if (destination != null) {
                recordFormatType = requiredEnum(destination, "RecordFormatType", itemPath + ".destinationSchemaUpdate.recordFormatType", RECORD_FORMAT_TYPES, problems);
            }
            if (outputId != null) {
                outputUpdates.add(new ApplicationUpdate.OutputUpdate(outputId, name, resourceArn, roleArn, recordFormatType));
            }
        }
        List<ApplicationUpdate.ReferenceDataSourceUpdate> referenceUpdates = new ArrayList<>();
        List<JsonNode> referenceNodes = list(update, "ReferenceDataSourceUpdates", path + ".referenceDataSourceUpdates", problems);
        for (int i = 0; i < referenceNodes.size(); i++) {
            String itemPath = path + ".referenceDataSourceUpdates." + (i + 1) + ".member";
            JsonNode node = referenceNodes.get(i);
            String referenceId = requiredText(node, "ReferenceId", itemPath + ".referenceId", 1, 50, ID, problems);
            String tableName = optionalText(node, "TableNameUpdate", itemPath + ".tableNameUpdate", 1, 32, null, problems);
            String bucketArn = null;
            String fileKey = null;
            String roleArn = null;
            JsonNode s3 = object(node, "S3ReferenceDataSourceUpdate", itemPath + ".s3ReferenceDataSourceUpdate", problems);
            if (s3 != null) {
                String s3Path = itemPath + ".s3ReferenceDataSourceUpdate";
                bucketArn = optionalText(s3, "BucketARNUpdate", s3Path + ".bucketARNUpdate", 1, 2048, BUCKET_ARN, problems);
                fileKey = optionalText(s3, "FileKeyUpdate", s3Path + ".fileKeyUpdate", 1, 1024, null, problems);
                roleArn = optionalText(s3, "ReferenceRoleARNUpdate", s3Path + ".referenceRoleARNUpdate", 1, 2048, ROLE_ARN, problems);
            }
            SourceSchema schema = isPresent(node, "ReferenceSchemaUpdate") ? requiredSchema(node, "ReferenceSchemaUpdate", itemPath + ".referenceSchemaUpdate", problems) : null;
            if (referenceId != null) {
                referenceUpdates.add(new ApplicationUpdate.ReferenceDataSourceUpdate(referenceId, tableName, bucketArn, fileKey, roleArn, schema));
            }
        }
        if (isPresent(update, "CloudWatchLoggingOptionUpdates")) {
            problems.invalidArgument("CloudWatchLoggingOptionUpdates is not supported by Hydrant: applications log to the server's log");
        }
        problems.throwIfAny();
        ApplicationUpdate parsed = new ApplicationUpdate(code, inputUpdates, outputUpdates, referenceUpdates);
        if (parsed.isEmpty()) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "ApplicationUpdate must change something: the code, an input, an output or a reference data source");
        }
        return parsed;
    }

    /** StartApplication's InputConfigurations: InputStartingPosition by input id. */
    public static Map<String, String> parseStart(JsonNode request) {
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        applicationName(request, problems);
        Map<String, String> positions = new LinkedHashMap<>();
        if (!isPresent(request, "InputConfigurations")) {
            problems.missing("inputConfigurations");
        }
        List<JsonNode> configurations = list(request, "InputConfigurations", "inputConfigurations", problems);
        for (int i = 0; i < configurations.size(); i++) {
            String path = "inputConfigurations." + (i + 1) + ".member";
            JsonNode configuration = configurations.get(i);
            String id = requiredText(configuration, "Id", path + ".id", 1, 50, ID, problems);
            String position = startingPosition(configuration, path, true, problems);
            if (id != null && position != null) {
                positions.put(id, position);
            }
        }
        problems.throwIfAny();
        return positions;
    }

    /** DeleteApplication's CreateTimestamp, epoch seconds (a JSON number, possibly with a fraction), in milliseconds. */
    public static long createTimestampMillis(JsonNode request) {
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        applicationName(request, problems);
        JsonNode timestamp = request.get("CreateTimestamp");
        long millis = 0;
        if (timestamp == null || timestamp.isNull()) {
            problems.missing("createTimestamp");
        }
        else if (!timestamp.isNumber()) {
            problems.wrongType("createTimestamp", "a timestamp (epoch seconds)", timestamp);
        }
        else {
            millis = Math.round(timestamp.asDouble() * 1000);
        }
        problems.throwIfAny();
        return millis;
    }

    /** TagResource's Tags (1-200 in the model). */
    public static Map<String, String> parseTags(JsonNode request) {
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        resourceArn(request, problems);
        if (!isPresent(request, "Tags")) {
            problems.missing("tags");
        }
        Map<String, String> tags = tags(request.get("Tags"), "tags", true, problems);
        problems.throwIfAny();
        return tags;
    }

    /** UntagResource's TagKeys (1-200). */
    public static List<String> parseTagKeys(JsonNode request) {
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        resourceArn(request, problems);
        List<String> keys = new ArrayList<>();
        if (!isPresent(request, "TagKeys")) {
            problems.missing("tagKeys");
        }
        List<JsonNode> nodes = list(request, "TagKeys", "tagKeys", problems);
        if (isPresent(request, "TagKeys") && (nodes.isEmpty() || nodes.size() > MAX_TAGS_IN_REQUEST)) {
            problems.violation(nodes.size(), "tagKeys", "Member must have length between 1 and " + MAX_TAGS_IN_REQUEST);
        }
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode key = nodes.get(i);
            if (!key.isTextual()) {
                problems.wrongType("tagKeys." + (i + 1) + ".member", "a string", key);
                continue;
            }
            problems.checkLength(key.asText(), "tagKeys." + (i + 1) + ".member", 1, 128);
            keys.add(key.asText());
        }
        problems.throwIfAny();
        return keys;
    }

    /** The ResourceARN of TagResource, UntagResource and ListTagsForResource: an application's ARN. */
    public static String resourceArn(JsonNode request) {
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        String arn = resourceArn(request, problems);
        problems.throwIfAny();
        return arn;
    }

    public static DiscoverInputSchemaRequest parseDiscoverInputSchema(JsonNode request) {
        ApplicationRequestProblems problems = new ApplicationRequestProblems();
        String resourceArn = optionalText(request, "ResourceARN", "resourceARN", 1, 2048, ARN, problems);
        optionalText(request, "RoleARN", "roleARN", 1, 2048, ROLE_ARN, problems);
        String position = null;
        if (isPresent(request, "InputStartingPositionConfiguration")) {
            position = startingPosition(request, "", false, problems);
        }
        JsonNode s3 = object(request, "S3Configuration", "s3Configuration", problems);
        String bucket = null;
        String fileKey = null;
        if (s3 != null) {
            requiredText(s3, "RoleARN", "s3Configuration.roleARN", 1, 2048, ROLE_ARN, problems);
            String bucketArn = requiredText(s3, "BucketARN", "s3Configuration.bucketARN", 1, 2048, BUCKET_ARN, problems);
            bucket = bucketArn == null ? null : bucketArn.substring(bucketArn.lastIndexOf(':') + 1);
            fileKey = requiredText(s3, "FileKey", "s3Configuration.fileKey", 1, 1024, null, problems);
        }
        if (isPresent(request, "InputProcessingConfiguration")) {
            problems.invalidArgument("InputProcessingConfiguration is not supported by Hydrant's DiscoverInputSchema yet; discover from the records as they are");
        }
        if (resourceArn != null && s3 != null) {
            problems.invalidArgument("Give either ResourceARN (with InputStartingPositionConfiguration) or S3Configuration, not both");
        }
        else if (resourceArn == null && s3 == null) {
            problems.invalidArgument("Either ResourceARN (with InputStartingPositionConfiguration) or S3Configuration is required");
        }
        else if (resourceArn != null) {
            checkFirehoseArn(resourceArn, "resourceARN", problems);
            if (position == null && problems.isEmpty()) {
                problems.invalidArgument("InputStartingPositionConfiguration is required with ResourceARN");
            }
        }
        problems.throwIfAny();
        return new DiscoverInputSchemaRequest(resourceArn, position, bucket, fileKey);
    }

    // ---- shapes ----

    private static ApplicationInput input(JsonNode node, String path, ApplicationRequestProblems problems) {
        if (!node.isObject()) {
            problems.wrongType(path, "an object", node);
            return null;
        }
        String namePrefix = requiredText(node, "NamePrefix", path + ".namePrefix", 1, 32, null, problems);
        unsupported(node, "KinesisStreamsInput", path, problems);
        String resourceArn = null;
        String roleArn = null;
        JsonNode firehose = object(node, "KinesisFirehoseInput", path + ".kinesisFirehoseInput", problems);
        if (firehose != null) {
            resourceArn = requiredText(firehose, "ResourceARN", path + ".kinesisFirehoseInput.resourceARN", 1, 2048, ARN, problems);
            roleArn = requiredText(firehose, "RoleARN", path + ".kinesisFirehoseInput.roleARN", 1, 2048, ROLE_ARN, problems);
            checkFirehoseArn(resourceArn, path + ".kinesisFirehoseInput.resourceARN", problems);
        }
        else if (!isPresent(node, "KinesisStreamsInput")) {
            problems.invalidArgument("Input " + path + " needs a source: KinesisFirehoseInput with the ARN of a Hydrant delivery stream");
        }
        String preprocessorArn = null;
        String preprocessorRoleArn = null;
        JsonNode processing = object(node, "InputProcessingConfiguration", path + ".inputProcessingConfiguration", problems);
        if (processing != null) {
            String lambdaPath = path + ".inputProcessingConfiguration.inputLambdaProcessor";
            JsonNode lambda = object(processing, "InputLambdaProcessor", lambdaPath, problems);
            if (lambda == null) {
                problems.missing(lambdaPath);
            }
            else {
                preprocessorArn = requiredText(lambda, "ResourceARN", lambdaPath + ".resourceARN", 1, 2048, ARN, problems);
                preprocessorRoleArn = requiredText(lambda, "RoleARN", lambdaPath + ".roleARN", 1, 2048, ROLE_ARN, problems);
            }
        }
        int parallelism = 1;
        JsonNode parallelismNode = object(node, "InputParallelism", path + ".inputParallelism", problems);
        if (parallelismNode != null && isPresent(parallelismNode, "Count")) {
            Integer count = integer(parallelismNode, "Count", path + ".inputParallelism.count", problems);
            if (count != null) {
                problems.checkRange(count, path + ".inputParallelism.count", 1, 64);
                parallelism = count;
            }
        }
        SourceSchema schema = requiredSchema(node, "InputSchema", path + ".inputSchema", problems);
        if (namePrefix == null || resourceArn == null || roleArn == null || schema == null) {
            return null;
        }
        return new ApplicationInput("", namePrefix, resourceArn, roleArn, preprocessorArn, preprocessorRoleArn, parallelism, schema, null);
    }

    private static ApplicationOutput output(JsonNode node, String path, ApplicationRequestProblems problems) {
        if (!node.isObject()) {
            problems.wrongType(path, "an object", node);
            return null;
        }
        String name = requiredText(node, "Name", path + ".name", 1, 32, null, problems);
        unsupported(node, "KinesisStreamsOutput", path, problems);
        unsupported(node, "LambdaOutput", path, problems);
        String resourceArn = null;
        String roleArn = null;
        JsonNode firehose = object(node, "KinesisFirehoseOutput", path + ".kinesisFirehoseOutput", problems);
        if (firehose != null) {
            resourceArn = requiredText(firehose, "ResourceARN", path + ".kinesisFirehoseOutput.resourceARN", 1, 2048, ARN, problems);
            roleArn = requiredText(firehose, "RoleARN", path + ".kinesisFirehoseOutput.roleARN", 1, 2048, ROLE_ARN, problems);
            checkFirehoseArn(resourceArn, path + ".kinesisFirehoseOutput.resourceARN", problems);
        }
        else if (!isPresent(node, "KinesisStreamsOutput") && !isPresent(node, "LambdaOutput")) {
            problems.invalidArgument("Output " + path + " needs a destination: KinesisFirehoseOutput with the ARN of a Hydrant delivery stream");
        }
        String recordFormatType = null;
        JsonNode destination = object(node, "DestinationSchema", path + ".destinationSchema", problems);
        if (destination == null) {
            problems.missing(path + ".destinationSchema");
        }
        else {
            recordFormatType = requiredEnum(destination, "RecordFormatType", path + ".destinationSchema.recordFormatType", RECORD_FORMAT_TYPES, problems);
        }
        if (name == null || resourceArn == null || roleArn == null || recordFormatType == null) {
            return null;
        }
        return new ApplicationOutput("", name, resourceArn, roleArn, recordFormatType);
    }

    private static SourceSchema requiredSchema(JsonNode parent, String member, String path, ApplicationRequestProblems problems) {
        JsonNode node = object(parent, member, path, problems);
        if (node == null) {
            if (!isPresent(parent, member)) {
                problems.missing(path);
            }
            return null;
        }
        RecordFormat format = null;
        JsonNode formatNode = object(node, "RecordFormat", path + ".recordFormat", problems);
        if (formatNode == null) {
            problems.missing(path + ".recordFormat");
        }
        else {
            format = recordFormat(formatNode, path + ".recordFormat", problems);
        }
        String encoding = optionalEncoding(node, "RecordEncoding", path + ".recordEncoding", problems);
        if (!isPresent(node, "RecordColumns")) {
            problems.missing(path + ".recordColumns");
        }
        List<Column> columns = columns(node, "RecordColumns", path + ".recordColumns", problems);
        if (format == null || columns == null) {
            return null;
        }
        if (format.type().equals("JSON")) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).mapping() == null) {
                    problems.invalidArgument("RecordColumn " + columns.get(i).name() + " at '" + path + ".recordColumns." + (i + 1)
                            + ".member' needs a Mapping (a JSONPath such as $.field) with RecordFormatType JSON");
                }
            }
        }
        return new SourceSchema(format, encoding == null ? SourceSchema.UTF_8 : encoding, columns);
    }

    private static String optionalEncoding(JsonNode node, String member, String path, ApplicationRequestProblems problems) {
        String encoding = optionalText(node, member, path, 0, Integer.MAX_VALUE, null, problems);
        if (encoding != null && !encoding.equals(SourceSchema.UTF_8)) {
            problems.violation(encoding, path, "Member must satisfy regular expression pattern: UTF-8");
        }
        return encoding;
    }

    private static RecordFormat recordFormat(JsonNode node, String path, ApplicationRequestProblems problems) {
        String type = requiredEnum(node, "RecordFormatType", path + ".recordFormatType", RECORD_FORMAT_TYPES, problems);
        JsonNode mapping = object(node, "MappingParameters", path + ".mappingParameters", problems);
        if (type == null) {
            return null;
        }
        if (type.equals("JSON")) {
            String rowPath = "$";
            JsonNode json = mapping == null ? null : object(mapping, "JSONMappingParameters", path + ".mappingParameters.jSONMappingParameters", problems);
            if (json != null) {
                String given = requiredText(json, "RecordRowPath", path + ".mappingParameters.jSONMappingParameters.recordRowPath", 1, Integer.MAX_VALUE, null, problems);
                rowPath = given == null ? rowPath : given;
            }
            return new RecordFormat(type, rowPath, null, null);
        }
        String rowDelimiter = "\n";
        String columnDelimiter = ",";
        JsonNode csv = mapping == null ? null : object(mapping, "CSVMappingParameters", path + ".mappingParameters.cSVMappingParameters", problems);
        if (csv != null) {
            String csvPath = path + ".mappingParameters.cSVMappingParameters";
            String row = requiredText(csv, "RecordRowDelimiter", csvPath + ".recordRowDelimiter", 1, Integer.MAX_VALUE, null, problems);
            String column = requiredText(csv, "RecordColumnDelimiter", csvPath + ".recordColumnDelimiter", 1, Integer.MAX_VALUE, null, problems);
            rowDelimiter = row == null ? rowDelimiter : row;
            columnDelimiter = column == null ? columnDelimiter : column;
        }
        return new RecordFormat(type, null, rowDelimiter, columnDelimiter);
    }

    private static List<Column> columns(JsonNode parent, String member, String path, ApplicationRequestProblems problems) {
        List<JsonNode> nodes = list(parent, member, path, problems);
        if (!isPresent(parent, member)) {
            return null;
        }
        if (nodes.isEmpty() || nodes.size() > 1000) {
            problems.violation(nodes.size() + " columns", path, "Member must have length between 1 and 1000");
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String itemPath = path + "." + (i + 1) + ".member";
            JsonNode node = nodes.get(i);
            if (!node.isObject()) {
                problems.wrongType(itemPath, "an object", node);
                continue;
            }
            String name = requiredText(node, "Name", itemPath + ".name", 1, Integer.MAX_VALUE, null, problems);
            String sqlType = requiredText(node, "SqlType", itemPath + ".sqlType", 1, Integer.MAX_VALUE, null, problems);
            String mapping = optionalText(node, "Mapping", itemPath + ".mapping", 0, Integer.MAX_VALUE, null, problems);
            if (name != null && sqlType != null) {
                columns.add(new Column(name, sqlType, mapping));
            }
        }
        return columns;
    }

    private static String startingPosition(JsonNode parent, String path, boolean required, ApplicationRequestProblems problems) {
        String configurationPath = (path.isEmpty() ? "" : path + ".") + "inputStartingPositionConfiguration";
        JsonNode configuration = object(parent, "InputStartingPositionConfiguration", configurationPath, problems);
        if (configuration == null) {
            if (required && !isPresent(parent, "InputStartingPositionConfiguration")) {
                problems.missing(configurationPath);
            }
            return null;
        }
        return requiredEnum(configuration, "InputStartingPosition", configurationPath + ".inputStartingPosition", STARTING_POSITIONS, problems);
    }

    private static Map<String, String> tags(JsonNode node, String path, boolean required, ApplicationRequestProblems problems) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (!node.isArray()) {
            problems.wrongType(path, "a list", node);
            return tags;
        }
        if (node.size() > MAX_TAGS_IN_REQUEST || (required && node.isEmpty())) {
            problems.violation(node.size() + " tags", path, "Member must have length between 1 and " + MAX_TAGS_IN_REQUEST);
        }
        for (int i = 0; i < node.size(); i++) {
            String itemPath = path + "." + (i + 1) + ".member";
            JsonNode tag = node.get(i);
            if (!tag.isObject()) {
                problems.wrongType(itemPath, "an object", tag);
                continue;
            }
            String key = requiredText(tag, "Key", itemPath + ".key", 1, 128, null, problems);
            String value = optionalText(tag, "Value", itemPath + ".value", 0, 256, null, problems);
            if (key != null) {
                tags.put(key, value == null ? "" : value);
            }
        }
        return tags;
    }

    private static String applicationName(JsonNode request, ApplicationRequestProblems problems) {
        return requiredText(request, "ApplicationName", "applicationName", 1, 128, APPLICATION_NAME, problems);
    }

    private static String resourceArn(JsonNode request, ApplicationRequestProblems problems) {
        return requiredText(request, "ResourceARN", "resourceARN", 1, 2048, APPLICATION_ARN, problems);
    }

    private static long versionId(JsonNode request, ApplicationRequestProblems problems) {
        JsonNode version = request.get("CurrentApplicationVersionId");
        if (version == null || version.isNull()) {
            problems.missing("currentApplicationVersionId");
            return 0;
        }
        if (!version.isIntegralNumber() || !version.canConvertToLong()) {
            problems.wrongType("currentApplicationVersionId", "a long", version);
            return 0;
        }
        problems.checkRange(version.asLong(), "currentApplicationVersionId", 1, 999_999_999);
        return version.asLong();
    }

    private static void checkFirehoseArn(String arn, String path, ApplicationRequestProblems problems) {
        if (arn == null) {
            return;
        }
        if (arn.contains(":kinesis:") && arn.contains(":stream/")) {
            problems.invalidArgument("Kinesis data streams are not supported by Hydrant (" + path + "): use a delivery stream's ARN "
                    + "(arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME) in KinesisFirehoseInput or KinesisFirehoseOutput");
        }
        else if (!FIREHOSE_ARN.matcher(arn).matches()) {
            problems.invalidArgument("Value '" + arn + "' at '" + path + "' is not a delivery stream ARN (arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME)");
        }
    }

    private static void unsupported(JsonNode node, String member, String path, ApplicationRequestProblems problems) {
        if (!isPresent(node, member)) {
            return;
        }
        String what = member.startsWith("Lambda") ? "Lambda outputs are" : "Kinesis data streams are";
        problems.invalidArgument(member + " at '" + path + "' is not supported by Hydrant: " + what
                + " not available; use KinesisFirehose" + (member.contains("Input") ? "Input" : "Output") + " with a Hydrant delivery stream");
    }

    // ---- members ----

    private static boolean isPresent(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value != null && !value.isNull();
    }

    private static JsonNode object(JsonNode parent, String member, String path, ApplicationRequestProblems problems) {
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.wrongType(path, "an object", node);
            return null;
        }
        return node;
    }

    private static List<JsonNode> list(JsonNode parent, String member, String path, ApplicationRequestProblems problems) {
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.wrongType(path, "a list", node);
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    private static Integer integer(JsonNode parent, String member, String path, ApplicationRequestProblems problems) {
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problems.wrongType(path, "an integer", node);
            return null;
        }
        return node.asInt();
    }

    private static String requiredText(JsonNode parent, String member, String path, int minimum, int maximum, Pattern pattern, ApplicationRequestProblems problems) {
        if (!isPresent(parent, member)) {
            problems.missing(path);
            return null;
        }
        return optionalText(parent, member, path, minimum, maximum, pattern, problems);
    }

    private static String optionalText(JsonNode parent, String member, String path, int minimum, int maximum, Pattern pattern, ApplicationRequestProblems problems) {
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.wrongType(path, "a string", node);
            return null;
        }
        String value = node.asText();
        problems.checkLength(value, path, minimum, maximum);
        if (pattern != null && !value.isEmpty()) {
            problems.checkPattern(value, path, pattern);
        }
        return value;
    }

    private static String requiredEnum(JsonNode parent, String member, String path, List<String> allowed, ApplicationRequestProblems problems) {
        String value = requiredText(parent, member, path, 0, Integer.MAX_VALUE, null, problems);
        return value != null && problems.checkEnum(value, path, allowed) ? value : null;
    }

    private static String lowerCamel(String member) {
        return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
