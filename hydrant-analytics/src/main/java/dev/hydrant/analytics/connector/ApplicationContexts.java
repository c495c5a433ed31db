package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.SqlApplicationEngine;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contexts of running applications, by run key. Flink serializes sources and sinks into the job graph, and a
 * {@link SqlApplicationEngine.Context} cannot be serialized, so operators carry the key and look the context up here
 * when they open; this works because the MiniCluster runs in the same JVM and class loader as the engine.
 */
public final class ApplicationContexts {
    private static final Map<String, SqlApplicationEngine.Context> CONTEXTS = new ConcurrentHashMap<>();

    private ApplicationContexts() {}

    public static void register(String key, SqlApplicationEngine.Context context) {
        requireNonNull(key, "key is null");
        requireNonNull(context, "context is null");
        if (CONTEXTS.putIfAbsent(key, context) != null) {
            throw new IllegalStateException("context already registered: " + key);
        }
    }

    public static void unregister(String key) {
        CONTEXTS.remove(key);
    }

    public static SqlApplicationEngine.Context get(String key) {
        SqlApplicationEngine.Context context = CONTEXTS.get(key);
        if (context == null) {
            throw new IllegalStateException("no context for application run " + key + " (engine stopped?)");
        }
        return context;
    }
}
