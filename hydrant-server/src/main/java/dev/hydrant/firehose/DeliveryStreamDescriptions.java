package dev.hydrant.firehose;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.control.BufferingHints;
import dev.hydrant.control.CloudWatchLoggingOptions;
import dev.hydrant.control.DataFormatConversion;
import dev.hydrant.control.DeliveryStream;
import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.spi.FormatConversionConfig.HiveJsonSerDe;
import dev.hydrant.spi.FormatConversionConfig.OpenXJsonSerDe;
import dev.hydrant.spi.FormatConversionConfig.OrcSerDe;
import dev.hydrant.spi.FormatConversionConfig.ParquetSerDe;
import java.util.Map;
import java.util.TreeMap;

/** Renders the delivery-stream model as Firehose JSON: DescribeDeliveryStream output and CreateDeliveryStream input. */
public final class DeliveryStreamDescriptions {
    private DeliveryStreamDescriptions() {}

    /**
     * The {@code DeliveryStreamDescription} object of DescribeDeliveryStream, shaped like real AWS output: VersionId is
     * a digit string, timestamps are epoch seconds with a millisecond fraction, defaults are materialised (Prefix
     * {@code ""}, BufferingHints, NoEncryption, S3BackupMode Disabled) and optional members appear only when set.
     *
     * <p>The one destination always carries both an {@code ExtendedS3DestinationDescription} and the reduced
     * {@code S3DestinationDescription}, whichever shape created it ({@link DeliveryStream#extendedS3()} is not
     * consulted): AWS stores every S3 destination as ExtendedS3 and describes it so. ProcessingConfiguration appears
     * when enabled or when it lists processors; S3BackupDescription when S3BackupMode is Enabled;
     * DynamicPartitioningConfiguration when enabled; DataFormatConversionConfiguration when it was configured (enabled,
     * or disabled with members), every SerDe member materialised, and with Hydrant's
     * {@code SchemaConfiguration.Columns} when the table's columns were given.
     */
    public static ObjectNode describe(DeliveryStream stream, ObjectMapper mapper) {
        requireNonNull(stream, "stream is null");
        requireNonNull(mapper, "mapper is null");
        ObjectNode description = mapper.createObjectNode();
        description.put("DeliveryStreamName", stream.name());
        description.put("DeliveryStreamARN", stream.arn());
        description.put("DeliveryStreamStatus", stream.status().name());
        description.putObject("DeliveryStreamEncryptionConfiguration").put("Status", "DISABLED");
        description.put("DeliveryStreamType", DeliveryStream.TYPE_DIRECT_PUT);
        description.put("VersionId", Long.toString(stream.versionId()));
        description.put("CreateTimestamp", epochSeconds(stream.createTimestamp()));
        description.put("LastUpdateTimestamp", epochSeconds(stream.lastUpdateTimestamp()));
        description.putObject("Source").putObject("DirectPutSourceDescription");
        ObjectNode destination = description.putArray("Destinations").addObject();
        destination.put("DestinationId", stream.destinationId());
        putS3Members(destination.putObject("ExtendedS3DestinationDescription"), stream.destination(), true, true);
        putS3Members(destination.putObject("S3DestinationDescription"), stream.destination(), false, true);
        description.put("HasMoreDestinations", false);
        return description;
    }

    /**
     * A CreateDeliveryStream body (DirectPut, {@code ExtendedS3DestinationConfiguration}) for the given model that
     * {@link DeliveryStreamRequests#parseCreateDestination} and {@link DeliveryStreamRequests#parseTags} read back
     * to equal values. Unset optional members are left out; Tags is left out when there are none.
     */
    public static ObjectNode requestFor(String name, S3DestinationConfig destination, Map<String, String> tags, ObjectMapper mapper) {
        requireNonNull(name, "name is null");
        requireNonNull(destination, "destination is null");
        requireNonNull(tags, "tags is null");
        requireNonNull(mapper, "mapper is null");
        ObjectNode request = mapper.createObjectNode();
        request.put("DeliveryStreamName", name);
        request.put("DeliveryStreamType", DeliveryStream.TYPE_DIRECT_PUT);
        putS3Members(request.putObject(DeliveryStreamRequests.EXTENDED_S3_CONFIGURATION), destination, true, false);
        if (!tags.isEmpty()) {
            ArrayNode tagsArray = request.putArray("Tags");
            tags.forEach((key, value) -> tagsArray.addObject().put("Key", key).put("Value", value));
        }
        return request;
    }

