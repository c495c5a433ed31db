package dev.hydrant.conformance;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.SqlApplication;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One case of the SQL conformance suite, read from a YAML file by {@link ConformanceCaseReader}: a KDA application
 * (its input with the records that arrive on it, its reference data and its SQL) and either the exact records each
 * output delivery stream must receive or the CodeValidationException the code must be rejected with. Names and
 * formats are KDA's, verbatim ({@code NamePrefix}, {@code RecordFormatType}, {@code SqlType}, JSONPath mappings).
 *
 * @param file where the case was read from
 * @param description what the case shows, in one sentence
 * @param reference where the expected behaviour comes from (the KDA SQL reference or developer guide section), or empty
 * @param outputs by in-application stream name, in file order; empty for a rejection
 * @param rejection the expected rejection; empty when the application must run
 */
public record ConformanceCase(Path file, String description, Optional<String> reference, List<Input> inputs,
        List<ReferenceTable> referenceTables, String sql, Map<String, ExpectedOutput> outputs, Optional<ExpectedRejection> rejection) {
    public ConformanceCase {
        requireNonNull(file, "file is null");
        requireNonNull(description, "description is null");
        requireNonNull(reference, "reference is null");
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        referenceTables = List.copyOf(requireNonNull(referenceTables, "referenceTables is null"));
        requireNonNull(sql, "sql is null");
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(outputs, "outputs is null")));
        requireNonNull(rejection, "rejection is null");
    }

    /**
     * A KDA input: in-application streams {@code <namePrefix>_001 .. _00n}, fed from one delivery stream.
     *
     * @param records in arrival order
     */
    public record Input(String namePrefix, int parallelism, SqlApplication.RecordFormat format, List<SqlApplication.Column> columns, List<InputRecord> records) {
        public Input {
            requireNonNull(namePrefix, "namePrefix is null");
            requireNonNull(format, "format is null");
            columns = List.copyOf(requireNonNull(columns, "columns is null"));
            records = List.copyOf(requireNonNull(records, "records is null"));
        }
    }

    /**
     * One record put to the input's delivery stream.
     *
     * @param arrival the arrival time Hydrant stores with the record, which becomes its ROWTIME
     * @param data the record's bytes
     */
    public record InputRecord(Instant arrival, byte[] data) {
        public InputRecord {
            requireNonNull(arrival, "arrival is null");
            requireNonNull(data, "data is null");
        }
    }

    /** A KDA reference data source: the object {@code key} holding {@code content}, loaded as table {@code tableName}. */
    public record ReferenceTable(String tableName, String key, SqlApplication.RecordFormat format, List<SqlApplication.Column> columns, byte[] content) {
        public ReferenceTable {
            requireNonNull(tableName, "tableName is null");
            requireNonNull(key, "key is null");
            requireNonNull(format, "format is null");
            columns = List.copyOf(requireNonNull(columns, "columns is null"));
            requireNonNull(content, "content is null");
        }
    }

    /**
     * What one output's delivery stream must receive.
     *
     * @param recordFormatType the output's DestinationSchema RecordFormatType, {@code CSV} or {@code JSON}
     * @param ordered whether the records must come in this order; otherwise they are compared as a multiset
     * @param records each record's exact text; a CSV record is written without the newline that ends it
     */
    public record ExpectedOutput(String recordFormatType, boolean ordered, List<String> records) {
        public ExpectedOutput {
            requireNonNull(recordFormatType, "recordFormatType is null");
            records = List.copyOf(requireNonNull(records, "records is null"));
        }

        /** The bytes a record must have: the text, and for CSV the {@code \n} that ends every record. */
        public String recordText(String record) {
            return recordFormatType.equals("CSV") ? record + "\n" : record;
        }
    }

    /**
     * The CodeValidationException the application code must be rejected with: one of its problems must be at
     * {@code line} and {@code column} (when given) and contain {@code messageContains} (when given).
     */
    public record ExpectedRejection(String type, Optional<Integer> line, Optional<Integer> column, Optional<String> messageContains) {
        public static final String CODE_VALIDATION = "CodeValidationException";

        public ExpectedRejection {
            requireNonNull(type, "type is null");
            requireNonNull(line, "line is null");
            requireNonNull(column, "column is null");
            requireNonNull(messageContains, "messageContains is null");
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(type);
            line.ifPresent(value -> text.append(" at line ").append(value));
            column.ifPresent(value -> text.append(line.isPresent() ? ", column " : " at column ").append(value));
            messageContains.ifPresent(value -> text.append(" containing \"").append(value).append('"'));
            return text.toString();
        }
    }
}
