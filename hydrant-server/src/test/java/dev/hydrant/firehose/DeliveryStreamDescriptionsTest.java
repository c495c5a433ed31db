package dev.hydrant.firehose;

import static dev.hydrant.firehose.DeliveryStreamRequestsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.control.BufferingHints;
import dev.hydrant.control.CloudWatchLoggingOptions;
import dev.hydrant.control.CompressionFormat;
import dev.hydrant.control.DeliveryStream;
import dev.hydrant.control.DeliveryStreamStatus;
import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.control.ProcessingConfiguration.Processor;
import dev.hydrant.control.S3DestinationConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryStreamDescriptionsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ARN = "arn:aws:firehose:us-east-1:123456789012:deliverystream/clicks";
    private static final long CREATED = 1_700_000_000_123L;
    private static final long UPDATED = 1_700_000_360_500L;

    @Test
    void describesMinimalStreamLikeAws() {
        S3DestinationConfig destination = DeliveryStreamRequests.parseCreateDestination(json("""
                {"DeliveryStreamName": "clicks",
                 "ExtendedS3DestinationConfiguration": {"RoleARN": "arn:aws:iam::123456789012:role/r", "BucketARN": "arn:aws:s3:::b"}}
                """));

        ObjectNode description = DeliveryStreamDescriptions.describe(stream(1, destination, true), MAPPER);

        assertThat(description).isEqualTo(json("""
                {"DeliveryStreamName": "clicks",
                 "DeliveryStreamARN": "arn:aws:firehose:us-east-1:123456789012:deliverystream/clicks",
                 "DeliveryStreamStatus": "ACTIVE",
                 "DeliveryStreamEncryptionConfiguration": {"Status": "DISABLED"},
                 "DeliveryStreamType": "DirectPut",
                 "VersionId": "1",
                 "CreateTimestamp": 1700000000.123,
                 "LastUpdateTimestamp": 1700000360.5,
                 "Source": {"DirectPutSourceDescription": {}},
                 "Destinations": [{
                   "DestinationId": "destinationId-000000000001",
                   "ExtendedS3DestinationDescription": {
                     "RoleARN": "arn:aws:iam::123456789012:role/r", "BucketARN": "arn:aws:s3:::b", "Prefix": "",
                     "BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 300}, "CompressionFormat": "UNCOMPRESSED",
                     "EncryptionConfiguration": {"NoEncryptionConfig": "NoEncryption"}, "CloudWatchLoggingOptions": {"Enabled": false},
                     "S3BackupMode": "Disabled"},
                   "S3DestinationDescription": {
                     "RoleARN": "arn:aws:iam::123456789012:role/r", "BucketARN": "arn:aws:s3:::b", "Prefix": "",
                     "BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 300}, "CompressionFormat": "UNCOMPRESSED",
                     "EncryptionConfiguration": {"NoEncryptionConfig": "NoEncryption"}, "CloudWatchLoggingOptions": {"Enabled": false}}}],
                 "HasMoreDestinations": false}
                """));
    }

    @Test
    void writesVersionAsDigitStringAndTimestampsAsEpochSecondNumbers() {
        ObjectNode description = DeliveryStreamDescriptions.describe(stream(12, fullDestination(), true), MAPPER);

        assertThat(description.get("VersionId").isTextual()).isTrue();
        assertThat(description.get("VersionId").textValue()).isEqualTo("12");
        assertThat(description.get("CreateTimestamp").isNumber()).isTrue();
        assertThat(description.get("CreateTimestamp").doubleValue()).isEqualTo(1_700_000_000.123);
        assertThat(description.get("LastUpdateTimestamp").doubleValue()).isEqualTo(1_700_000_360.5);
        assertThat(description.get("HasMoreDestinations").isBoolean()).isTrue();
    }

    @Test
    void describesEverySetMemberInExtendedDescriptionAndReducedOnesInS3Description() {
        JsonNode destination = DeliveryStreamDescriptions.describe(stream(2, fullDestination(), true), MAPPER).get("Destinations").get(0);

        assertThat(destination.get("ExtendedS3DestinationDescription")).isEqualTo(json("""
                {"RoleARN": "arn:aws:iam::123456789012:role/r", "BucketARN": "arn:aws:s3:::b",
                 "Prefix": "year=!{timestamp:yyyy}/", "ErrorOutputPrefix": "errors/!{firehose:error-output-type}/",
                 "BufferingHints": {"SizeInMBs": 128, "IntervalInSeconds": 0}, "CompressionFormat": "HADOOP_SNAPPY",
                 "EncryptionConfiguration": {"NoEncryptionConfig": "NoEncryption"},
                 "CloudWatchLoggingOptions": {"Enabled": true, "LogGroupName": "group", "LogStreamName": "stream"},
                 "ProcessingConfiguration": {"Enabled": false, "Processors": [
                   {"Type": "AppendDelimiterToRecord", "Parameters": [{"ParameterName": "Delimiter", "ParameterValue": "Cg=="}]}]},
                 "S3BackupMode": "Disabled", "FileExtension": ".log", "CustomTimeZone": "Europe/Paris"}
                """));
        assertThat(destination.get("S3DestinationDescription")).isEqualTo(json("""
                {"RoleARN": "arn:aws:iam::123456789012:role/r", "BucketARN": "arn:aws:s3:::b",
                 "Prefix": "year=!{timestamp:yyyy}/", "ErrorOutputPrefix": "errors/!{firehose:error-output-type}/",
                 "BufferingHints": {"SizeInMBs": 128, "IntervalInSeconds": 0}, "CompressionFormat": "HADOOP_SNAPPY",
                 "EncryptionConfiguration": {"NoEncryptionConfig": "NoEncryption"},
                 "CloudWatchLoggingOptions": {"Enabled": true, "LogGroupName": "group", "LogStreamName": "stream"}}
                """));
    }

    @Test
    void describesStreamCreatedWithDeprecatedShapeAsExtendedS3Too() {
        ObjectNode extended = DeliveryStreamDescriptions.describe(stream(1, fullDestination(), true), MAPPER);
        ObjectNode deprecated = DeliveryStreamDescriptions.describe(stream(1, fullDestination(), false), MAPPER);

        assertThat(deprecated).isEqualTo(extended);
    }

    @Test
    void describesEachStatus() {
        DeliveryStream creating = new DeliveryStream("clicks", ARN, DeliveryStreamStatus.CREATING, 1, CREATED, CREATED,
                DeliveryStream.DESTINATION_ID, true, fullDestination(), Map.of());

        assertThat(DeliveryStreamDescriptions.describe(creating, MAPPER).get("DeliveryStreamStatus").textValue()).isEqualTo("CREATING");
    }

    @Test
    void requestForLeavesOutUnsetMembersAndEmptyTags() {
        S3DestinationConfig minimal = new S3DestinationConfig("arn:aws:iam::123456789012:role/r", "arn:aws:s3:::b", null, null,
                BufferingHints.defaults(), CompressionFormat.UNCOMPRESSED, CloudWatchLoggingOptions.disabled(), ProcessingConfiguration.disabled(), null, null);

        ObjectNode request = DeliveryStreamDescriptions.requestFor("clicks", minimal, Map.of(), MAPPER);

        assertThat(request).isEqualTo(json("""
                {"DeliveryStreamName": "clicks", "DeliveryStreamType": "DirectPut",
                 "ExtendedS3DestinationConfiguration": {"RoleARN": "arn:aws:iam::123456789012:role/r", "BucketARN": "arn:aws:s3:::b",
                   "BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 300}, "CompressionFormat": "UNCOMPRESSED",
                   "EncryptionConfiguration": {"NoEncryptionConfig": "NoEncryption"}, "CloudWatchLoggingOptions": {"Enabled": false},
                   "S3BackupMode": "Disabled"}}
                """));
        assertThat(DeliveryStreamRequests.parseCreateDestination(request)).isEqualTo(minimal);
    }

    @Test
    void createThenDescribeThenRequestForRoundTrips() {
        ObjectNode createRequest = json("""
                {"DeliveryStreamName": "clicks",
                 "ExtendedS3DestinationConfiguration": {
                   "RoleARN": "arn:aws:iam::123456789012:role/r", "BucketARN": "arn:aws:s3:::b",
                   "Prefix": "year=!{timestamp:yyyy}/", "ErrorOutputPrefix": "errors/!{firehose:error-output-type}/",
                   "BufferingHints": {"SizeInMBs": 128, "IntervalInSeconds": 0}, "CompressionFormat": "HADOOP_SNAPPY",
                   "CloudWatchLoggingOptions": {"Enabled": true, "LogGroupName": "group", "LogStreamName": "stream"},
                   "ProcessingConfiguration": {"Enabled": false, "Processors": [
                     {"Type": "AppendDelimiterToRecord", "Parameters": [{"ParameterName": "Delimiter", "ParameterValue": "Cg=="}]}]},
                   "FileExtension": ".log", "CustomTimeZone": "Europe/Paris"},
                 "Tags": [{"Key": "team", "Value": "data"}, {"Key": "tier", "Value": "gold"}]}
                """);
        S3DestinationConfig destination = DeliveryStreamRequests.parseCreateDestination(createRequest);
        Map<String, String> tags = DeliveryStreamRequests.parseTags(createRequest.get("Tags"), "tags");
        DeliveryStream stream = new DeliveryStream("clicks", ARN, DeliveryStreamStatus.ACTIVE, 1, CREATED, CREATED,
                DeliveryStream.DESTINATION_ID, true, destination, tags);

        ObjectNode extendedDescription = (ObjectNode) DeliveryStreamDescriptions.describe(stream, MAPPER)
                .get("Destinations").get(0).get("ExtendedS3DestinationDescription");
        ObjectNode recreated = DeliveryStreamDescriptions.requestFor(stream.name(), stream.destination(), stream.tags(), MAPPER);

        assertThat(destination).isEqualTo(fullDestination());
        assertThat(recreated.get("ExtendedS3DestinationConfiguration")).isEqualTo(extendedDescription);
        assertThat(DeliveryStreamRequests.parseCreateDestination(recreated)).isEqualTo(destination);
        assertThat(DeliveryStreamRequests.parseTags(recreated.get("Tags"), "tags")).isEqualTo(tags);
        assertThat(recreated.get("DeliveryStreamName").textValue()).isEqualTo("clicks");
    }

    @Test
    void requestForRoundTripsTheDeprecatedShapeDefaults() {
        S3DestinationConfig destination = DeliveryStreamRequests.parseCreateDestination(json("""
                {"DeliveryStreamName": "clicks",
                 "S3DestinationConfiguration": {"RoleARN": "arn:aws:iam::123456789012:role/r", "BucketARN": "arn:aws:s3:::b", "Prefix": ""}}
                """));

        ObjectNode recreated = DeliveryStreamDescriptions.requestFor("clicks", destination, Map.of(), MAPPER);

        assertThat(DeliveryStreamRequests.parseCreateDestination(recreated)).isEqualTo(destination);
    }

    @Test
    void describesDataFormatConversionWithEveryMemberAndTheColumns() {
        S3DestinationConfig destination = DeliveryStreamRequests.parseCreateDestination(
                DeliveryStreamRequestsTest.conversionRequest(DeliveryStreamRequestsTest.PARQUET_CONVERSION));

        JsonNode described = DeliveryStreamDescriptions.describe(stream(1, destination, true), MAPPER)
                .path("Destinations").path(0).path("ExtendedS3DestinationDescription");

        // rendered long members compare by value, so through text
        assertThat(json(described.get("DataFormatConversionConfiguration").toString())).isEqualTo(json("""
                {"SchemaConfiguration": {"DatabaseName": "racing", "TableName": "laps",
                   "Columns": [{"Name": "car", "Type": "string"}, {"Name": "speed", "Type": "double"}]},
                 "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {"ConvertDotsInJsonKeysToUnderscores": false, "CaseInsensitive": true}}},
                 "OutputFormatConfiguration": {"Serializer": {"ParquetSerDe": {"BlockSizeBytes": 268435456, "PageSizeBytes": 1048576,
                   "Compression": "SNAPPY", "EnableDictionaryCompression": true, "MaxPaddingBytes": 0, "WriterVersion": "V1"}}},
                 "Enabled": true}
                """));
        assertThat(DeliveryStreamDescriptions.describe(stream(1, destination, true), MAPPER)
                .path("Destinations").path(0).path("S3DestinationDescription").has("DataFormatConversionConfiguration")).isFalse();
    }

    @Test
    void describesOrcAndLeavesOutAnUnconfiguredConversion() {
        S3DestinationConfig destination = DeliveryStreamRequests.parseCreateDestination(DeliveryStreamRequestsTest.conversionRequest(
                DeliveryStreamRequestsTest.PARQUET_CONVERSION.replace("ParquetSerDe", "OrcSerDe")));

        JsonNode orc = DeliveryStreamDescriptions.describe(stream(1, destination, true), MAPPER)
                .path("Destinations").path(0).path("ExtendedS3DestinationDescription").path("DataFormatConversionConfiguration");
        JsonNode plain = DeliveryStreamDescriptions.describe(stream(1, destination.withDataFormatConversion(
                        dev.hydrant.control.DataFormatConversion.disabled()), true), MAPPER)
                .path("Destinations").path(0).path("ExtendedS3DestinationDescription");

        assertThat(json(orc.path("OutputFormatConfiguration").path("Serializer").get("OrcSerDe").toString())).isEqualTo(json("""
                {"StripeSizeBytes": 67108864, "BlockSizeBytes": 268435456, "RowIndexStride": 10000, "EnablePadding": false,
                 "PaddingTolerance": 0.05, "Compression": "SNAPPY", "BloomFilterFalsePositiveProbability": 0.05,
                 "DictionaryKeyThreshold": 0.8, "FormatVersion": "V0_12"}
                """));
        assertThat(plain.has("DataFormatConversionConfiguration")).isFalse();
    }

    private static DeliveryStream stream(long versionId, S3DestinationConfig destination, boolean extendedS3) {
        return new DeliveryStream("clicks", ARN, DeliveryStreamStatus.ACTIVE, versionId, CREATED, UPDATED,
                DeliveryStream.DESTINATION_ID, extendedS3, destination, Map.of("team", "data"));
    }

    private static S3DestinationConfig fullDestination() {
        return new S3DestinationConfig("arn:aws:iam::123456789012:role/r", "arn:aws:s3:::b", "year=!{timestamp:yyyy}/",
                "errors/!{firehose:error-output-type}/", new BufferingHints(128, 0), CompressionFormat.HADOOP_SNAPPY,
                new CloudWatchLoggingOptions(true, "group", "stream"),
                new ProcessingConfiguration(false, List.of(new Processor("AppendDelimiterToRecord", Map.of("Delimiter", "Cg==")))),
                ".log", "Europe/Paris");
    }
}