    private static void putS3Members(ObjectNode node, S3DestinationConfig destination, boolean extended, boolean materialiseDefaults) {
        node.put("RoleARN", destination.roleArn());
        node.put("BucketARN", destination.bucketArn());
        if (destination.prefix() != null || materialiseDefaults) {
            node.put("Prefix", destination.prefix() == null ? "" : destination.prefix());
        }
        putIfSet(node, "ErrorOutputPrefix", destination.errorOutputPrefix());
        BufferingHints bufferingHints = destination.bufferingHints();
        node.putObject("BufferingHints")
                .put("SizeInMBs", bufferingHints.sizeInMBs())
                .put("IntervalInSeconds", bufferingHints.intervalInSeconds());
        node.put("CompressionFormat", destination.compressionFormat().wireName());
        node.putObject("EncryptionConfiguration").put("NoEncryptionConfig", "NoEncryption");
        CloudWatchLoggingOptions logging = destination.cloudWatchLoggingOptions();
        ObjectNode loggingNode = node.putObject("CloudWatchLoggingOptions").put("Enabled", logging.enabled());
        putIfSet(loggingNode, "LogGroupName", logging.logGroupName());
        putIfSet(loggingNode, "LogStreamName", logging.logStreamName());
        if (!extended) {
            return;
        }
        ProcessingConfiguration processing = destination.processingConfiguration();
        if (processing.enabled() || !processing.processors().isEmpty()) {
            ObjectNode processingNode = node.putObject("ProcessingConfiguration").put("Enabled", processing.enabled());
            ArrayNode processors = processingNode.putArray("Processors");
            for (ProcessingConfiguration.Processor processor : processing.processors()) {
                ObjectNode processorNode = processors.addObject().put("Type", processor.type());
                ArrayNode parameters = processorNode.putArray("Parameters");
                processor.parameters().forEach((parameterName, parameterValue) ->
                        parameters.addObject().put("ParameterName", parameterName).put("ParameterValue", parameterValue));
            }
        }
        node.put("S3BackupMode", destination.backupEnabled() ? "Enabled" : "Disabled");
        if (destination.backupEnabled()) {
            putS3Members(node.putObject(materialiseDefaults ? "S3BackupDescription" : "S3BackupConfiguration"), destination.backup(), false, materialiseDefaults);
        }
        if (destination.dynamicPartitioning().enabled()) {
            node.putObject("DynamicPartitioningConfiguration")
                    .put("Enabled", true)
                    .putObject("RetryOptions").put("DurationInSeconds", destination.dynamicPartitioning().retryDurationInSeconds());
        }
        DataFormatConversion conversion = destination.dataFormatConversion();
        if (!conversion.equals(DataFormatConversion.disabled())) {
            putDataFormatConversion(node.putObject("DataFormatConversionConfiguration"), conversion);
        }
        putIfSet(node, "FileExtension", destination.fileExtension());
        putIfSet(node, "CustomTimeZone", destination.customTimeZone());
    }

    private static void putDataFormatConversion(ObjectNode node, DataFormatConversion conversion) {
        DataFormatConversion.SchemaConfiguration schema = conversion.schemaConfiguration();
        ObjectNode schemaNode = node.putObject("SchemaConfiguration");
        putIfSet(schemaNode, "RoleARN", schema.roleArn());
        putIfSet(schemaNode, "CatalogId", schema.catalogId());
        putIfSet(schemaNode, "DatabaseName", schema.databaseName());
        putIfSet(schemaNode, "TableName", schema.tableName());
        putIfSet(schemaNode, "Region", schema.region());
        putIfSet(schemaNode, "VersionId", schema.versionId());
        if (!conversion.columns().isEmpty()) {
            ArrayNode columns = schemaNode.putArray("Columns");
            conversion.columns().forEach(column -> columns.addObject().put("Name", column.name()).put("Type", column.type()));
        }
        OpenXJsonSerDe openX = conversion.openXJsonSerDe();
        HiveJsonSerDe hive = conversion.hiveJsonSerDe();
        if (openX != null || hive != null) {
            ObjectNode deserializer = node.putObject("InputFormatConfiguration").putObject("Deserializer");
            if (openX != null) {
                ObjectNode openXNode = deserializer.putObject("OpenXJsonSerDe")
                        .put("ConvertDotsInJsonKeysToUnderscores", openX.convertDotsInJsonKeysToUnderscores())
                        .put("CaseInsensitive", openX.caseInsensitive());
                if (!openX.columnToJsonKeyMappings().isEmpty()) {
                    ObjectNode mappings = openXNode.putObject("ColumnToJsonKeyMappings");
                    new TreeMap<>(openX.columnToJsonKeyMappings()).forEach(mappings::put);
                }
            }
            else {
                ArrayNode formats = deserializer.putObject("HiveJsonSerDe").putArray("TimestampFormats");
                hive.timestampFormats().forEach(formats::add);
            }
        }
        ParquetSerDe parquet = conversion.parquetSerDe();
        OrcSerDe orc = conversion.orcSerDe();
        if (parquet != null || orc != null) {
            ObjectNode serializer = node.putObject("OutputFormatConfiguration").putObject("Serializer");
            if (parquet != null) {
                serializer.putObject("ParquetSerDe")
                        .put("BlockSizeBytes", parquet.blockSizeBytes())
                        .put("PageSizeBytes", parquet.pageSizeBytes())
                        .put("Compression", parquet.compression().name())
                        .put("EnableDictionaryCompression", parquet.enableDictionaryCompression())
                        .put("MaxPaddingBytes", parquet.maxPaddingBytes())
                        .put("WriterVersion", parquet.writerVersion().name());
            }
            else {
                ObjectNode orcNode = serializer.putObject("OrcSerDe")
                        .put("StripeSizeBytes", orc.stripeSizeBytes())
                        .put("BlockSizeBytes", orc.blockSizeBytes())
                        .put("RowIndexStride", orc.rowIndexStride())
                        .put("EnablePadding", orc.enablePadding())
                        .put("PaddingTolerance", orc.paddingTolerance())
                        .put("Compression", orc.compression().name())
                        .put("BloomFilterFalsePositiveProbability", orc.bloomFilterFalsePositiveProbability())
                        .put("DictionaryKeyThreshold", orc.dictionaryKeyThreshold())
                        .put("FormatVersion", orc.formatVersion().name());
                if (!orc.bloomFilterColumns().isEmpty()) {
                    ArrayNode columns = orcNode.putArray("BloomFilterColumns");
                    orc.bloomFilterColumns().forEach(columns::add);
                }
            }
        }
        node.put("Enabled", conversion.enabled());
    }

    private static void putIfSet(ObjectNode node, String member, String value) {
        if (value != null) {
            node.put(member, value);
        }
    }

    private static double epochSeconds(long epochMillis) {
        return epochMillis / 1000.0;
    }
}
