package dev.hydrant.analytics.sql;

import static java.util.Objects.requireNonNull;

/** A column of an in-application stream or table: its exact name (after identifier folding) and KDA type. */
public record Column(String name, KdaType type) {
    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
