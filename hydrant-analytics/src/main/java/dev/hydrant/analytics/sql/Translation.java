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
 * @param errorQueries one SELECT per pump query whose expressions can fail at run time (an exact division or MOD by
 *     zero, a CAST of text that does not convert), giving {@code error_stream}'s columns (ERROR_TIME .. PUMP_NAME) for
 *     the rows the pump leaves out because of such a failure; they read the views of {@code statements}, call
 *     {@value KdaSqlTranslator#ERROR_TIME_FUNCTION}{@code ()} for ERROR_TIME, which the runner registers, and are
 *     meant to be UNION ALL'd into the output of {@code error_stream}
 * @param problems problems in the code; when not empty the other fields are incomplete and must not be run
 */
public record Translation(
        List<InAppStream> inputStreams,
        List<InAppStream> referenceTables,
        List<String> statements,
        Map<String, String> outputQueries,
        Map<String, List<Column>> streamColumns,
        List<String> errorQueries,
        List<CodeProblem> problems) {
    public Translation {
        inputStreams = List.copyOf(requireNonNull(inputStreams, "inputStreams is null"));
        referenceTables = List.copyOf(requireNonNull(referenceTables, "referenceTables is null"));
        statements = List.copyOf(requireNonNull(statements, "statements is null"));
        outputQueries = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(outputQueries, "outputQueries is null")));
        streamColumns = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(streamColumns, "streamColumns is null")));
        errorQueries = List.copyOf(requireNonNull(errorQueries, "errorQueries is null"));
        problems = List.copyOf(requireNonNull(problems, "problems is null"));
    }

    /** A translation without error queries. */
    public Translation(List<InAppStream> inputStreams, List<InAppStream> referenceTables, List<String> statements, Map<String, String> outputQueries,
            Map<String, List<Column>> streamColumns, List<CodeProblem> problems) {
        this(inputStreams, referenceTables, statements, outputQueries, streamColumns, List.of(), problems);
    }
}
