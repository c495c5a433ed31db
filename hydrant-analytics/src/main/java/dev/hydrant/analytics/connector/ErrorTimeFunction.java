package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.EpochClock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code HYDRANT_ERROR_TIME()}: the ERROR_TIME of the error_stream rows a pump writes, read from the clock of the
 * application's run, as {@link LogSourceReader} does for the rows that fail input mapping (so a bounded run's error
 * rows are reproducible). The run's context is looked up by key when the function opens (see {@link ApplicationContexts}).
 */
public final class ErrorTimeFunction extends ScalarFunction {
    private static final long serialVersionUID = 1L;
    private final String contextKey;
    private transient EpochClock clock;

    public ErrorTimeFunction(String contextKey) {
        this.contextKey = requireNonNull(contextKey, "contextKey is null");
    }

    @Override
    public void open(FunctionContext context) {
        clock = ApplicationContexts.get(contextKey).clock();
    }

    public @DataTypeHint("TIMESTAMP(3)") LocalDateTime eval() {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(clock.millis()), ZoneOffset.UTC);
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }
}
