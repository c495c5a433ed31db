package dev.hydrant.analytics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.dataview.ListView;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.functions.ProcessTableFunction;
import org.apache.flink.table.functions.TableSemantics;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** The stagger window function on one partition, driven by hand: rows in, watermark forward, windows out. */
class KdaStaggerWindowTest {
    private static final long MINUTE = 60_000L;

    @Test
    void emitsEachWindowAtItsCloseMinusOneMillisecondAndOpensTheNextWithTheNextRow() throws Exception {
        TestingStaggerPartition partition = new TestingStaggerPartition(MINUTE);

        partition.row("a", 0);
        partition.row("b", 10_000);
        partition.row("c", 59_999);
        partition.row("d", 60_000);
        partition.watermark(Long.MAX_VALUE);

        assertThat(partition.emitted()).containsExactly("59999:a", "59999:b", "59999:c", "119999:d");
    }

    @Test
    void aRowOlderThanTheLatestOpensTheWindowAtItsOwnTime() throws Exception {
        TestingStaggerPartition partition = new TestingStaggerPartition(MINUTE);

        partition.row("late-first", 20_000);
        partition.row("early", 5_000);
        partition.watermark(Long.MAX_VALUE);

        assertThat(partition.emitted()).containsExactly("64999:late-first", "64999:early");
    }

    @Test
    void aRowOlderThanTheLatestMovesTheLaterWindows() throws Exception {
        TestingStaggerPartition partition = new TestingStaggerPartition(MINUTE);

        partition.row("b", 10_000);
        partition.row("c", 65_000);
        partition.watermark(4_999);
        partition.row("a", 5_000);
        partition.watermark(Long.MAX_VALUE);

        // in ROWTIME order a (5 s) opens [5 s, 65 s), so c (65 s) opens the next window instead of joining b's
        assertThat(partition.emitted()).containsExactly("64999:b", "64999:a", "124999:c");
    }

    @Test
    void windowsAreEmittedOnlyWhenTheWatermarkReachesTheirClose() throws Exception {
        TestingStaggerPartition partition = new TestingStaggerPartition(MINUTE);

        partition.row("a", 0);
        partition.watermark(59_998);
        assertThat(partition.emitted()).isEmpty();
        partition.watermark(59_999);
        assertThat(partition.emitted()).containsExactly("59999:a");
        assertThat(partition.cleared()).isTrue();
    }

    /**
     * One partition of {@link KdaStaggerWindow} with its state, timers and output, as Flink's runtime would hold them
     * (rows are {@code ROW<NAME STRING, ROWTIME TIMESTAMP>}; the partition key is outside the row, as in the real table
     * argument only the key column would be).
     */
    private static final class TestingStaggerPartition implements ProcessTableFunction.OnTimerContext {
        private final KdaStaggerWindow function = new KdaStaggerWindow();
        private final long range;
        private final TreeSet<Long> timers = new TreeSet<>();
        private final List<String> emitted = new ArrayList<>();
        private Row window = Row.withNames();
        private ListView<Row> rows = new ListView<>();
        private long time;
        private long watermark = Long.MIN_VALUE;
        private boolean cleared;

        TestingStaggerPartition(long range) {
            this.range = range;
            function.setCollector(new Collector<>() {
                @Override
                public void collect(Row row) {
                    emitted.add(time + ":" + row.getField(0));
                }

                @Override
                public void close() {}
            });
        }

        void row(String name, long rowTime) throws Exception {
            assertThat(rowTime).isGreaterThan(watermark);
            time = rowTime;
            function.eval(this, window, rows, Row.of(name, rowTime), range);
        }

        void watermark(long newWatermark) throws Exception {
            watermark = newWatermark;
            while (!timers.isEmpty() && timers.first() <= newWatermark) {
                time = timers.pollFirst();
                cleared = false;
                function.onTimer(this, window, rows);
                if (cleared) {
                    window = Row.withNames();
                    rows = new ListView<>();
                }
            }
        }

        List<String> emitted() {
            return emitted;
        }

        boolean cleared() {
            return cleared;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <TimeType> ProcessTableFunction.TimeContext<TimeType> timeContext(Class<TimeType> conversionClass) {
            assertThat(conversionClass).isEqualTo(Long.class);
            return (ProcessTableFunction.TimeContext<TimeType>) new ProcessTableFunction.TimeContext<Long>() {
                @Override
                public Long time() {
                    return time;
                }

                @Override
                public Long currentWatermark() {
                    return watermark;
                }

                @Override
                public void registerOnTime(String name, Long timer) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void registerOnTime(Long timer) {
                    assertThat(timer).isGreaterThan(watermark);
                    timers.add(timer);
                }

                @Override
                public void clearTimer(String name) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void clearTimer(Long timer) {
                    timers.remove(timer);
                }

                @Override
                public void clearAllTimers() {
                    timers.clear();
                }
            };
        }

        @Override
        public TableSemantics tableSemanticsFor(String argument) {
            assertThat(argument).isEqualTo("input");
            return new TableSemantics() {
                @Override
                public DataType dataType() {
                    return DataTypes.ROW(DataTypes.FIELD("NAME", DataTypes.STRING()), DataTypes.FIELD("ROWTIME", DataTypes.BIGINT()));
                }

                @Override
                public int[] partitionByColumns() {
                    return new int[0];
                }

                @Override
                public int[] orderByColumns() {
                    return new int[0];
                }

                @Override
                public int timeColumn() {
                    return 1;
                }

                @Override
                public Optional<ChangelogMode> changelogMode() {
                    return Optional.of(ChangelogMode.insertOnly());
                }
            };
        }

        @Override
        public void clearState(String state) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void clearAllState() {
            cleared = true;
        }

        @Override
        public void clearAllTimers() {
            throw new UnsupportedOperationException("clears the timers of every partition in Flink 2.2");
        }

        @Override
        public void clearAll() {
            throw new UnsupportedOperationException("clears the timers of every partition in Flink 2.2");
        }

        @Override
        public ChangelogMode getChangelogMode() {
            return ChangelogMode.insertOnly();
        }

        @Override
        public String currentTimer() {
            return null;
        }
    }
}
