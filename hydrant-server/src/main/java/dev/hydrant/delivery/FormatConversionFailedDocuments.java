package dev.hydrant.delivery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hydrant.control.DataFormatConversion.SchemaConfiguration;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Firehose's {@code format-conversion-failed} documents, written under the ErrorOutputPrefix: one JSON object per
 * record that data format conversion could not read, each followed by a newline.
 *
 * <pre>
 * {"attemptsMade":1,"arrivalTimestamp":1714572187000,"lastErrorCode":"DataFormatConversion.MalformedData",
 *  "lastErrorMessage":"...","attemptEndingTimestamp":1714572190000,"rawData":"&lt;base64&gt;",
 *  "sequenceNumber":"42","subSequenceNumber":0,
 *  "dataCatalogTable":{"catalogId":"123456789012","databaseName":"db","tableName":"t","region":"us-east-1",
 *                      "versionId":"LATEST","catalogArn":"arn:aws:glue:us-east-1:123456789012:catalog"}}
 * </pre>
 *
 * <p>Hydrant fills {@code sequenceNumber} with the record's log offset and {@code subSequenceNumber} with 0 when the
 * stream has no processors. With processors a delivered record may come from several source records (or one source
 * may give several), so {@code sequenceNumber} is the first log offset of the buffer and {@code subSequenceNumber} the
 * record's position among the buffer's processed records: stable across redelivery, unique within the stream.
 * {@code dataCatalogTable} repeats SchemaConfiguration; CatalogId and Region default to the stream's account and
 * region, VersionId to {@code LATEST}, and members without a value are left out.
 */
public final class FormatConversionFailedDocuments {
    public static final String DEFAULT_VERSION_ID = "LATEST";
    private static final JsonFactory JSON = new JsonFactory();

    private FormatConversionFailedDocuments() {}

    /** The table coordinates of {@code dataCatalogTable}, defaults applied. */
    public record DataCatalogTable(String catalogId, String databaseName, String tableName, String region, String versionId) {
        public DataCatalogTable {
            requireNonNull(catalogId, "catalogId is null");
            requireNonNull(region, "region is null");
            requireNonNull(versionId, "versionId is null");
        }

        /** {@code schema}'s members, with CatalogId, Region and VersionId defaulted to the stream's. */
        public static DataCatalogTable of(SchemaConfiguration schema, String streamArn) {
            requireNonNull(schema, "schema is null");
            requireNonNull(streamArn, "streamArn is null");
            // arn:aws:firehose:<region>:<account>:deliverystream/<name>
            String[] arn = streamArn.split(":", 6);
            String streamRegion = arn.length > 4 ? arn[3] : "";
            String streamAccount = arn.length > 4 ? arn[4] : "";
            return new DataCatalogTable(
                    isSet(schema.catalogId()) ? schema.catalogId() : streamAccount,
                    schema.databaseName(),
                    schema.tableName(),
                    isSet(schema.region()) ? schema.region() : streamRegion,
                    isSet(schema.versionId()) ? schema.versionId() : DEFAULT_VERSION_ID);
        }

        public String catalogArn() {
            return "arn:aws:glue:" + region + ":" + catalogId + ":catalog";
        }
    }

    /** One failed record. */
    public record FailedConversion(
            byte[] rawData,
            long arrivalTimestamp,
            String sequenceNumber,
            int subSequenceNumber,
            String errorCode,
            String errorMessage,
            long attemptEndingTimestamp) {
        public FailedConversion {
            requireNonNull(rawData, "rawData is null");
            requireNonNull(sequenceNumber, "sequenceNumber is null");
            requireNonNull(errorCode, "errorCode is null");
            requireNonNull(errorMessage, "errorMessage is null");
        }
    }

    public static void write(FailedConversion failed, DataCatalogTable table, OutputStream out) throws IOException {
        requireNonNull(failed, "failed is null");
        requireNonNull(table, "table is null");
        JsonGenerator generator = JSON.createGenerator(out);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        generator.writeStartObject();
        generator.writeNumberField("attemptsMade", 1);
        generator.writeNumberField("arrivalTimestamp", failed.arrivalTimestamp());
        generator.writeStringField("lastErrorCode", failed.errorCode());
        generator.writeStringField("lastErrorMessage", failed.errorMessage());
        generator.writeNumberField("attemptEndingTimestamp", failed.attemptEndingTimestamp());
        generator.writeFieldName("rawData");
        generator.writeBinary(failed.rawData());
        generator.writeStringField("sequenceNumber", failed.sequenceNumber());
        generator.writeNumberField("subSequenceNumber", failed.subSequenceNumber());
        generator.writeObjectFieldStart("dataCatalogTable");
        generator.writeStringField("catalogId", table.catalogId());
        writeIfSet(generator, "databaseName", table.databaseName());
        writeIfSet(generator, "tableName", table.tableName());
        generator.writeStringField("region", table.region());
        generator.writeStringField("versionId", table.versionId());
        generator.writeStringField("catalogArn", table.catalogArn());
        generator.writeEndObject();
        generator.writeEndObject();
        generator.flush();
        out.write('\n');
    }

    private static void writeIfSet(JsonGenerator generator, String field, String value) throws IOException {
        if (isSet(value)) {
            generator.writeStringField(field, value);
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }
}
