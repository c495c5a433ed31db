package dev.hydrant.control;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.FormatConversionConfig;
import dev.hydrant.spi.FormatConversionConfig.HiveJsonSerDe;
import dev.hydrant.spi.FormatConversionConfig.OpenXJsonSerDe;
import dev.hydrant.spi.FormatConversionConfig.OrcSerDe;
import dev.hydrant.spi.FormatConversionConfig.ParquetSerDe;
import dev.hydrant.spi.HiveType;
import java.util.ArrayList;
import java.util.List;

/**
 * Firehose DataFormatConversionConfiguration of an ExtendedS3 destination: JSON records converted to Parquet or ORC.
 * Kept as the pieces of the API (not as the SPI's sealed {@link FormatConversionConfig}) so that it round-trips
 * through the JSON state file; {@link #toFormatConversionConfig()} builds what the writer needs.
 *
 * <p>There is no Glue in Hydrant. The table's columns come with the configuration, in Glue's Column shape
 * ({@link Column}: a name and a Hive type such as {@code double} or {@code array<struct<lap:int>>}); a pipeline file
 * writes them under {@code formatConversion.schema}, and the Firehose API takes them as the Hydrant extension
 * {@code SchemaConfiguration.Columns}. Without columns the schema is inferred from the records of each buffer.
 * SchemaConfiguration's Glue names (CatalogId, DatabaseName, TableName, Region, VersionId) are kept and described
 * back, and name the table in {@code format-conversion-failed} documents.
 *
 * <p>Exactly one deserializer and one serializer are set when enabled; a disabled configuration may lack them.
 *
 * @param columns the table's columns in file order; empty for an inferred schema
 */
public record DataFormatConversion(
        boolean enabled,
        SchemaConfiguration schemaConfiguration,
        List<Column> columns,
        OpenXJsonSerDe openXJsonSerDe,
        HiveJsonSerDe hiveJsonSerDe,
        ParquetSerDe parquetSerDe,
        OrcSerDe orcSerDe) {
    public static final String PARQUET_EXTENSION = ".parquet";
    public static final String ORC_EXTENSION = ".orc";

    public DataFormatConversion {
        if (schemaConfiguration == null) {
            schemaConfiguration = SchemaConfiguration.empty();
        }
        columns = columns == null ? List.of() : List.copyOf(columns);
        if (openXJsonSerDe != null && hiveJsonSerDe != null) {
            throw new IllegalArgumentException("only one of openXJsonSerDe and hiveJsonSerDe may be set");
        }
        if (parquetSerDe != null && orcSerDe != null) {
            throw new IllegalArgumentException("only one of parquetSerDe and orcSerDe may be set");
        }
        if (enabled && (openXJsonSerDe == null && hiveJsonSerDe == null || parquetSerDe == null && orcSerDe == null)) {
            throw new IllegalArgumentException("an enabled conversion needs a deserializer and a serializer");
        }
    }

    public static DataFormatConversion disabled() {
        return new DataFormatConversion(false, SchemaConfiguration.empty(), List.of(), null, null, null, null);
    }

    /** The default object extension: {@code .parquet} or {@code .orc}; empty when no serializer is set. */
    public String outputExtension() {
        if (parquetSerDe != null) {
            return PARQUET_EXTENSION;
        }
        return orcSerDe != null ? ORC_EXTENSION : "";
    }

    /**
     * The columns as a table schema.
     *
     * @throws IllegalArgumentException when a type is not a Hive type or names repeat
     */
    public HiveType.StructType columnsType() {
        List<HiveType.Field> fields = new ArrayList<>(columns.size());
        for (Column column : columns) {
            fields.add(new HiveType.Field(column.name(), HiveType.parse(column.type())));
        }
        return new HiveType.StructType(fields);
    }

    /**
     * What the record format writer needs.
     *
     * @throws IllegalStateException when not enabled
     * @throws IllegalArgumentException when a column type does not parse
     */
    public FormatConversionConfig toFormatConversionConfig() {
        if (!enabled) {
            throw new IllegalStateException("data format conversion is not enabled");
        }
        FormatConversionConfig.Schema schema = columns.isEmpty()
                ? new FormatConversionConfig.InferredSchema(FormatConversionConfig.InferredSchema.DEFAULT_SAMPLE_RECORDS)
                : new FormatConversionConfig.ExplicitSchema(columnsType());
        FormatConversionConfig.Deserializer deserializer = openXJsonSerDe != null ? openXJsonSerDe : hiveJsonSerDe;
        FormatConversionConfig.Serializer serializer = parquetSerDe != null ? parquetSerDe : orcSerDe;
        return new FormatConversionConfig(schema, deserializer, serializer);
    }

    /** SchemaConfiguration: the Glue table's coordinates. Unset members are null, as on the wire. */
    public record SchemaConfiguration(
            String roleArn, String catalogId, String databaseName, String tableName, String region, String versionId) {
        public static SchemaConfiguration empty() {
            return new SchemaConfiguration(null, null, null, null, null, null);
        }
    }

    /** A table column in Glue's shape: its name and its Hive type name. */
    public record Column(String name, String type) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }
}
