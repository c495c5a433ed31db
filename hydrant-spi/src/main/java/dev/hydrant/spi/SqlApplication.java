package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A Kinesis Data Analytics (SQL) application as the engine receives it: validated at the API edge, with the
 * Firehose ARNs resolved to Hydrant delivery stream names. Names and types are KDA's, verbatim.
 *
 * @param code the application code (KDA SQL: CREATE STREAM, CREATE PUMP, SELECT STREAM ...)
 */
public record SqlApplication(String name, String arn, long versionId, String code, List<Input> inputs, List<Output> outputs, List<ReferenceTable> referenceTables) {
    public SqlApplication {
        requireNonNull(name, "name is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(code, "code is null");
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        referenceTables = List.copyOf(requireNonNull(referenceTables, "referenceTables is null"));
    }

    /**
     * One input: a delivery stream read from its log into the in-application streams {@code <namePrefix>_001} ..
     * {@code _00n} (n = parallelism).
     *
     * @param preprocessorArn the InputLambdaProcessor's function ARN, or null
     */
    public record Input(String id, String namePrefix, String deliveryStream, int parallelism, RecordFormat format, List<Column> columns, String preprocessorArn) {
        public Input {
            requireNonNull(id, "id is null");
            requireNonNull(namePrefix, "namePrefix is null");
            requireNonNull(deliveryStream, "deliveryStream is null");
            requireNonNull(format, "format is null");
            columns = List.copyOf(requireNonNull(columns, "columns is null"));
        }
    }

    /**
     * RecordFormat: {@code JSON} with a RecordRowPath, or {@code CSV} with row and column delimiters (null when they
     * do not apply).
     */
    public record RecordFormat(String type, String recordRowPath, String recordRowDelimiter, String recordColumnDelimiter) {
        public RecordFormat {
            requireNonNull(type, "type is null");
        }
    }

    /** A RecordColumn: its name as given (case kept), KDA SQL type text such as {@code VARCHAR(4)} or {@code DECIMAL}, and JSONPath mapping (null for CSV). */
    public record Column(String name, String sqlType, String mapping) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(sqlType, "sqlType is null");
        }
    }

    /** An output: the in-application stream {@code name} (up to 3, {@code error_stream} included) written to a delivery stream as JSON or CSV. */
    public record Output(String id, String name, String deliveryStream, String recordFormatType) {
        public Output {
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
            requireNonNull(deliveryStream, "deliveryStream is null");
            requireNonNull(recordFormatType, "recordFormatType is null");
        }
    }

    /** A reference data source: an object in a local bucket, loaded when the application starts. */
    public record ReferenceTable(String id, String tableName, String bucket, String key, RecordFormat format, List<Column> columns) {
        public ReferenceTable {
            requireNonNull(id, "id is null");
            requireNonNull(tableName, "tableName is null");
            requireNonNull(bucket, "bucket is null");
            requireNonNull(key, "key is null");
            requireNonNull(format, "format is null");
            columns = List.copyOf(requireNonNull(columns, "columns is null"));
        }
    }
}
