package dev.hydrant.generator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** When {@link LoadRunner} stops generating records: after a number of records, or after some time. */
public sealed interface LoadLimit permits LoadLimit.RecordCount, LoadLimit.TimeLimit {

    /** Stop after {@code records} records have been sent. */
    record RecordCount(long records) implements LoadLimit {}

    /** Stop generating once {@code duration} has passed since the start; requests in flight still complete. */
    record TimeLimit(Duration duration) implements LoadLimit {
        public TimeLimit {
            requireNonNull(duration, "duration is null");
        }
    }

    static LoadLimit records(long records) {
        return new RecordCount(records);
    }

    static LoadLimit duration(Duration duration) {
        return new TimeLimit(duration);
    }
}
