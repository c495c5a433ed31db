package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.table.data.RowData;

/**
 * The rows of the reference tables of running applications, by registry key ({@code <run key>/<ReferenceId>}). Like
 * {@link ApplicationContexts}, this works because the MiniCluster runs in the engine's JVM: the table source carries
 * only the key (option {@code 'key'} of connector {@value ReferenceTableFactory#IDENTIFIER}), and the lookup function
 * finds the rows here when it opens. A run's tables are loaded once, when it starts, and dropped when it terminates.
 */
public final class ReferenceTables {
    private static final Map<String, List<RowData>> TABLES = new ConcurrentHashMap<>();

    private ReferenceTables() {}

    /** The registry key of a reference data source of a run. */
    public static String key(String runKey, String referenceId) {
        return requireNonNull(runKey, "runKey is null") + "/" + requireNonNull(referenceId, "referenceId is null");
    }

    public static void register(String key, List<RowData> rows) {
        requireNonNull(key, "key is null");
        TABLES.put(key, List.copyOf(requireNonNull(rows, "rows is null")));
    }

    /** Drops every reference table of a run. */
    public static void unregisterRun(String runKey) {
        requireNonNull(runKey, "runKey is null");
        TABLES.keySet().removeIf(key -> key.startsWith(runKey + "/"));
    }

    /** The rows of a table; empty when nothing is registered under the key (validation plans, never runs). */
    public static List<RowData> rows(String key) {
        return TABLES.getOrDefault(key, List.of());
    }

    static boolean isRegistered(String key) {
        return TABLES.containsKey(key);
    }
}
