package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.SqlApplication.Column;
import java.util.List;

/**
 * A Kinesis Data Analytics (SQL) application as a pipeline file declares it under {@code applications:}.
 *
 * @param code the SQL, inline ({@code code:}) or read from {@code codeFile:} (relative to the pipeline file)
 * @param autoStart whether apply starts the application when it is READY
 * @param startingPosition where apply starts it from: NOW, TRIM_HORIZON or LAST_STOPPED_POINT
 */
public record ApplicationSpec(String name, String description, String code, List<InputSpec> inputs, List<OutputSpec> outputs,
        List<ReferenceTableSpec> referenceTables, boolean autoStart, String startingPosition) {
    public static final String DEFAULT_STARTING_POSITION = "NOW";

    public ApplicationSpec {
        requireNonNull(name, "name is null");
        description = description == null ? "" : description;
        code = code == null ? "" : code;
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        referenceTables = List.copyOf(requireNonNull(referenceTables, "referenceTables is null"));
        requireNonNull(startingPosition, "startingPosition is null");
    }

    /**
     * One input: the delivery stream read into {@code <namePrefix>_001} .. {@code _<parallelism>}.
     *
     * @param format JSON or CSV
     * @param recordRowPath JSON only ({@code $} by default)
     * @param recordRowDelimiter CSV only ({@code \n} by default)
     * @param recordColumnDelimiter CSV only ({@code ,} by default)
     */
    public record InputSpec(String namePrefix, String deliveryStream, int parallelism, String format, String recordRowPath, String recordRowDelimiter,
            String recordColumnDelimiter, List<Column> columns) {
        public InputSpec {
            requireNonNull(namePrefix, "namePrefix is null");
            requireNonNull(deliveryStream, "deliveryStream is null");
            requireNonNull(format, "format is null");
            columns = List.copyOf(requireNonNull(columns, "columns is null"));
        }
    }

    /** One output: in-application stream {@code name} written to a delivery stream as JSON or CSV. */
    public record OutputSpec(String name, String deliveryStream, String format) {
        public OutputSpec {
            requireNonNull(name, "name is null");
            requireNonNull(deliveryStream, "deliveryStream is null");
            requireNonNull(format, "format is null");
        }
    }

    /** A reference table loaded from an object of a local bucket when the application starts. */
    public record ReferenceTableSpec(String tableName, String bucket, String key, String format, String recordRowPath, String recordRowDelimiter,
            String recordColumnDelimiter, List<Column> columns) {
        public ReferenceTableSpec {
            requireNonNull(tableName, "tableName is null");
            requireNonNull(bucket, "bucket is null");
            requireNonNull(key, "key is null");
            requireNonNull(format, "format is null");
            columns = List.copyOf(requireNonNull(columns, "columns is null"));
        }
    }
}
