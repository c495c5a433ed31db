package dev.hydrant.analytics.connector;

import java.util.List;

/** The enumerator's checkpoint: whether it has resolved the starting offsets, and splits not yet assigned. */
public record LogEnumeratorState(boolean initialized, List<LogSplit> pending) {
    public LogEnumeratorState {
        pending = List.copyOf(pending);
    }
}
