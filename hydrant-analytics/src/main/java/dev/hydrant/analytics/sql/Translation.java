package dev.hydrant.analytics.sql;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.SqlApplicationEngine.CodeProblem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A KDA SQL application translated to Flink SQL.
 *
 * @param inputStreams one per input and parallelism index ({@code <NamePrefix>_001} ..); the engine registers each as a
 *     Flink table of exactly that name with these columns plus {@code ROWTIME TIMESTAMP(3)}, the event-time attribute
 *     (watermark = ROWTIME)
 * @param referenceTables one per reference data source, registered as a table of exactly that name (no ROWTIME)
 * @param statements Flink SQL to execute in order after the inputs, reference tables and {@link KdaFunctions} are
 *     registered ({@code CREATE TEMPORARY VIEW} for each in-application stream)
 * @param outputQueries in-application stream name (after folding) to a SELECT of exactly its declared columns, in order
 * @param streamColumns each in-application stream's declared columns
 * @param problems problems in the code; when not empty the other fields are incomplete and must not be run
 */
public record Translation(
        List<InAppStream> inputStreams,
        List<InAppStream> referenceTables,
        List<String> statements,
        Map<String, String> outputQueries,
        Map<String, List<Column>> streamColumns,
        List<CodeProblem> problems) {
    public Translation {
        inputStreams = List.copyOf(requireNonNull(inputStreams, "inputStreams is null"));
        referenceTables = List.copyOf(requireNonNull(referenceTables, "referenceTables is null"));
        statements = List.copyOf(requireNonNull(statements, "statements is null"));
        outputQueries = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(outputQueries, "outputQueries is null")));
        streamColumns = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(streamColumns, "streamColumns is null")));
        problems = List.copyOf(requireNonNull(problems, "problems is null"));
    }
}
