package dev.hydrant.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hydrant.spi.SqlApplication.Column;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A SQL application's settings as display fields, from a pipeline file or from DescribeApplication, so that a plan can
 * show what differs ({@code inputs[0].parallelism: 1 -> 2}). Outputs and reference tables are keyed by their in-app
 * names; the code is shown by size and digest.
 */
final class ApplicationFields {
    private ApplicationFields() {}

    static Map<String, String> of(ApplicationSpec application) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("description", DestinationFields.quote(application.description()));
        fields.put("code", code(application.code()));
        for (int index = 0; index < application.inputs().size(); index++) {
            ApplicationSpec.InputSpec input = application.inputs().get(index);
            String path = "inputs[" + index + "].";
            fields.put(path + "namePrefix", input.namePrefix());
            fields.put(path + "deliveryStream", input.deliveryStream());
            fields.put(path + "parallelism", Integer.toString(input.parallelism()));
            fields.put(path + "format", format(input.format(), input.recordRowPath(), input.recordRowDelimiter(), input.recordColumnDelimiter()));
            fields.put(path + "columns", columns(input.columns()));
        }
        for (ApplicationSpec.OutputSpec output : application.outputs()) {
            fields.put("outputs." + output.name(), output.deliveryStream() + " as " + output.format());
        }
        for (ApplicationSpec.ReferenceTableSpec table : application.referenceTables()) {
            fields.put("referenceTables." + table.tableName(), table.bucket() + "/" + table.key() + " as "
                    + format(table.format(), table.recordRowPath(), table.recordRowDelimiter(), table.recordColumnDelimiter()) + ", " + columns(table.columns()));
        }
        return fields;
    }

    /** The same fields from an ApplicationDetail. */
    static Map<String, String> of(JsonNode detail) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("description", DestinationFields.quote(detail.path("ApplicationDescription").asText("")));
        fields.put("code", code(detail.path("ApplicationCode").asText("")));
        int index = 0;
        for (JsonNode input : detail.path("InputDescriptions")) {
            String path = "inputs[" + index++ + "].";
            fields.put(path + "namePrefix", input.path("NamePrefix").asText());
            fields.put(path + "deliveryStream", deliveryStreamOf(input.path("KinesisFirehoseInputDescription").path("ResourceARN").asText()));
            fields.put(path + "parallelism", Integer.toString(input.path("InputParallelism").path("Count").asInt(1)));
            fields.put(path + "format", format(input.path("InputSchema").path("RecordFormat")));
            fields.put(path + "columns", columns(columnsOf(input.path("InputSchema").path("RecordColumns"))));
        }
        for (JsonNode output : detail.path("OutputDescriptions")) {
            fields.put("outputs." + output.path("Name").asText(), deliveryStreamOf(output.path("KinesisFirehoseOutputDescription").path("ResourceARN").asText())
                    + " as " + output.path("DestinationSchema").path("RecordFormatType").asText());
        }
        for (JsonNode table : detail.path("ReferenceDataSourceDescriptions")) {
            JsonNode s3 = table.path("S3ReferenceDataSourceDescription");
            String bucketArn = s3.path("BucketARN").asText();
            fields.put("referenceTables." + table.path("TableName").asText(), bucketArn.substring(bucketArn.lastIndexOf(':') + 1) + "/" + s3.path("FileKey").asText()
                    + " as " + format(table.path("ReferenceSchema").path("RecordFormat")) + ", " + columns(columnsOf(table.path("ReferenceSchema").path("RecordColumns"))));
        }
        return fields;
    }

    static List<Change.FieldChange> diff(JsonNode detail, ApplicationSpec application) {
        Map<String, String> before = of(detail);
        Map<String, String> after = of(application);
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<Change.FieldChange> changes = new ArrayList<>();
        for (String key : keys) {
            String beforeValue = before.getOrDefault(key, DestinationFields.UNSET);
            String afterValue = after.getOrDefault(key, DestinationFields.UNSET);
            if (!beforeValue.equals(afterValue)) {
                changes.add(new Change.FieldChange(key, beforeValue, afterValue));
            }
        }
        return changes;
    }

    static String deliveryStreamOf(String firehoseArn) {
        int at = firehoseArn.indexOf(":deliverystream/");
        return at < 0 ? firehoseArn : firehoseArn.substring(at + ":deliverystream/".length());
    }

    static List<Column> columnsOf(JsonNode recordColumns) {
        List<Column> columns = new ArrayList<>();
        for (JsonNode column : recordColumns) {
            columns.add(new Column(column.path("Name").asText(), column.path("SqlType").asText(), column.hasNonNull("Mapping") ? column.get("Mapping").asText() : null));
        }
        return columns;
    }

    private static String format(JsonNode recordFormat) {
        JsonNode mapping = recordFormat.path("MappingParameters");
        String type = recordFormat.path("RecordFormatType").asText();
        return type.equals("JSON")
                ? format(type, mapping.path("JSONMappingParameters").path("RecordRowPath").asText("$"), null, null)
                : format(type, null, mapping.path("CSVMappingParameters").path("RecordRowDelimiter").asText("\n"),
                        mapping.path("CSVMappingParameters").path("RecordColumnDelimiter").asText(","));
    }

    private static String format(String type, String recordRowPath, String rowDelimiter, String columnDelimiter) {
        if (type.equals("JSON")) {
            return "JSON, recordRowPath " + (recordRowPath == null ? "$" : recordRowPath);
        }
        return type + ", rows " + DestinationFields.quote(rowDelimiter == null ? "\n" : rowDelimiter)
                + ", columns " + DestinationFields.quote(columnDelimiter == null ? "," : columnDelimiter);
    }

    private static String columns(List<Column> columns) {
        String all = columns.stream().map(column -> column.name() + " " + column.sqlType() + (column.mapping() == null ? "" : " " + column.mapping()))
                .collect(Collectors.joining(", "));
        return all.length() <= 100 ? "[" + all + "]" : columns.size() + " columns (sha256 " + digest(all) + ")";
    }

    private static String code(String code) {
        if (code.isEmpty()) {
            return DestinationFields.UNSET;
        }
        return code.lines().count() + " lines (sha256 " + digest(code) + ")";
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
