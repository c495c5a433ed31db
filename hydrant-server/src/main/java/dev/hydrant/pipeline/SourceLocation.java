package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

/** Where something was written in a pipeline file: the file as the user named it, and a 1-based line and column. */
public record SourceLocation(String file, int line, int column) {
    public SourceLocation {
        requireNonNull(file, "file is null");
    }

    /** {@code pipeline.yaml:12:7}, the form editors and terminals turn into links. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
