package dev.hydrant.kinesisanalytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.application.Application;
import dev.hydrant.application.ApplicationInput;
import dev.hydrant.application.ApplicationOutput;
import dev.hydrant.application.CloudWatchLoggingOption;
import dev.hydrant.application.InputSchemaDiscovery.DiscoveredSchema;
import dev.hydrant.application.ReferenceDataSource;
import dev.hydrant.application.SourceSchema;
import dev.hydrant.spi.SqlApplication.Column;
import dev.hydrant.spi.SqlApplication.RecordFormat;
import java.util.List;

/**
 * Writes applications in the shapes of the KDA v1 API: ApplicationDetail, ApplicationSummary, SourceSchema and the
 * DiscoverInputSchema response. Timestamps are epoch seconds with a fraction, as the JSON 1.1 protocol has them.
 */
public final class ApplicationDescriptions {
    private ApplicationDescriptions() {}

    public static ObjectNode summary(Application application, ObjectMapper mapper) {
        return mapper.createObjectNode()
                .put("ApplicationName", application.name())
                .put("ApplicationARN", application.arn())
                .put("ApplicationStatus", application.status().name());
    }

    public static ObjectNode detail(Application application, ObjectMapper mapper) {
        ObjectNode detail = mapper.createObjectNode();
        detail.put("ApplicationName", application.name());
        detail.put("ApplicationDescription", application.description());
        detail.put("ApplicationARN", application.arn());
        detail.put("ApplicationStatus", application.status().name());
        detail.put("CreateTimestamp", application.createTimestamp() / 1000.0);
        detail.put("LastUpdateTimestamp", application.lastUpdateTimestamp() / 1000.0);
        ArrayNode inputs = detail.putArray("InputDescriptions");
        for (ApplicationInput input : application.inputs()) {
            ObjectNode description = inputs.addObject();
            description.put("InputId", input.id());
            description.put("NamePrefix", input.namePrefix());
            ArrayNode names = description.putArray("InAppStreamNames");
            input.inAppStreamNames().forEach(names::add);
            if (input.preprocessorArn() != null) {
                description.putObject("InputProcessingConfigurationDescription").putObject("InputLambdaProcessorDescription")
                        .put("ResourceARN", input.preprocessorArn())
                        .put("RoleARN", input.preprocessorRoleArn());
            }
            description.putObject("KinesisFirehoseInputDescription").put("ResourceARN", input.resourceArn()).put("RoleARN", input.roleArn());
            description.set("InputSchema", schema(input.schema(), mapper));
            description.putObject("InputParallelism").put("Count", input.parallelism());
            if (input.startingPosition() != null) {
                description.putObject("InputStartingPositionConfiguration").put("InputStartingPosition", input.startingPosition());
            }
        }
        ArrayNode outputs = detail.putArray("OutputDescriptions");
        for (ApplicationOutput output : application.outputs()) {
            ObjectNode description = outputs.addObject();
            description.put("OutputId", output.id());
            description.put("Name", output.name());
            description.putObject("KinesisFirehoseOutputDescription").put("ResourceARN", output.resourceArn()).put("RoleARN", output.roleArn());
            description.putObject("DestinationSchema").put("RecordFormatType", output.recordFormatType());
        }
        ArrayNode references = detail.putArray("ReferenceDataSourceDescriptions");
        for (ReferenceDataSource reference : application.referenceDataSources()) {
            ObjectNode description = references.addObject();
            description.put("ReferenceId", reference.id());
            description.put("TableName", reference.tableName());
            description.putObject("S3ReferenceDataSourceDescription")
                    .put("BucketARN", reference.bucketArn())
                    .put("FileKey", reference.fileKey())
                    .put("ReferenceRoleARN", reference.referenceRoleArn());
            description.set("ReferenceSchema", schema(reference.schema(), mapper));
        }
        ArrayNode logging = detail.putArray("CloudWatchLoggingOptionDescriptions");
        for (CloudWatchLoggingOption option : application.cloudWatchLoggingOptions()) {
            logging.addObject().put("CloudWatchLoggingOptionId", option.id()).put("LogStreamARN", option.logStreamArn()).put("RoleARN", option.roleArn());
        }
        detail.put("ApplicationCode", application.code());
        detail.put("ApplicationVersionId", application.versionId());
        return detail;
    }

    public static ObjectNode schema(SourceSchema schema, ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode();
        RecordFormat format = schema.recordFormat();
        ObjectNode recordFormat = node.putObject("RecordFormat").put("RecordFormatType", format.type());
        if (format.type().equals("JSON")) {
            recordFormat.putObject("MappingParameters").putObject("JSONMappingParameters").put("RecordRowPath", format.recordRowPath());
        }
        else {
            recordFormat.putObject("MappingParameters").putObject("CSVMappingParameters")
                    .put("RecordRowDelimiter", format.recordRowDelimiter())
                    .put("RecordColumnDelimiter", format.recordColumnDelimiter());
        }
        node.put("RecordEncoding", schema.recordEncoding());
        ArrayNode columns = node.putArray("RecordColumns");
        for (Column column : schema.recordColumns()) {
            ObjectNode item = columns.addObject().put("Name", column.name());
            if (column.mapping() != null) {
                item.put("Mapping", column.mapping());
            }
            item.put("SqlType", column.sqlType());
        }
        return node;
    }

    public static ObjectNode discovered(DiscoveredSchema discovered, ObjectMapper mapper) {
        ObjectNode out = mapper.createObjectNode();
        out.set("InputSchema", schema(discovered.schema(), mapper));
        ArrayNode parsed = out.putArray("ParsedInputRecords");
        for (List<String> row : discovered.parsedInputRecords()) {
            ArrayNode values = parsed.addArray();
            row.forEach(values::add);
        }
        ArrayNode processed = out.putArray("ProcessedInputRecords");
        ArrayNode raw = out.putArray("RawInputRecords");
        for (String record : discovered.rawInputRecords()) {
            processed.add(record);
            raw.add(record);
        }
        return out;
    }
}
