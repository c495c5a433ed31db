package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * A polled batch of log records whose input mapping runs on two threads: a helper thread starts parsing it as soon as
 * it is polled, while the source's own thread is still emitting the batches before; the source thread then parses
 * what the helper has not claimed yet and emits the rows in log order. Parsing is most of a simple application's
 * cost, so this spreads it over two cores without changing what is emitted or in which order.
 *
 * <p>Each record is claimed by one thread. The source thread never waits for the helper: a record the helper claimed
 * but has not finished (on two cores the helper is often descheduled in the middle of one, for a whole time slice)
 * is parsed again by the source thread after a short spin, and whichever outcome is stored first is the one used.
 * Parsing is a pure function of the record's bytes, so both outcomes are equal. A record's outcome is one row (its
 * values, converted to Flink's internal format on the parsing thread), an error message, or, when a RecordRowPath
 * explodes an array, a list of both kinds.
 */
final class ParsedBatch {
    /** Spins on a record the helper is parsing before parsing it here too; a record takes about 2 µs. */
    private static final int SPINS_BEFORE_PARSING_AGAIN = 2_000;
    /** The stored outcome of a record that gives no rows ({@code null} marks one not parsed yet). */
    private static final Object NO_ROWS = new Object();

    private final List<LogRecord> records;
    private final Function<byte[], Object> parser;
    private final AtomicReferenceArray<Object> outcomes;
    private final AtomicInteger next = new AtomicInteger();

    /** An error a record's mapping produced. */
    record Failure(String message) {}

    private ParsedBatch(List<LogRecord> records, Function<byte[], Object> parser) {
        this.records = List.copyOf(requireNonNull(records, "records is null"));
        this.parser = requireNonNull(parser, "parser is null");
        this.outcomes = new AtomicReferenceArray<>(this.records.size());
    }

    /** Starts parsing {@code records} on {@code helper}; the rows are {@code rows}' internal data rows. */
    static ParsedBatch start(List<LogRecord> records, InputRecordParser parser, InAppStreamRows rows, Executor helper) {
        requireNonNull(parser, "parser is null");
        requireNonNull(rows, "rows is null");
        return start(records, data -> outcome(parser, rows, data), helper);
    }

    /** Starts parsing {@code records} on {@code helper} with {@code parser}, which gives a record's outcome. */
    static ParsedBatch start(List<LogRecord> records, Function<byte[], Object> parser, Executor helper) {
        ParsedBatch batch = new ParsedBatch(records, parser);
        helper.execute(batch::parseUnclaimed);
        return batch;
    }

    List<LogRecord> records() {
        return records;
    }

    /**
     * Parses what no thread has claimed yet, and returns each record's outcome: a row (a {@code GenericRowData} from
     * {@link #start(List, InputRecordParser, InAppStreamRows, Executor)}), a
     * {@link Failure}, a {@code List} of those, {@code null} for no rows, or the RuntimeException its parsing threw.
     */
    Object[] outcomes() {
        parseUnclaimed();
        Object[] result = new Object[outcomes.length()];
        for (int i = 0; i < result.length; i++) {
            Object outcome = outcomes.get(i);
            for (int spins = 0; outcome == null && spins < SPINS_BEFORE_PARSING_AGAIN; spins++) {
                Thread.onSpinWait();
                outcome = outcomes.get(i);
            }
            if (outcome == null) { // the helper is still on it, probably descheduled: do not wait for it
                outcomes.compareAndSet(i, null, parse(i));
                outcome = outcomes.get(i);
            }
            result[i] = outcome == NO_ROWS ? null : outcome;
        }
        return result;
    }

    private void parseUnclaimed() {
        int index;
        while ((index = next.getAndIncrement()) < outcomes.length()) {
            outcomes.compareAndSet(index, null, parse(index));
        }
    }

    /** The outcome of record {@code index}; the RuntimeException its parsing threw is the outcome too. */
    private Object parse(int index) {
        try {
            Object outcome = parser.apply(records.get(index).data());
            return outcome == null ? NO_ROWS : outcome;
        } catch (RuntimeException e) {
            return e; // rethrown by the source thread, as if it had parsed the record itself
        }
    }

    private static Object outcome(InputRecordParser parser, InAppStreamRows rows, byte[] data) {
        Object[] outcome = new Object[1];
        parser.parse(data, new InputRecordParser.RowSink() {
            @Override
            public void row(Object[] values) {
                add(rows.internalRow(values));
            }

            @Override
            public void error(String message) {
                add(new Failure(message));
            }

            @SuppressWarnings("unchecked")
            private void add(Object result) {
                if (outcome[0] == null) {
                    outcome[0] = result;
                } else if (outcome[0] instanceof List<?> list) {
                    ((List<Object>) list).add(result);
                } else {
                    List<Object> several = new ArrayList<>();
                    several.add(outcome[0]);
                    several.add(result);
                    outcome[0] = several;
                }
            }
        });
        return outcome[0];
    }
}
