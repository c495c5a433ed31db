package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.ObjectStore;
import dev.hydrant.spi.SqlApplication;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a reference data source's object from a local bucket (gunzipped when the key ends in {@code .gz}) and parses
 * it with the same RecordFormat mapping and KDA coercion as inputs: the whole object is one record, so CSV splits it by
 * the row delimiter, and each JSON document of the object (one per line, or concatenated) is a record mapped by the
 * RecordRowPath and the columns' JSONPaths. Rows that cannot be coerced are left out and counted.
 */
public final class ReferenceDataLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceDataLoader.class);
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private ReferenceDataLoader() {}

    /** The table's columns, typed as input columns are. */
    public static DataType rowDataType(SqlApplication.ReferenceTable table) {
        InputRecordParser parser = new InputRecordParser(table.format(), table.columns());
        List<DataTypes.Field> fields = new ArrayList<>();
        for (int i = 0; i < parser.columnNames().size(); i++) {
            fields.add(DataTypes.FIELD(parser.columnNames().get(i), parser.columnTypes().get(i).dataType()));
        }
        return DataTypes.ROW(fields.toArray(DataTypes.Field[]::new));
    }

    /**
     * @throws HydrantException INVALID_APPLICATION_CONFIGURATION when the object is missing or unreadable
     */
    public static List<RowData> load(ObjectStore store, SqlApplication.ReferenceTable table) {
        requireNonNull(store, "store is null");
        requireNonNull(table, "table is null");
        String location = "s3://" + table.bucket() + "/" + table.key();
        byte[] data;
        try (InputStream object = store.getObject(table.bucket(), table.key());
                InputStream in = table.key().endsWith(".gz") ? new GZIPInputStream(object) : object) {
            data = in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new HydrantException(ErrorCode.INVALID_APPLICATION_CONFIGURATION,
                    "Reference data source " + table.id() + " (" + table.tableName() + "): " + location + " does not exist");
        } catch (IOException | RuntimeException e) {
            throw new HydrantException(ErrorCode.INVALID_APPLICATION_CONFIGURATION,
                    "Reference data source " + table.id() + " (" + table.tableName() + "): cannot read " + location + ": " + e.getMessage());
        }
        InputRecordParser parser = new InputRecordParser(table.format(), table.columns());
        @SuppressWarnings("unchecked")
        DataStructureConverter<Object, Object> converter =
                (DataStructureConverter<Object, Object>) (DataStructureConverter<?, ?>) DataStructureConverters.getConverter(rowDataType(table));
        converter.open(ReferenceDataLoader.class.getClassLoader());
        List<RowData> rows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        InputRecordParser.RowSink sink = new InputRecordParser.RowSink() {
            @Override
            public void row(Object[] values) {
                rows.add((RowData) converter.toInternal(Row.of(values)));
            }

            @Override
            public void error(String message) {
                errors.add(message);
            }
        };
        if (table.format().type().equalsIgnoreCase("JSON")) {
            // an object may hold several JSON documents (one per line, or concatenated); each is one record
            try (MappingIterator<JsonNode> documents = JSON.readerFor(JsonNode.class).readValues(data)) {
                while (documents.hasNext()) {
                    parser.parse(JSON.writeValueAsBytes(documents.next()), sink);
                }
            } catch (IOException | RuntimeException e) {
                errors.add("object is not valid JSON: " + e.getMessage());
            }
        } else {
            parser.parse(data, sink);
        }
        if (!errors.isEmpty()) {
            LOG.warn("Reference table {} ({}): {} rows failed mapping and were left out; first: {}",
                    table.tableName(), location, errors.size(), errors.get(0));
        }
        LOG.info("Reference table {} loaded from {}: {} rows", table.tableName(), location, rows.size());
        return rows;
    }
}
