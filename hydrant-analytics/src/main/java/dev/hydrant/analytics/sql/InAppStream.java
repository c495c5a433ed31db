package dev.hydrant.analytics.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A stream or table the translated SQL reads, by its exact (case-sensitive) name, with its columns in order. */
public record InAppStream(String name, List<Column> columns) {
    public InAppStream {
        requireNonNull(name, "name is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }
}
