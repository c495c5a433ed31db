package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

/**
 * Live tails of in-application streams: the jobs' {@link Tap} operators hand sampled rows to whoever subscribed to a
 * stream of a run ({@code GET /apps/{name}/streams/{stream}/tail}). The jobs run in this process, so a static registry
 * joins them, as {@link ApplicationContexts} does. With no subscriber a tap costs one volatile read per row.
 */
public final class StreamTaps {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, Set<Subscriber>> SUBSCRIBERS = new ConcurrentHashMap<>();
    private static final AtomicInteger SUBSCRIBER_COUNT = new AtomicInteger();

    private StreamTaps() {}

    /** The registry key of a stream of a run. */
    public static String key(String contextKey, String stream) {
        return contextKey + "\n" + stream;
    }

    /**
     * Hands {@code rows} at most one row per {@code minIntervalNanos} of the stream {@code key} (the first row at once)
     * until the returned handle is closed.
     */
    public static AutoCloseable subscribe(String key, long minIntervalNanos, Consumer<String> rows) {
        Subscriber subscriber = new Subscriber(minIntervalNanos, requireNonNull(rows, "rows is null"));
        SUBSCRIBERS.computeIfAbsent(key, ignored -> new CopyOnWriteArraySet<>()).add(subscriber);
        SUBSCRIBER_COUNT.incrementAndGet();
        return () -> {
            Set<Subscriber> subscribers = SUBSCRIBERS.get(key);
            if (subscribers != null && subscribers.remove(subscriber)) {
                SUBSCRIBER_COUNT.decrementAndGet();
                SUBSCRIBERS.computeIfPresent(key, (k, set) -> set.isEmpty() ? null : set);
            }
        };
    }

    /** Whether the stream {@code key} has a subscriber now: one volatile read when nobody listens at all. */
    static boolean listening(String key) {
        return SUBSCRIBER_COUNT.get() > 0 && SUBSCRIBERS.containsKey(key);
    }

    static void offer(String key, List<String> columns, Supplier<Row> row) {
        Set<Subscriber> subscribers = SUBSCRIBERS.get(key);
        if (subscribers == null) {
            return;
        }
        long now = System.nanoTime();
        String json = null;
        for (Subscriber subscriber : subscribers) {
            if (subscriber.due(now)) {
                if (json == null) {
                    json = json(columns, row.get());
                }
                subscriber.rows().accept(json);
            }
        }
    }

    private static String json(List<String> columns, Row row) {
        ObjectNode object = MAPPER.createObjectNode();
        for (int i = 0; i < columns.size() && i < row.getArity(); i++) {
            Object value = row.getField(i);
            if (value == null) {
                object.putNull(columns.get(i));
            } else if (value instanceof Boolean bool) {
                object.put(columns.get(i), bool);
            } else if (value instanceof Number && !(value instanceof java.math.BigDecimal)) {
                object.putPOJO(columns.get(i), value);
            } else {
                object.put(columns.get(i), OutputRecordSerializer.text(value));
            }
        }
        return object.toString();
    }

    /** One tail: identity matters, so it is a class, not a record. */
    private static final class Subscriber {
        private final long minIntervalNanos;
        private final Consumer<String> rows;
        private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

        Subscriber(long minIntervalNanos, Consumer<String> rows) {
            this.minIntervalNanos = minIntervalNanos;
            this.rows = rows;
        }

        Consumer<String> rows() {
            return rows;
        }

        /** Whether a row now is sampled (claims the slot when it is). */
        boolean due(long now) {
            long previous = last.get();
            return (previous == Long.MIN_VALUE || now - previous >= minIntervalNanos) && last.compareAndSet(previous, now);
        }
    }

    /**
     * Passes a stream's rows (Flink's internal format) on unchanged, offering them to the stream's subscribers when it
     * has any; only a sampled row is converted to Java values.
     */
    public static final class Tap implements MapFunction<RowData, RowData> {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final DataType rowType;
        private final List<String> columns;
        private transient DataStructureConverter<Object, Object> converter;

        public Tap(String key, DataType rowType) {
            this.key = requireNonNull(key, "key is null");
            this.rowType = requireNonNull(rowType, "rowType is null");
            this.columns = List.copyOf(DataType.getFieldNames(rowType));
        }

        @Override
        public RowData map(RowData row) {
            if (SUBSCRIBER_COUNT.get() > 0) {
                offer(key, columns, () -> external(row));
            }
            return row;
        }

        private Row external(RowData row) {
            if (converter == null) {
                converter = DataStructureConverters.getConverter(rowType);
                converter.open(Tap.class.getClassLoader());
            }
            return (Row) converter.toExternal(row);
        }
    }
}
