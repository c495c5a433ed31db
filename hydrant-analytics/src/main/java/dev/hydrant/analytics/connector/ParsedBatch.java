package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A polled batch of log records whose input mapping runs on two threads: a helper thread starts parsing it as soon as
 * it is polled, while the source's own thread is still emitting the batch before; the source thread then parses
 * what the helper has not claimed yet, waits for the rest, and emits the rows in log order. Parsing is most of a
 * simple application's cost, so this spreads it over two cores without changing what is emitted or in which order.
 *
 * <p>Each record is parsed once, by whichever thread claims its index first. A record's outcome is one row (its
 * values), an error message, or, when a RecordRowPath explodes an array, a list of both kinds.
 */
final class ParsedBatch {
    private final List<LogRecord> records;
    private final InputRecordParser parser;
    private final Object[] outcomes;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger parsed = new AtomicInteger();

    /** An error a record's mapping produced. */
    record Failure(String message) {}

    private ParsedBatch(List<LogRecord> records, InputRecordParser parser) {
        this.records = List.copyOf(requireNonNull(records, "records is null"));
        this.parser = requireNonNull(parser, "parser is null");
        this.outcomes = new Object[this.records.size()];
    }

    /** Starts parsing {@code records} on {@code helper}. */
    static ParsedBatch start(List<LogRecord> records, InputRecordParser parser, Executor helper) {
        ParsedBatch batch = new ParsedBatch(records, parser);
        helper.execute(batch::parseUnclaimed);
        return batch;
    }

    List<LogRecord> records() {
        return records;
    }

    /**
     * Parses what no thread has claimed yet, then waits for the records the helper is still parsing (one at most per
     * helper), and returns each record's outcome: {@code Object[]} values, a {@link Failure}, a {@code List} of those,
     * {@code null} for no rows, or the RuntimeException its parsing threw.
     */
    Object[] outcomes() {
        parseUnclaimed();
        for (int spins = 0; parsed.get() < outcomes.length; spins++) {
            if (spins < 10_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the helper was descheduled in the middle of a record
            }
        }
        return outcomes;
    }

    private void parseUnclaimed() {
        int index;
        while ((index = next.getAndIncrement()) < outcomes.length) {
            try {
                outcomes[index] = parse(records.get(index).data());
            } catch (RuntimeException e) {
                outcomes[index] = e; // rethrown by the source thread, as if it had parsed the record itself
            } finally {
                parsed.incrementAndGet();
            }
        }
    }

    private Object parse(byte[] data) {
        Object[] outcome = new Object[1];
        parser.parse(data, new InputRecordParser.RowSink() {
            @Override
            public void row(Object[] values) {
                add(values);
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
