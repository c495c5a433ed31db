package dev.hydrant.firehose;

import dev.hydrant.control.DynamicPartitioningConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.control.BufferingHints;
import dev.hydrant.control.CloudWatchLoggingOptions;
import dev.hydrant.control.CompressionFormat;
import dev.hydrant.control.DataFormatConversion;
import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.control.ProcessingConfiguration.Processor;
import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.delivery.PrefixExpressions;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FormatConversionConfig;
import dev.hydrant.spi.FormatConversionConfig.HiveJsonSerDe;
import dev.hydrant.spi.FormatConversionConfig.OpenXJsonSerDe;
import dev.hydrant.spi.FormatConversionConfig.OrcSerDe;
import dev.hydrant.spi.FormatConversionConfig.ParquetSerDe;
import dev.hydrant.spi.HiveType;
import dev.hydrant.spi.HydrantException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryStreamRequestsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/firehose";
    private static final String BUCKET = "arn:aws:s3:::clicks";
    private static final String DESTINATION = "extendedS3DestinationConfiguration";
    private static final String ROLE_PATTERN = "Member must satisfy regular expression pattern: arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+";
    private static final String BUCKET_PATTERN = "Member must satisfy regular expression pattern: arn:.*:s3:::[\\w\\.\\-]{1,255}";

    // CreateDeliveryStream: destination members

    @Test
    void parsesMinimalExtendedS3DestinationWithDefaults() {
        assertThat(DeliveryStreamRequests.parseCreateDestination(createRequest())).isEqualTo(new S3DestinationConfig(
                ROLE, BUCKET, null, null, new BufferingHints(5, 300), CompressionFormat.UNCOMPRESSED,
                CloudWatchLoggingOptions.disabled(), ProcessingConfiguration.disabled(), null, null));
    }

    @Test
    void parsesEveryExtendedS3Member() {
        ObjectNode request = json("""
                {"DeliveryStreamName": "clicks", "DeliveryStreamType": "DirectPut",
                 "DirectPutSourceConfiguration": {"ThroughputHintInMBs": 5},
                 "ExtendedS3DestinationConfiguration": {
                   "RoleARN": "arn:aws:iam::123456789012:role/firehose", "BucketARN": "arn:aws:s3:::clicks",
                   "Prefix": "raw/", "ErrorOutputPrefix": "errors/",
                   "BufferingHints": {"SizeInMBs": 64, "IntervalInSeconds": 60},
                   "CompressionFormat": "GZIP",
                   "EncryptionConfiguration": {"NoEncryptionConfig": "NoEncryption"},
                   "CloudWatchLoggingOptions": {"Enabled": true, "LogGroupName": "/aws/kinesisfirehose/clicks", "LogStreamName": "DestinationDelivery"},
                   "ProcessingConfiguration": {"Enabled": false, "Processors": [
                     {"Type": "AppendDelimiterToRecord", "Parameters": [{"ParameterName": "Delimiter", "ParameterValue": "\\\\n"}]},
                     {"Type": "Lambda", "Parameters": [{"ParameterName": "LambdaArn", "ParameterValue": "arn:aws:lambda:us-east-1:123456789012:function:f"},
                                                        {"ParameterName": "NumberOfRetries", "ParameterValue": "3"}]}]},
                   "S3BackupMode": "Disabled",
                   "DataFormatConversionConfiguration": {"Enabled": false},
                   "DynamicPartitioningConfiguration": {"Enabled": false},
                   "FileExtension": ".json.gz", "CustomTimeZone": "Asia/Tokyo"}}
                """);

        assertThat(DeliveryStreamRequests.parseCreateDestination(request)).isEqualTo(new S3DestinationConfig(
                ROLE, BUCKET, "raw/", "errors/", new BufferingHints(64, 60), CompressionFormat.GZIP,
                new CloudWatchLoggingOptions(true, "/aws/kinesisfirehose/clicks", "DestinationDelivery"),
                new ProcessingConfiguration(false, List.of(
                        new Processor("AppendDelimiterToRecord", Map.of("Delimiter", "\\n")),
                        new Processor("Lambda", Map.of("LambdaArn", "arn:aws:lambda:us-east-1:123456789012:function:f", "NumberOfRetries", "3")))),
                ".json.gz", "Asia/Tokyo"));
    }

    @Test
    void parsesDeprecatedS3DestinationConfigurationAndIgnoresExtendedOnlyMembers() {
        ObjectNode request = json("""
                {"DeliveryStreamName": "clicks",
                 "S3DestinationConfiguration": {"RoleARN": "arn:aws:iam::123456789012:role/firehose", "BucketARN": "arn:aws:s3:::clicks",
                   "Prefix": "raw/", "CompressionFormat": "Snappy", "FileExtension": ".ignored", "S3BackupMode": "Enabled"}}
                """);

        S3DestinationConfig destination = DeliveryStreamRequests.parseCreateDestination(request);

        assertThat(destination.prefix()).isEqualTo("raw/");
        assertThat(destination.compressionFormat()).isEqualTo(CompressionFormat.SNAPPY);
        assertThat(destination.fileExtension()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"1, 0", "128, 900", "5, 300"})
    void acceptsBufferingHintsWithinRange(int sizeInMBs, int intervalInSeconds) {
        ObjectNode request = createRequest();
        destination(request).putObject("BufferingHints").put("SizeInMBs", sizeInMBs).put("IntervalInSeconds", intervalInSeconds);

        assertThat(DeliveryStreamRequests.parseCreateDestination(request).bufferingHints()).isEqualTo(new BufferingHints(sizeInMBs, intervalInSeconds));
    }

    @ParameterizedTest
    @CsvSource({
            "0, 300, sizeInMBs, Member must have value greater than or equal to 1",
            "129, 300, sizeInMBs, Member must have value less than or equal to 128",
            "5, -1, intervalInSeconds, Member must have value greater than or equal to 0",
            "5, 901, intervalInSeconds, Member must have value less than or equal to 900"})
    void rejectsBufferingHintsOutsideRange(int sizeInMBs, int intervalInSeconds, String member, String constraint) {
        ObjectNode request = createRequest();
        destination(request).putObject("BufferingHints").put("SizeInMBs", sizeInMBs).put("IntervalInSeconds", intervalInSeconds);
        int value = member.equals("sizeInMBs") ? sizeInMBs : intervalInSeconds;

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request),
                violation(value, DESTINATION + ".bufferingHints." + member, constraint));
    }

    @Test
    void reportsAwsMessageForOneValidationErrorVerbatim() {
        ObjectNode request = createRequest();
        destination(request).putObject("BufferingHints").put("SizeInMBs", 5).put("IntervalInSeconds", 901);

        HydrantException failure = failure(() -> DeliveryStreamRequests.parseCreateDestination(request));

        assertThat(failure.errorCode()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(failure).hasMessage("1 validation error detected: Value '901' at 'extendedS3DestinationConfiguration.bufferingHints.intervalInSeconds' "
                + "failed to satisfy constraint: Member must have value less than or equal to 900");
    }

    @Test
    void reportsEveryValidationErrorTogetherWithPluralCount() {
        ObjectNode request = createRequest();
        request.put("DeliveryStreamName", "bad name");
        request.putArray("Tags").addObject().put("Key", "aws:reserved");
        destination(request).putObject("BufferingHints").put("SizeInMBs", 0).put("IntervalInSeconds", 901);

        HydrantException failure = failure(() -> DeliveryStreamRequests.parseCreateDestination(request));

        assertThat(failure.errorCode()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(failure).hasMessage("4 validation errors detected: "
                + "Value 'bad name' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
                + "Value 'aws:reserved' at 'tags.1.member.key' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: ^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$; "
                + "Value '0' at 'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 1; "
                + "Value '901' at 'extendedS3DestinationConfiguration.bufferingHints.intervalInSeconds' failed to satisfy constraint: "
                + "Member must have value less than or equal to 900");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SizeInMBs", "IntervalInSeconds"})
    void rejectsBufferingHintsWithOnlyOneMember(String member) {
        ObjectNode request = createRequest();
        destination(request).putObject("BufferingHints").put(member, 10);

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request), "BufferingHints needs both SizeInMBs and IntervalInSeconds, or neither");
    }

    @Test
    void emptyBufferingHintsMeanDefaults() {
        ObjectNode request = createRequest();
        destination(request).putObject("BufferingHints");

        assertThat(DeliveryStreamRequests.parseCreateDestination(request).bufferingHints()).isEqualTo(BufferingHints.defaults());
    }

    @ParameterizedTest
    @EnumSource(CompressionFormat.class)
    void parsesEveryCompressionFormatByWireName(CompressionFormat format) {
        ObjectNode request = createRequest();
        destination(request).put("CompressionFormat", format.wireName());

        assertThat(DeliveryStreamRequests.parseCreateDestination(request).compressionFormat()).isEqualTo(format);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SNAPPY", "gzip", "LZ4", ""})
    void rejectsUnknownCompressionFormat(String format) {
        ObjectNode request = createRequest();
        destination(request).put("CompressionFormat", format);

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request), violation(format, DESTINATION + ".compressionFormat",
                "Member must satisfy enum value set: [UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY]"));
    }

    @Test
    void rejectsMissingRoleArnAndBucketArnTogether() {
        ObjectNode request = createRequest();
        destination(request).removeAll();

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request),
                "Value null at '" + DESTINATION + ".roleARN' failed to satisfy constraint: Member must not be null",
                "Value null at '" + DESTINATION + ".bucketARN' failed to satisfy constraint: Member must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::123456789012:role/path/to/firehose", "arn:aws-cn:iam::123456789012:role/r", "arn:aws:iam::000000000000:role/hydrant"})
    void acceptsRoleArns(String roleArn) {
        ObjectNode request = createRequest();
        destination(request).put("RoleARN", roleArn);

        assertThat(DeliveryStreamRequests.parseCreateDestination(request).roleArn()).isEqualTo(roleArn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::12345:role/r", "arn:aws:iam::123456789012:user/u", "arn:aws:s3:::clicks", "firehose", "arn:aws:iam::123456789012:role/"})
    void rejectsMalformedRoleArn(String roleArn) {
        ObjectNode request = createRequest();
        destination(request).put("RoleARN", roleArn);

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request), violation(roleArn, DESTINATION + ".roleARN", ROLE_PATTERN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:s3:::a", "arn:aws:s3:::my.bucket-name_1", "arn:aws-us-gov:s3:::b"})
    void acceptsBucketArns(String bucketArn) {
        ObjectNode request = createRequest();
        destination(request).put("BucketARN", bucketArn);

        assertThat(DeliveryStreamRequests.parseCreateDestination(request).bucketArn()).isEqualTo(bucketArn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:s3:::", "arn:aws:s3:::bucket/key", "clicks", "arn:aws:s3::123456789012:clicks"})
    void rejectsMalformedBucketArn(String bucketArn) {
        ObjectNode request = createRequest();
        destination(request).put("BucketARN", bucketArn);

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request), violation(bucketArn, DESTINATION + ".bucketARN", BUCKET_PATTERN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Prefix", "ErrorOutputPrefix"})
    void acceptsPrefixesUpTo1024Characters(String member) {
        ObjectNode request = createRequest();
        destination(request).put(member, "p".repeat(1024));

        S3DestinationConfig destination = DeliveryStreamRequests.parseCreateDestination(request);

        assertThat(member.equals("Prefix") ? destination.prefix() : destination.errorOutputPrefix()).hasSize(1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Prefix", "ErrorOutputPrefix"})
    void rejectsPrefixesOver1024Characters(String member) {
        ObjectNode request = createRequest();
        destination(request).put(member, "p".repeat(1025));

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request), violation("p".repeat(1025),
                DeliveryStreamRequests.path(DESTINATION, member), "Member must have length less than or equal to 1024"));
    }

    @Test
    void reportsPrefixExpressionRulesAsInvalidArgument() {
        String prefix = "!{firehose:error-output-type}/";
        List<String> expected = PrefixExpressions.validate(prefix, null);
        assumeFalse(expected.isEmpty(), "needs the real PrefixExpressions, which rejects error-output-type in Prefix");
        ObjectNode request = createRequest();
        destination(request).put("Prefix", prefix);

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request), String.join("; ", expected));
    }

    @Test
    void requiresLogNamesWhenCloudWatchLoggingIsEnabled() {
        ObjectNode request = createRequest();
        destination(request).putObject("CloudWatchLoggingOptions").put("Enabled", true).put("LogGroupName", "group");

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request),
                "CloudWatchLoggingOptions needs LogGroupName and LogStreamName when Enabled is true");
    }

    @Test
    void keepsLogNamesOfDisabledCloudWatchLogging() {
        ObjectNode request = createRequest();
        destination(request).putObject("CloudWatchLoggingOptions").put("LogGroupName", "group").put("LogStreamName", "stream");

        assertThat(DeliveryStreamRequests.parseCreateDestination(request).cloudWatchLoggingOptions())
                .isEqualTo(new CloudWatchLoggingOptions(false, "group", "stream"));
    }

    @Test
    void rejectsLogNamesOutsideTheirPatterns() {
        ObjectNode request = createRequest();
        destination(request).putObject("CloudWatchLoggingOptions").put("Enabled", true).put("LogGroupName", "group name").put("LogStreamName", "a:b");

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request),
                violation("group name", DESTINATION + ".cloudWatchLoggingOptions.logGroupName",
                        "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]*"),
                violation("a:b", DESTINATION + ".cloudWatchLoggingOptions.logStreamName", "Member must satisfy regular expression pattern: [^:*]*"));
    }

    @Test
    void acceptsEnabledProcessingConfiguration() {
        ObjectNode request = createRequest();
        addProcessor(destination(request).putObject("ProcessingConfiguration").put("Enabled", true), "AppendDelimiterToRecord");

        ProcessingConfiguration processing = DeliveryStreamRequests.parseCreateDestination(request).processingConfiguration();

        assertThat(processing.enabled()).isTrue();
        assertThat(processing.processors()).containsExactly(new ProcessingConfiguration.Processor("AppendDelimiterToRecord", Map.of("Delimiter", "IyMjIw==")));
    }

    @Test
    void rejectsLambdaProcessorWithoutLambdaArn() {
        ObjectNode request = createRequest();
        ObjectNode processing = destination(request).putObject("ProcessingConfiguration").put("Enabled", true);
        processing.putArray("Processors").addObject().put("Type", "Lambda").putArray("Parameters")
                .addObject().put("ParameterName", "NumberOfRetries").put("ParameterValue", "2");

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request),
                "ProcessingConfiguration.Processors[0].Parameters.LambdaArn: is required for this processor type");
    }

    @Test
    void parsesS3BackupConfiguration() {
        ObjectNode request = createRequest();
        destination(request).put("S3BackupMode", "Enabled").putObject("S3BackupConfiguration")
                .put("RoleARN", "arn:aws:iam::123456789012:role/backup")
                .put("BucketARN", "arn:aws:s3:::source-backup")
                .put("Prefix", "raw/")
                .put("CompressionFormat", "GZIP");

        S3DestinationConfig destination = DeliveryStreamRequests.parseCreateDestination(request);

        assertThat(destination.backupEnabled()).isTrue();
        assertThat(destination.backup().bucketName()).isEqualTo("source-backup");
        assertThat(destination.backup().prefix()).isEqualTo("raw/");
        assertThat(destination.backup().compressionFormat()).isEqualTo(CompressionFormat.GZIP);
    }

    @Test
    void rejectsS3BackupModeEnabledWithoutConfiguration() {
        ObjectNode request = createRequest();
        destination(request).put("S3BackupMode", "Enabled");

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request), "S3BackupMode Enabled needs S3BackupConfiguration");
    }

    @Test
    void parsesDynamicPartitioning() {
        ObjectNode request = createRequest();
        destination(request).put("Prefix", "customer=!{partitionKeyFromQuery:customer}/").put("ErrorOutputPrefix", "errors/!{firehose:error-output-type}/")
                .putObject("DynamicPartitioningConfiguration").put("Enabled", true).putObject("RetryOptions").put("DurationInSeconds", 60);

        S3DestinationConfig destination = DeliveryStreamRequests.parseCreateDestination(request);

        assertThat(destination.dynamicPartitioning()).isEqualTo(new DynamicPartitioningConfig(true, 60));
    }

    @Test
    void updateCannotChangeDynamicPartitioning() {
        assertInvalidArgument(() -> DeliveryStreamRequests.parseUpdateDestination(
                        updateRequest("ExtendedS3DestinationUpdate", "{\"DynamicPartitioningConfiguration\": {\"Enabled\": true}}"), fullDestination()),
                "DynamicPartitioningConfiguration.Enabled can only be set when the delivery stream is created");
    }

    @Test
    void acceptsEnabledProcessingConfigurationWithoutProcessors() {
        ObjectNode request = createRequest();
        destination(request).putObject("ProcessingConfiguration").put("Enabled", true).putArray("Processors");

        assertThat(DeliveryStreamRequests.parseCreateDestination(request).processingConfiguration()).isEqualTo(new ProcessingConfiguration(true, List.of()));
    }

    @Test
    void keepsProcessorsOfProcessingConfigurationWithoutEnabled() {
        ObjectNode request = createRequest();
        addProcessor(destination(request).putObject("ProcessingConfiguration"), "AppendDelimiterToRecord");

        assertThat(DeliveryStreamRequests.parseCreateDestination(request).processingConfiguration()).isEqualTo(
                new ProcessingConfiguration(false, List.of(new Processor("AppendDelimiterToRecord", Map.of("Delimiter", "IyMjIw==")))));
    }

    @Test
    void rejectsUnknownProcessorTypeWithAwsPath() {
        ObjectNode request = createRequest();
        ObjectNode processing = destination(request).putObject("ProcessingConfiguration").put("Enabled", false);
        addProcessor(processing, "Lambda");
        addProcessor(processing, "Transform");

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request), violation("Transform",
                DESTINATION + ".processingConfiguration.processors.2.member.type",
                "Member must satisfy enum value set: [RecordDeAggregation, Decompression, CloudWatchLogProcessing, Lambda, MetadataExtraction, AppendDelimiterToRecord]"));
    }

    @Test
    void rejectsBadProcessorParameters() {
        ObjectNode request = createRequest();
        ArrayNode parameters = destination(request).putObject("ProcessingConfiguration").putArray("Processors")
                .addObject().put("Type", "Lambda").putArray("Parameters");
        parameters.addObject().put("ParameterName", "FunctionArn").put("ParameterValue", "f");
        parameters.addObject().put("ParameterName", "LambdaArn").put("ParameterValue", "  ");
        parameters.addObject().put("ParameterName", "NumberOfRetries");
        String path = DESTINATION + ".processingConfiguration.processors.1.member.parameters.";

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request),
                violation("FunctionArn", path + "1.member.parameterName", "Member must satisfy enum value set: [LambdaArn, NumberOfRetries, "
                        + "MetadataExtractionQuery, JsonParsingEngine, RoleArn, BufferSizeInMBs, BufferIntervalInSeconds, SubRecordType, Delimiter, "
                        + "CompressionFormat, DataMessageExtraction]"),
                violation("  ", path + "2.member.parameterValue", "Member must satisfy regular expression pattern: ^(?!\\s*$).+"),
                "Value null at '" + path + "3.member.parameterValue' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void rejectsRepeatedProcessorParameter() {
        ObjectNode request = createRequest();
        ArrayNode parameters = destination(request).putObject("ProcessingConfiguration").putArray("Processors")
                .addObject().put("Type", "Lambda").putArray("Parameters");
        parameters.addObject().put("ParameterName", "LambdaArn").put("ParameterValue", "arn:aws:lambda:us-east-1:123456789012:function:f");
        parameters.addObject().put("ParameterName", "NumberOfRetries").put("ParameterValue", "1");
        parameters.addObject().put("ParameterName", "NumberOfRetries").put("ParameterValue", "2");

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request), "Processor 1 has more than one NumberOfRetries parameter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".json", ".json.gz", ".a!-_.*'()"})
    void acceptsFileExtensions(String fileExtension) {
        ObjectNode request = createRequest();
        destination(request).put("FileExtension", fileExtension);

        assertThat(DeliveryStreamRequests.parseCreateDestination(request).fileExtension()).isEqualTo(fileExtension);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", ".JSON", ".", ".json/gz"})
    void rejectsFileExtensionsOutsideThePattern(String fileExtension) {
        ObjectNode request = createRequest();
        destination(request).put("FileExtension", fileExtension);

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request), violation(fileExtension, DESTINATION + ".fileExtension",
                "Member must satisfy regular expression pattern: ^$|\\.[0-9a-z!\\-_.*'()]+"));
    }

    @Test
    void acceptsFileExtensionOf128CharactersAndRejects129() {
        ObjectNode accepted = createRequest();
        destination(accepted).put("FileExtension", "." + "a".repeat(127));
        ObjectNode rejected = createRequest();
        destination(rejected).put("FileExtension", "." + "a".repeat(128));

        assertThat(DeliveryStreamRequests.parseCreateDestination(accepted).fileExtension()).hasSize(128);
        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(rejected), violation("." + "a".repeat(128), DESTINATION + ".fileExtension",
                "Member must have length less than or equal to 128"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "UTC", "Asia/Tokyo", "America/Argentina/Buenos_Aires"})
    void acceptsCustomTimeZones(String timeZone) {
        ObjectNode request = createRequest();
        destination(request).put("CustomTimeZone", timeZone);

        assertThat(DeliveryStreamRequests.parseCreateDestination(request).customTimeZone()).isEqualTo(timeZone);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC+1", "Etc/GMT-9", "+09:00"})
    void rejectsCustomTimeZonesOutsideThePattern(String timeZone) {
        ObjectNode request = createRequest();
        destination(request).put("CustomTimeZone", timeZone);

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request), violation(timeZone, DESTINATION + ".customTimeZone",
                "Member must satisfy regular expression pattern: ^$|[a-zA-Z/_]+"));
    }

    @Test
    void rejectsCustomTimeZoneOver50Characters() {
        ObjectNode request = createRequest();
        destination(request).put("CustomTimeZone", "Z".repeat(51));

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request), violation("Z".repeat(51), DESTINATION + ".customTimeZone",
                "Member must have length less than or equal to 50"));
    }

    @Test
    void rejectsUnknownCustomTimeZoneAsInvalidArgument() {
        ObjectNode request = createRequest();
        destination(request).put("CustomTimeZone", "Mars/Olympus_Mons");

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request), "CustomTimeZone 'Mars/Olympus_Mons' is not a known time zone");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "EncryptionConfiguration           | {\"KMSEncryptionConfig\": {\"AWSKMSKeyARN\": \"arn:aws:kms:us-east-1:123456789012:key/k\"}} | "
                    + "EncryptionConfiguration.KMSEncryptionConfig is not supported yet, Hydrant writes objects unencrypted"})
    void rejectsFeaturesNotSupportedYet(String member, String value, String message) throws JsonProcessingException {
        ObjectNode request = createRequest();
        destination(request).set(member, MAPPER.readTree(value));

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request), message);
    }

    @Test
    void acceptsFeaturesNotSupportedYetWhenDisabled() {
        ObjectNode request = createRequest();
        ObjectNode destination = destination(request);
        destination.putObject("DataFormatConversionConfiguration").put("Enabled", false).putObject("SchemaConfiguration");
        destination.putObject("DynamicPartitioningConfiguration").put("Enabled", false);
        destination.put("S3BackupMode", "Disabled");
        destination.putObject("EncryptionConfiguration").put("NoEncryptionConfig", "NoEncryption");

        assertThat(DeliveryStreamRequests.parseCreateDestination(request)).isEqualTo(DeliveryStreamRequests.parseCreateDestination(createRequest()));
    }

    @Test
    void rejectsUnknownBackupModeAndEncryptionValues() {
        ObjectNode request = createRequest();
        destination(request).put("S3BackupMode", "FailedOnly").putObject("EncryptionConfiguration").put("NoEncryptionConfig", "None");

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request),
                violation("None", DESTINATION + ".encryptionConfiguration.noEncryptionConfig", "Member must satisfy enum value set: [NoEncryption]"),
                violation("FailedOnly", DESTINATION + ".s3BackupMode", "Member must satisfy enum value set: [Disabled, Enabled]"));
    }

    // CreateDeliveryStream: choosing the destination

    @Test
    void requiresADestination() {
        ObjectNode request = createRequest();
        request.remove("ExtendedS3DestinationConfiguration");

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request),
                "Exactly one destination is required: ExtendedS3DestinationConfiguration (or the deprecated S3DestinationConfiguration)");
    }

    @Test
    void rejectsTwoDestinations() {
        ObjectNode request = createRequest();
        request.set("S3DestinationConfiguration", destination(request).deepCopy());

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request),
                "Exactly one destination is allowed, but the request has ExtendedS3DestinationConfiguration, S3DestinationConfiguration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HttpEndpointDestinationConfiguration", "RedshiftDestinationConfiguration", "SplunkDestinationConfiguration",
            "AmazonopensearchserviceDestinationConfiguration", "IcebergDestinationConfiguration"})
    void rejectsOtherDestinationTypes(String member) {
        ObjectNode request = createRequest();
        request.set(member, request.remove("ExtendedS3DestinationConfiguration"));

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request),
                member + " is not supported by Hydrant yet, use ExtendedS3DestinationConfiguration");
    }

    @Test
    void treatsJsonNullDestinationAsAbsent() {
        ObjectNode request = createRequest();
        request.putNull("S3DestinationConfiguration");

        assertThat(DeliveryStreamRequests.parseCreateDestination(request).bucketArn()).isEqualTo(BUCKET);
    }

    // CreateDeliveryStream: top-level members

    @Test
    void validatesDeliveryStreamName() {
        ObjectNode missing = createRequest();
        missing.remove("DeliveryStreamName");
        ObjectNode tooLong = createRequest();
        tooLong.put("DeliveryStreamName", "n".repeat(65));
        ObjectNode longest = createRequest();
        longest.put("DeliveryStreamName", "n".repeat(64));

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(missing),
                "Value null at 'deliveryStreamName' failed to satisfy constraint: Member must not be null");
        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(tooLong),
                violation("n".repeat(65), "deliveryStreamName", "Member must have length less than or equal to 64"));
        assertThat(DeliveryStreamRequests.parseCreateDestination(longest).bucketArn()).isEqualTo(BUCKET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"KinesisStreamAsSource", "MSKAsSource", "DatabaseAsSource"})
    void rejectsSourcesOtherThanDirectPut(String type) {
        ObjectNode request = createRequest();
        request.put("DeliveryStreamType", type);

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request),
                "DeliveryStreamType " + type + " is not supported by Hydrant yet, only DirectPut is");
    }

    @Test
    void rejectsSourceConfigurationOnDirectPutStream() {
        ObjectNode request = createRequest();
        request.putObject("KinesisStreamSourceConfiguration").put("KinesisStreamARN", "arn:aws:kinesis:us-east-1:123456789012:stream/s");

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request),
                "KinesisStreamSourceConfiguration is not supported by Hydrant yet, only DirectPut delivery streams are");
    }

    @Test
    void rejectsUnknownDeliveryStreamType() {
        ObjectNode request = createRequest();
        request.put("DeliveryStreamType", "Direct");

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request), violation("Direct", "deliveryStreamType",
                "Member must satisfy enum value set: [DirectPut, KinesisStreamAsSource, MSKAsSource, DatabaseAsSource]"));
    }

    @ParameterizedTest
    @CsvSource({"0, Member must have value greater than or equal to 1", "101, Member must have value less than or equal to 100"})
    void rejectsThroughputHintOutsideRange(int throughputHint, String constraint) {
        ObjectNode request = createRequest();
        request.putObject("DirectPutSourceConfiguration").put("ThroughputHintInMBs", throughputHint);

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request),
                violation(throughputHint, "directPutSourceConfiguration.throughputHintInMBs", constraint));
    }

    @Test
    void rejectsServerSideEncryption() {
        ObjectNode request = createRequest();
        request.putObject("DeliveryStreamEncryptionConfigurationInput").put("KeyType", "AWS_OWNED_CMK");

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request),
                "DeliveryStreamEncryptionConfigurationInput (server-side encryption) is not supported yet");
    }

    @Test
    void reportsEveryInvalidArgumentTogether() {
        ObjectNode request = createRequest();
        request.put("DeliveryStreamType", "KinesisStreamAsSource");
        destination(request).put("S3BackupMode", "Enabled").putObject("DynamicPartitioningConfiguration").put("Enabled", true);

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request),
                "DeliveryStreamType KinesisStreamAsSource is not supported by Hydrant yet, only DirectPut is; "
                        + "S3BackupMode Enabled needs S3BackupConfiguration; "
                        + "Prefix: must use !{partitionKeyFromQuery:...} or !{partitionKeyFromLambda:...} when dynamic partitioning is enabled; "
                        + "ErrorOutputPrefix: must be set when dynamic partitioning is enabled");
    }

    @Test
    void reportsValidationErrorsBeforeInvalidArguments() {
        ObjectNode request = createRequest();
        destination(request).put("S3BackupMode", "Enabled").put("Prefix", "p".repeat(1025));

        assertThat(failure(() -> DeliveryStreamRequests.parseCreateDestination(request)).errorCode()).isEqualTo(ErrorCode.VALIDATION);
    }

    // Wrong JSON types

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"5\"  | Expected an integer at 'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs' but found a string",
            "5.5    | Expected an integer at 'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs' but found the number 5.5",
            "1e12   | Expected an integer at 'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs' but found the number 1.0E12",
            "3000000000 | Expected an integer at 'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs' but found the number 3000000000",
            "[5]    | Expected an integer at 'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs' but found an array"})
    void rejectsNonIntegerNumbersAsSerializationErrors(String value, String message) throws JsonProcessingException {
        ObjectNode request = createRequest();
        destination(request).putObject("BufferingHints").put("IntervalInSeconds", 60).set("SizeInMBs", MAPPER.readTree(value));

        assertFailure(() -> DeliveryStreamRequests.parseCreateDestination(request), ErrorCode.SERIALIZATION, message);
    }

    @Test
    void reportsEveryWrongTypeTogetherBeforeValidationErrors() {
        ObjectNode request = createRequest();
        request.put("DeliveryStreamName", 42).put("Tags", "team=data");
        destination(request).put("RoleARN", "not-an-arn").put("CompressionFormat", true)
                .putObject("CloudWatchLoggingOptions").put("Enabled", "true");

        assertFailure(() -> DeliveryStreamRequests.parseCreateDestination(request), ErrorCode.SERIALIZATION,
                "Expected a string at 'deliveryStreamName' but found the number 42; "
                        + "Expected an array at 'tags' but found a string; "
                        + "Expected a string at 'extendedS3DestinationConfiguration.compressionFormat' but found a boolean; "
                        + "Expected a boolean at 'extendedS3DestinationConfiguration.cloudWatchLoggingOptions.enabled' but found a string");
    }

    @Test
    void rejectsDestinationThatIsNotAnObject() {
        ObjectNode request = createRequest();
        request.put("ExtendedS3DestinationConfiguration", "s3://clicks");

        assertFailure(() -> DeliveryStreamRequests.parseCreateDestination(request), ErrorCode.SERIALIZATION,
                "Expected an object at 'extendedS3DestinationConfiguration' but found a string");
    }

    @Test
    void rejectsRequestBodyThatIsNotAnObject() {
        assertFailure(() -> DeliveryStreamRequests.parseCreateDestination(MAPPER.createArrayNode()), ErrorCode.SERIALIZATION,
                "Expected a JSON object at 'request body' but found an array");
    }

    // Tags

    @Test
    void parsesTagsInRequestOrderWithMissingValueAsEmpty() {
        Map<String, String> tags = DeliveryStreamRequests.parseTags(json("""
                {"Tags": [{"Key": "team", "Value": "data"}, {"Key": "cost center", "Value": "42/a=b+c-d@e%f_g.h:i"}, {"Key": "flag"}]}
                """).get("Tags"), "tags");

        assertThat(tags).containsExactly(Map.entry("team", "data"), Map.entry("cost center", "42/a=b+c-d@e%f_g.h:i"), Map.entry("flag", ""));
    }

    @Test
    void parsesAbsentTagsAsEmpty() {
        assertThat(DeliveryStreamRequests.parseTags(null, "tags")).isEmpty();
        assertThat(DeliveryStreamRequests.parseTags(MAPPER.nullNode(), "tags")).isEmpty();
        assertThat(DeliveryStreamRequests.parseTags(createRequest().path("Tags"), "tags")).isEmpty();
    }

    @Test
    void acceptsFiftyTagsAndRejectsFiftyOne() {
        ArrayNode fifty = tags(50);
        ArrayNode fiftyOne = tags(51);

        assertThat(DeliveryStreamRequests.parseTags(fifty, "tags")).hasSize(50);
        assertViolations(() -> DeliveryStreamRequests.parseTags(fiftyOne, "tags"),
                violation(fiftyOne, "tags", "Member must have length less than or equal to 50"));
    }

    @Test
    void rejectsEmptyTagList() {
        assertViolations(() -> DeliveryStreamRequests.parseTags(MAPPER.createArrayNode(), "tags"),
                violation("[]", "tags", "Member must have length greater than or equal to 1"));
    }

    @Test
    void acceptsLongestTagKeyAndValue() {
        ArrayNode tags = MAPPER.createArrayNode();
        tags.addObject().put("Key", "k".repeat(128)).put("Value", "v".repeat(256));

        assertThat(DeliveryStreamRequests.parseTags(tags, "tags")).containsExactly(Map.entry("k".repeat(128), "v".repeat(256)));
    }

    @Test
    void rejectsBadTagKeysAndValuesWithTheirPaths() {
        ArrayNode tags = MAPPER.createArrayNode();
        tags.addObject().put("Key", "k".repeat(129));
        tags.addObject().put("Key", "");
        tags.addObject().put("Key", "aws:cloudformation:stack-name");
        tags.addObject().put("Key", "ok").put("Value", "v".repeat(257));
        tags.addObject().put("Key", "hash").put("Value", "a#b");
        tags.addObject().put("Value", "no key");
        String keyPattern = "Member must satisfy regular expression pattern: ^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$";

        assertViolations(() -> DeliveryStreamRequests.parseTags(tags, "tags"),
                violation("k".repeat(129), "tags.1.member.key", "Member must have length less than or equal to 128"),
                violation("", "tags.2.member.key", "Member must have length greater than or equal to 1"),
                violation("aws:cloudformation:stack-name", "tags.3.member.key", keyPattern),
                violation("v".repeat(257), "tags.4.member.value", "Member must have length less than or equal to 256"),
                violation("a#b", "tags.5.member.value", "Member must satisfy regular expression pattern: ^[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$"),
                "Value null at 'tags.6.member.key' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void rejectsRepeatedTagKey() {
        ArrayNode tags = MAPPER.createArrayNode();
        tags.addObject().put("Key", "team").put("Value", "a");
        tags.addObject().put("Key", "team").put("Value", "b");

        assertInvalidArgument(() -> DeliveryStreamRequests.parseTags(tags, "tags"), "Tag key 'team' appears more than once");
    }

    @Test
    void rejectsTagThatIsNotAnObject() {
        ArrayNode tags = MAPPER.createArrayNode();
        tags.addObject().put("Key", "team");
        tags.add("owner=me");

        assertFailure(() -> DeliveryStreamRequests.parseTags(tags, "tags"), ErrorCode.SERIALIZATION,
                "Expected an object at 'tags.2.member' but found a string");
    }

    // UpdateDestination

    @Test
    void updateKeepsMembersItLeavesOut() {
        S3DestinationConfig current = fullDestination();

        S3DestinationConfig updated = DeliveryStreamRequests.parseUpdateDestination(
                updateRequest("ExtendedS3DestinationUpdate", "{\"CompressionFormat\": \"ZIP\"}"), current);

        assertThat(updated).isEqualTo(new S3DestinationConfig(current.roleArn(), current.bucketArn(), current.prefix(), current.errorOutputPrefix(),
                current.bufferingHints(), CompressionFormat.ZIP, current.cloudWatchLoggingOptions(), current.processingConfiguration(),
                current.fileExtension(), current.customTimeZone()));
    }

    @Test
    void updateReplacesMembersItGives() {
        S3DestinationConfig updated = DeliveryStreamRequests.parseUpdateDestination(updateRequest("ExtendedS3DestinationUpdate", """
                {"RoleARN": "arn:aws:iam::123456789012:role/other", "BucketARN": "arn:aws:s3:::other",
                 "Prefix": "", "ErrorOutputPrefix": "failed/",
                 "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 0},
                 "CloudWatchLoggingOptions": {"Enabled": false},
                 "ProcessingConfiguration": {"Enabled": false, "Processors": []},
                 "FileExtension": "", "CustomTimeZone": "UTC"}
                """), fullDestination());

        assertThat(updated).isEqualTo(new S3DestinationConfig("arn:aws:iam::123456789012:role/other", "arn:aws:s3:::other", "", "failed/",
                new BufferingHints(1, 0), CompressionFormat.GZIP, CloudWatchLoggingOptions.disabled(), ProcessingConfiguration.disabled(),
                "", "UTC"));
    }

    @Test
    void updateWithEmptyBufferingHintsKeepsCurrentHints() {
        S3DestinationConfig updated = DeliveryStreamRequests.parseUpdateDestination(
                updateRequest("ExtendedS3DestinationUpdate", "{\"BufferingHints\": {}}"), fullDestination());

        assertThat(updated.bufferingHints()).isEqualTo(new BufferingHints(64, 60));
    }

    @Test
    void deprecatedS3UpdateIgnoresExtendedOnlyMembersAndKeepsTheirValues() {
        S3DestinationConfig current = fullDestination();

        S3DestinationConfig updated = DeliveryStreamRequests.parseUpdateDestination(
                updateRequest("S3DestinationUpdate", "{\"Prefix\": \"new/\", \"FileExtension\": \".txt\", \"CustomTimeZone\": \"UTC\"}"), current);

        assertThat(updated.prefix()).isEqualTo("new/");
        assertThat(updated.fileExtension()).isEqualTo(current.fileExtension());
        assertThat(updated.customTimeZone()).isEqualTo(current.customTimeZone());
    }

    @Test
    void updateValidatesWithUpdateMemberPaths() {
        assertViolations(() -> DeliveryStreamRequests.parseUpdateDestination(updateRequest("ExtendedS3DestinationUpdate", """
                        {"BufferingHints": {"SizeInMBs": 129, "IntervalInSeconds": 900}, "RoleARN": "role"}
                        """), fullDestination()),
                violation("role", "extendedS3DestinationUpdate.roleARN", ROLE_PATTERN),
                violation(129, "extendedS3DestinationUpdate.bufferingHints.sizeInMBs", "Member must have value less than or equal to 128"));
    }

    @Test
    void updateRejectsBufferingHintsWithOnlyOneMember() {
        assertInvalidArgument(() -> DeliveryStreamRequests.parseUpdateDestination(
                        updateRequest("ExtendedS3DestinationUpdate", "{\"BufferingHints\": {\"IntervalInSeconds\": 60}}"), fullDestination()),
                "BufferingHints needs both SizeInMBs and IntervalInSeconds, or neither");
    }

    @Test
    void updateReplacesCloudWatchLoggingOptionsWhole() {
        assertInvalidArgument(() -> DeliveryStreamRequests.parseUpdateDestination(
                        updateRequest("ExtendedS3DestinationUpdate", "{\"CloudWatchLoggingOptions\": {\"Enabled\": true}}"), fullDestination()),
                "CloudWatchLoggingOptions needs LogGroupName and LogStreamName when Enabled is true");
    }

    @Test
    void updateEnablesProcessing() {
        ObjectNode update = updateRequest("ExtendedS3DestinationUpdate", "{}");
        addProcessor(((ObjectNode) update.get("ExtendedS3DestinationUpdate")).putObject("ProcessingConfiguration").put("Enabled", true), "AppendDelimiterToRecord");

        S3DestinationConfig updated = DeliveryStreamRequests.parseUpdateDestination(update, fullDestination());

        assertThat(updated.processingConfiguration().enabled()).isTrue();
        assertThat(updated.processingConfiguration().processors()).extracting(ProcessingConfiguration.Processor::type).containsExactly("AppendDelimiterToRecord");
    }

    @Test
    void updateRequiresVersionAndDestinationIdentifiers() {
        ObjectNode missing = updateRequest("ExtendedS3DestinationUpdate", "{}");
        missing.remove("CurrentDeliveryStreamVersionId");
        missing.remove("DestinationId");
        ObjectNode malformed = updateRequest("ExtendedS3DestinationUpdate", "{}");
        malformed.put("CurrentDeliveryStreamVersionId", "v1").put("DestinationId", "destination_1");

        assertViolations(() -> DeliveryStreamRequests.parseUpdateDestination(missing, fullDestination()),
                "Value null at 'currentDeliveryStreamVersionId' failed to satisfy constraint: Member must not be null",
                "Value null at 'destinationId' failed to satisfy constraint: Member must not be null");
        assertViolations(() -> DeliveryStreamRequests.parseUpdateDestination(malformed, fullDestination()),
                violation("v1", "currentDeliveryStreamVersionId", "Member must satisfy regular expression pattern: [0-9]+"),
                violation("destination_1", "destinationId", "Member must satisfy regular expression pattern: [a-zA-Z0-9-]+"));
    }

    @Test
    void updateRequiresAnS3Destination() {
        ObjectNode none = updateRequest("ExtendedS3DestinationUpdate", "{}");
        none.remove("ExtendedS3DestinationUpdate");
        ObjectNode httpEndpoint = updateRequest("HttpEndpointDestinationUpdate", "{}");

        assertInvalidArgument(() -> DeliveryStreamRequests.parseUpdateDestination(none, fullDestination()),
                "Exactly one destination is required: ExtendedS3DestinationUpdate (or the deprecated S3DestinationUpdate)");
        assertInvalidArgument(() -> DeliveryStreamRequests.parseUpdateDestination(httpEndpoint, fullDestination()),
                "HttpEndpointDestinationUpdate is not supported by Hydrant yet, use ExtendedS3DestinationUpdate");
    }

    // DataFormatConversionConfiguration

    @Test
    void parsesDataFormatConversionWithColumnsAndEveryParquetMember() {
        ObjectNode request = conversionRequest("""
                {"SchemaConfiguration": {"RoleARN": "arn:aws:iam::123456789012:role/glue", "CatalogId": "123456789012",
                   "DatabaseName": "racing", "TableName": "laps", "Region": "eu-west-1", "VersionId": "LATEST",
                   "Columns": [{"Name": "car", "Type": "string"}, {"Name": "speed", "Type": "double", "Comment": "km/h"}]},
                 "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {
                   "ConvertDotsInJsonKeysToUnderscores": true, "CaseInsensitive": false, "ColumnToJsonKeyMappings": {"speed": "v"}}}},
                 "OutputFormatConfiguration": {"Serializer": {"ParquetSerDe": {"BlockSizeBytes": 134217728, "PageSizeBytes": 65536,
                   "Compression": "GZIP", "EnableDictionaryCompression": false, "MaxPaddingBytes": 8, "WriterVersion": "V2"}}}}
                """);

        S3DestinationConfig destination = DeliveryStreamRequests.parseCreateDestination(request);

        assertThat(destination.dataFormatConversion()).isEqualTo(new DataFormatConversion(true,
                new DataFormatConversion.SchemaConfiguration("arn:aws:iam::123456789012:role/glue", "123456789012", "racing", "laps", "eu-west-1", "LATEST"),
                List.of(new DataFormatConversion.Column("car", "string"), new DataFormatConversion.Column("speed", "double")),
                new OpenXJsonSerDe(true, false, Map.of("speed", "v")), null,
                new ParquetSerDe(FormatConversionConfig.ParquetCompression.GZIP, 128L << 20, 64 << 10, false, 8, FormatConversionConfig.ParquetWriterVersion.V2),
                null));
        assertThat(destination.defaultFileExtension()).isEqualTo(".parquet");
        assertThat(destination.dataFormatConversion().toFormatConversionConfig().schema())
                .isEqualTo(new FormatConversionConfig.ExplicitSchema((HiveType.StructType) HiveType.parse("struct<car:string,speed:double>")));
    }

    @Test
    void parsesDataFormatConversionDefaultsWithAnInferredSchema() {
        ObjectNode request = conversionRequest("""
                {"SchemaConfiguration": {"DatabaseName": "racing", "TableName": "unknown"},
                 "InputFormatConfiguration": {"Deserializer": {"HiveJsonSerDe": {"TimestampFormats": ["millis"]}}},
                 "OutputFormatConfiguration": {"Serializer": {"OrcSerDe": {}}}}
                """);

        DataFormatConversion conversion = DeliveryStreamRequests.parseCreateDestination(request).dataFormatConversion();

        assertThat(conversion.enabled()).isTrue();
        assertThat(conversion.columns()).isEmpty();
        assertThat(conversion.hiveJsonSerDe()).isEqualTo(new HiveJsonSerDe(List.of("millis")));
        assertThat(conversion.orcSerDe()).isEqualTo(OrcSerDe.defaults());
        assertThat(conversion.toFormatConversionConfig().schema()).isInstanceOf(FormatConversionConfig.InferredSchema.class);
    }

    @Test
    void rejectsConversionWithCompressionOrASmallBuffer() {
        ObjectNode request = conversionRequest(PARQUET_CONVERSION);
        destination(request).put("CompressionFormat", "GZIP").putObject("BufferingHints").put("SizeInMBs", 63).put("IntervalInSeconds", 0);

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request),
                "CompressionFormat must be UNCOMPRESSED when DataFormatConversionConfiguration is enabled, not GZIP (Parquet and ORC compress inside the file); "
                        + "BufferingHints.SizeInMBs must be at least 64 when DataFormatConversionConfiguration is enabled, not 63");
    }

    @Test
    void rejectsTheDefaultBufferWithConversion() {
        ObjectNode request = conversionRequest(PARQUET_CONVERSION);
        destination(request).remove("BufferingHints");

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request),
                "BufferingHints.SizeInMBs must be at least 64 when DataFormatConversionConfiguration is enabled, not 5");
    }

    @Test
    void rejectsEnabledConversionWithoutItsParts() {
        ObjectNode request = conversionRequest("{}");

        assertInvalidArgument(() -> DeliveryStreamRequests.parseCreateDestination(request),
                "DataFormatConversionConfiguration with Enabled true needs SchemaConfiguration, "
                        + "InputFormatConfiguration.Deserializer (OpenXJsonSerDe or HiveJsonSerDe), OutputFormatConfiguration.Serializer (ParquetSerDe or OrcSerDe)");
    }

    @Test
    void rejectsTwoSerializersAndBadColumnTypes() {
        ObjectNode request = conversionRequest("""
                {"SchemaConfiguration": {},
                 "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {}}},
                 "OutputFormatConfiguration": {"Serializer": {"ParquetSerDe": {}, "OrcSerDe": {}}}}
                """);

        assertThat(failure(() -> DeliveryStreamRequests.parseCreateDestination(request)))
                .hasMessageStartingWith("Serializer takes one of ParquetSerDe and OrcSerDe, not both; "
                        + "DataFormatConversionConfiguration with Enabled true needs OutputFormatConfiguration");

        ObjectNode badType = conversionRequest(PARQUET_CONVERSION.replace("\"double\"", "\"dubble\""));
        HydrantException failure = failure(() -> DeliveryStreamRequests.parseCreateDestination(badType));
        assertThat(failure.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(failure).hasMessageStartingWith("DataFormatConversionConfiguration.SchemaConfiguration.Columns: ").hasMessageContaining("dubble");
    }

    @Test
    void rejectsSerDeSizesBelowAwsMinimums() {
        ObjectNode request = conversionRequest("""
                {"SchemaConfiguration": {},
                 "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {}}},
                 "OutputFormatConfiguration": {"Serializer": {"OrcSerDe": {"StripeSizeBytes": 1024, "RowIndexStride": 10, "PaddingTolerance": 2}}}}
                """);
        String path = DESTINATION + ".dataFormatConversionConfiguration.outputFormatConfiguration.serializer.orcSerDe";

        assertViolations(() -> DeliveryStreamRequests.parseCreateDestination(request),
                violation(2, path + ".paddingTolerance", "Member must have value between 0 and 1"),
                violation(1024, path + ".stripeSizeBytes", "Member must have value greater than or equal to 8388608"),
                violation(10, path + ".rowIndexStride", "Member must have value greater than or equal to 1000"));
    }

    @Test
    void rejectsHiveTimestampFormatsTheWriterCannotUse() {
        ObjectNode request = conversionRequest(PARQUET_CONVERSION.replace("{\"OpenXJsonSerDe\": {}}", "{\"HiveJsonSerDe\": {\"TimestampFormats\": [\"yyyy-MM-dd'\"]}}"));

        assertThat(failure(() -> DeliveryStreamRequests.parseCreateDestination(request)))
                .hasMessageStartingWith("DataFormatConversionConfiguration: TimestampFormats: ");
    }

    @Test
    void updateReplacesOrKeepsTheConversion() {
        S3DestinationConfig current = DeliveryStreamRequests.parseCreateDestination(conversionRequest(PARQUET_CONVERSION));

        S3DestinationConfig kept = DeliveryStreamRequests.parseUpdateDestination(updateRequest("ExtendedS3DestinationUpdate", """
                {"Prefix": "converted/"}"""), current);
        S3DestinationConfig orc = DeliveryStreamRequests.parseUpdateDestination(updateRequest("ExtendedS3DestinationUpdate",
                "{\"DataFormatConversionConfiguration\": " + PARQUET_CONVERSION.replace("ParquetSerDe", "OrcSerDe") + "}"), current);
        S3DestinationConfig off = DeliveryStreamRequests.parseUpdateDestination(updateRequest("ExtendedS3DestinationUpdate", """
                {"DataFormatConversionConfiguration": {"Enabled": false}, "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 0}}"""), current);

        assertThat(kept.dataFormatConversion()).isEqualTo(current.dataFormatConversion());
        assertThat(orc.dataFormatConversion().orcSerDe()).isEqualTo(OrcSerDe.defaults());
        assertThat(orc.defaultFileExtension()).isEqualTo(".orc");
        assertThat(off.dataFormatConversion().enabled()).isFalse();
        assertThat(off.defaultFileExtension()).isEmpty();
    }

    @Test
    void readsBackTheConversionItRenders() {
        S3DestinationConfig destination = DeliveryStreamRequests.parseCreateDestination(conversionRequest(PARQUET_CONVERSION));
        ObjectNode rendered = DeliveryStreamDescriptions.requestFor("clicks", destination, Map.of(), MAPPER);

        assertThat(DeliveryStreamRequests.parseDataFormatConversion(
                rendered.get("ExtendedS3DestinationConfiguration").get("DataFormatConversionConfiguration")))
                .isEqualTo(destination.dataFormatConversion());
        assertThat(DeliveryStreamRequests.parseCreateDestination(rendered)).isEqualTo(destination);
    }

    static final String PARQUET_CONVERSION = """
            {"SchemaConfiguration": {"DatabaseName": "racing", "TableName": "laps",
               "Columns": [{"Name": "car", "Type": "string"}, {"Name": "speed", "Type": "double"}]},
             "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {}}},
             "OutputFormatConfiguration": {"Serializer": {"ParquetSerDe": {}}}}""";

    /** A create request whose destination converts with {@code conversion}, UNCOMPRESSED with a 64 MiB buffer. */
    static ObjectNode conversionRequest(String conversion) {
        ObjectNode request = createRequest();
        destination(request).putObject("BufferingHints").put("SizeInMBs", 64).put("IntervalInSeconds", 0);
        destination(request).set("DataFormatConversionConfiguration", json(conversion));
        return request;
    }

    // Fixtures and assertions

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode createRequest() {
        return json("""
                {"DeliveryStreamName": "clicks",
                 "ExtendedS3DestinationConfiguration": {"RoleARN": "arn:aws:iam::123456789012:role/firehose", "BucketARN": "arn:aws:s3:::clicks"}}
                """);
    }

    private static ObjectNode destination(ObjectNode createRequest) {
        return (ObjectNode) createRequest.get("ExtendedS3DestinationConfiguration");
    }

    private static ObjectNode updateRequest(String member, String update) {
        ObjectNode request = json("{\"DeliveryStreamName\": \"clicks\", \"CurrentDeliveryStreamVersionId\": \"1\", "
                + "\"DestinationId\": \"destinationId-000000000001\"}");
        request.set(member, json(update));
        return request;
    }

    private static S3DestinationConfig fullDestination() {
        return new S3DestinationConfig(ROLE, BUCKET, "raw/", "errors/", new BufferingHints(64, 60), CompressionFormat.GZIP,
                new CloudWatchLoggingOptions(true, "group", "stream"),
                new ProcessingConfiguration(false, List.of(new Processor("AppendDelimiterToRecord", Map.of()))),
                ".json.gz", "Asia/Tokyo");
    }

    private static void addProcessor(ObjectNode processingConfiguration, String type) {
        ArrayNode processors = processingConfiguration.has("Processors")
                ? (ArrayNode) processingConfiguration.get("Processors")
                : processingConfiguration.putArray("Processors");
        processors.addObject().put("Type", type).putArray("Parameters").addObject().put("ParameterName", "Delimiter").put("ParameterValue", "IyMjIw==");
    }

    private static ArrayNode tags(int count) {
        ArrayNode tags = MAPPER.createArrayNode();
        for (int index = 0; index < count; index++) {
            tags.addObject().put("Key", "key" + index).put("Value", "value" + index);
        }
        return tags;
    }

    private static String violation(Object value, String path, String constraint) {
        return "Value '" + value + "' at '" + path + "' failed to satisfy constraint: " + constraint;
    }

    private static HydrantException failure(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(HydrantException.class);
        return (HydrantException) thrown;
    }

    private static void assertFailure(ThrowingCallable call, ErrorCode errorCode, String message) {
        HydrantException failure = failure(call);
        assertThat(failure.errorCode()).isEqualTo(errorCode);
        assertThat(failure).hasMessage(message);
    }

    private static void assertViolations(ThrowingCallable call, String... violations) {
        String count = violations.length == 1 ? "1 validation error" : violations.length + " validation errors";
        assertFailure(call, ErrorCode.VALIDATION, count + " detected: " + String.join("; ", violations));
    }

    private static void assertInvalidArgument(ThrowingCallable call, String message) {
        assertFailure(call, ErrorCode.INVALID_ARGUMENT, message);
    }
}
