package dev.hydrant.pipeline;

import dev.hydrant.control.CloudWatchLoggingOptions;
import dev.hydrant.control.DataFormatConversion;
import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.spi.FormatConversionConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The destination settings a pipeline file manages, as display values keyed by their pipeline-file names, with
 * Firehose's defaults filled in, so that a destination described by a server and one read from a file compare
 * equal when they behave the same: an unset Prefix equals {@code ""}, an unset CustomTimeZone equals UTC, and so on.
 */
final class DestinationFields {
    static final String UNSET = "(unset)";
    static final String NONE = "(none)";
    static final String PROCESSING = "processing";
    private static final String DEFAULT_TIME_ZONE = "UTC";

    private DestinationFields() {}

    /** The managed fields of {@code destination}, in pipeline-file order. The role ARN is not one: Hydrant ignores it. */
    static Map<String, String> of(S3DestinationConfig destination) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("bucket", destination.bucketName());
        fields.put("prefix", quote(orEmpty(destination.prefix())));
        fields.put("errorOutputPrefix", quotedOrUnset(destination.errorOutputPrefix()));
        fields.put("buffering.sizeMiB", Integer.toString(destination.bufferingHints().sizeInMBs()));
        fields.put("buffering.intervalSeconds", Integer.toString(destination.bufferingHints().intervalInSeconds()));
        fields.put("compression", destination.compressionFormat().wireName());
        fields.put("fileExtension", quotedOrUnset(destination.fileExtension()));
        fields.put("timeZone", orEmpty(destination.customTimeZone()).isEmpty() ? DEFAULT_TIME_ZONE : destination.customTimeZone());
        CloudWatchLoggingOptions logging = destination.cloudWatchLoggingOptions();
        fields.put("logging.logGroup", logging.enabled() ? quotedOrUnset(logging.logGroupName()) : UNSET);
        fields.put("logging.logStream", logging.enabled() ? quotedOrUnset(logging.logStreamName()) : UNSET);
        fields.put(PROCESSING, processing(destination.processingConfiguration()));
        S3DestinationConfig backup = destination.backup();
        fields.put("backup.bucket", backup == null ? UNSET : backup.bucketName());
        fields.put("backup.prefix", backup == null ? UNSET : quote(orEmpty(backup.prefix())));
        fields.put("backup.compression", backup == null ? UNSET : backup.compressionFormat().wireName());
        fields.put("dynamicPartitioning", destination.dynamicPartitioning().enabled() ? "true" : UNSET);
        fields.put(PipelineReader.FORMAT_CONVERSION, formatConversion(destination.dataFormatConversion()));
        return fields;
    }

    /** The fields whose values differ, as {@code field: before -> after}. */
    static List<Change.FieldChange> diff(S3DestinationConfig before, S3DestinationConfig after) {
        Map<String, String> beforeFields = of(before);
        Map<String, String> afterFields = of(after);
        List<Change.FieldChange> changes = new ArrayList<>();
        afterFields.forEach((field, afterValue) -> {
            String beforeValue = beforeFields.get(field);
            if (!afterValue.equals(beforeValue)) {
                changes.add(new Change.FieldChange(field, beforeValue, afterValue));
            }
        });
        return changes;
    }

    /** A string as a JSON string literal, so that empty values and spaces stay visible. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String quotedOrUnset(String value) {
        return orEmpty(value).isEmpty() ? UNSET : quote(value);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Only what a pipeline file can say: the output, its compression, the input, the table and the schema. */
    private static String formatConversion(DataFormatConversion conversion) {
        if (!conversion.enabled()) {
            return UNSET;
        }
        String output = conversion.parquetSerDe() != null
                ? "parquet(" + conversion.parquetSerDe().compression() + ")"
                : "orc(" + conversion.orcSerDe().compression() + ")";
        FormatConversionConfig.OpenXJsonSerDe openX = conversion.openXJsonSerDe();
        String input = openX != null
                ? "openx(caseInsensitive=" + openX.caseInsensitive() + ", convertDotsInJsonKeysToUnderscores=" + openX.convertDotsInJsonKeysToUnderscores()
                        + ", columnToJsonKeyMappings=" + new TreeMap<>(openX.columnToJsonKeyMappings()) + ")"
                : "hive(timestampFormats=" + conversion.hiveJsonSerDe().timestampFormats() + ")";
        DataFormatConversion.SchemaConfiguration table = conversion.schemaConfiguration();
        String schema = conversion.columns().isEmpty()
                ? PipelineReader.INFERRED_SCHEMA
                : conversion.columns().stream().map(column -> column.name() + ":" + column.type()).collect(Collectors.joining(", ", "[", "]"));
        return output + " from " + input + " table=" + table.databaseName() + "." + table.tableName() + " schema=" + schema;
    }

    private static String processing(ProcessingConfiguration processing) {
        if (!processing.enabled() || processing.processors().isEmpty()) {
            return NONE;
        }
        return processing.processors().stream()
                .map(processor -> processor.type() + processor.parameters().entrySet().stream()
                        .map(parameter -> parameter.getKey() + "=" + parameter.getValue())
                        .sorted()
                        .collect(Collectors.joining(", ", "(", ")")))
                .collect(Collectors.joining(", "));
    }
}
