package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

/** The outcome of appending records to a {@link RecordLog}. Backpressure is a value, not an exception. */
public sealed interface AppendResult permits AppendResult.Appended, AppendResult.Backpressured {

    /** The records are durably on disk at offsets {@code firstOffset .. firstOffset + count - 1}. */
    record Appended(int partition, long firstOffset, int count) implements AppendResult {}

    /** The log refused the records because a size or age cap was reached; nothing was written. */
    record Backpressured(String reason) implements AppendResult {
        public Backpressured {
            requireNonNull(reason, "reason is null");
        }
    }
}
