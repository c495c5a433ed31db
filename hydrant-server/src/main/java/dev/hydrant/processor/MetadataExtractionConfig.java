package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import dev.hydrant.control.ProcessingConfiguration.Processor;
import java.util.List;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * MetadataExtraction settings: the jq query that extracts dynamic-partitioning keys ({@code partitionKeyFromQuery})
 * from each JSON record, compiled once.
 *
 * @param query the {@code MetadataExtractionQuery} text, e.g. {@code {customer_id:.customer_id,year:.ts|strftime("%Y")}}
 * @param compiledQuery the query compiled for jq 1.6
 */
public record MetadataExtractionConfig(String query, JsonQuery compiledQuery) {
    /** The only {@code JsonParsingEngine} value AWS accepts; Hydrant uses it when the parameter is left out. */
    public static final String JQ_1_6 = "JQ-1.6";

    public MetadataExtractionConfig {
        requireNonNull(query, "query is null");
        requireNonNull(compiledQuery, "compiledQuery is null");
    }

    /** Compiles {@code query}; throws {@link IllegalArgumentException} when it is not valid jq. */
    public static MetadataExtractionConfig of(String query) {
        try {
            return new MetadataExtractionConfig(query, compile(query));
        }
        catch (JsonQueryException e) {
            throw new IllegalArgumentException("is not a valid jq 1.6 expression: " + e.getMessage(), e);
        }
    }

    static MetadataExtractionConfig from(Processor processor, String path, List<String> problems) {
        ProcessorParameters parameters = new ProcessorParameters(processor, ProcessorType.METADATA_EXTRACTION, path);
        String engine = parameters.optional("JsonParsingEngine", JQ_1_6);
        if (engine != null) {
            parameters.checkOneOf("JsonParsingEngine", engine, List.of(JQ_1_6));
        }
        String query = parameters.required("MetadataExtractionQuery");
        JsonQuery compiledQuery = null;
        if (query != null) {
            try {
                compiledQuery = compile(query);
            }
            catch (JsonQueryException e) {
                parameters.problem("MetadataExtractionQuery", "is not a valid jq 1.6 expression: " + e.getMessage());
            }
        }
        problems.addAll(parameters.problems());
        return parameters.hasProblems() ? null : new MetadataExtractionConfig(query, compiledQuery);
    }

    private static JsonQuery compile(String query) throws JsonQueryException {
        try {
            return JsonQuery.compile(query, Versions.JQ_1_6);
        }
        catch (RuntimeException e) {
            // jackson-jq reports some syntax errors as unchecked exceptions (e.g. its generated parser's TokenMgrError).
            throw new JsonQueryException(String.valueOf(e.getMessage()), e);
        }
    }
}
