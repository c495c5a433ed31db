package dev.hydrant.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.spi.AppendResult;
import dev.hydrant.spi.LogReader;
import dev.hydrant.spi.LogRecord;
import dev.hydrant.spi.TestingClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {
    @TempDir
    Path directory;

    private final TestingClock clock = new TestingClock(1_700_000_000_000L);

    private static List<byte[]> records(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> ("record-" + i).getBytes(UTF_8)).toList();
    }

    private static List<LogRecord> readAll(SegmentedLog log, long from) {
        List<LogRecord> out = new ArrayList<>();
        try (LogReader reader = log.reader(0, from)) {
            while (reader.poll(out, 1000, Long.MAX_VALUE) > 0) {
                // keep reading
            }
        }
        return out;
    }

    @Test
    void appendsAreReadBackInOrderWithOffsetsAndArrivalTimestamps() throws Exception {
        try (SegmentedLog log = SegmentedLog.open("s", directory, LogConfig.defaults(), clock)) {
            AppendResult first = log.append(0, records(0, 3), 1000L).get();
            AppendResult second = log.append(0, records(3, 2), 2000L).get();
            assertThat(first).isEqualTo(new AppendResult.Appended(0, 0, 3));
            assertThat(second).isEqualTo(new AppendResult.Appended(0, 3, 2));
            assertThat(log.endOffset(0)).isEqualTo(5);
            List<LogRecord> read = readAll(log, 0);
            assertThat(read).extracting(LogRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(read).extracting(record -> new String(record.data(), UTF_8)).containsExactly("record-0", "record-1", "record-2", "record-3", "record-4");
            assertThat(read).extracting(LogRecord::arrivalTimestamp).containsExactly(1000L, 1000L, 1000L, 2000L, 2000L);
            assertThat(readAll(log, 3)).extracting(LogRecord::offset).containsExactly(3L, 4L);
        }
    }

    @Test
    void rollsSegmentsAndReadsAcrossThem() throws Exception {
        LogConfig small = new LogConfig(200, Long.MAX_VALUE, Long.MAX_VALUE, 1);
        try (SegmentedLog log = SegmentedLog.open("s", directory, small, clock)) {
            for (int i = 0; i < 50; i++) {
                log.append(0, records(i, 1), i).get();
            }
            assertThat(segmentFiles()).hasSizeGreaterThan(5);
            assertThat(readAll(log, 0)).hasSize(50);
            assertThat(readAll(log, 37)).first().extracting(LogRecord::offset).isEqualTo(37L);
        }
        try (SegmentedLog reopened = SegmentedLog.open("s", directory, small, clock)) {
            assertThat(reopened.endOffset(0)).isEqualTo(50);
            assertThat(readAll(reopened, 0)).extracting(record -> new String(record.data(), UTF_8)).endsWith("record-49");
            assertThat(reopened.append(0, records(50, 1), 0).get()).isEqualTo(new AppendResult.Appended(0, 50, 1));
        }
    }

    @Test
    void readHandsTheSameRecordsAsPollWithoutCopyingThem() throws Exception {
        LogConfig small = new LogConfig(200, Long.MAX_VALUE, Long.MAX_VALUE, 1);
        try (SegmentedLog log = SegmentedLog.open("s", directory, small, clock)) {
            for (int i = 0; i < 40; i++) {
                log.append(0, records(i, 1 + i % 3), 100L + i).get();
            }
            List<LogRecord> polled = readAll(log, 5);
            List<LogRecord> visited = new java.util.ArrayList<>();
            try (dev.hydrant.spi.LogReader reader = log.reader(0, 5)) {
                int read;
                do {
                    read = reader.read(7, Long.MAX_VALUE, (offset, arrival, data, from, length) ->
                            visited.add(new LogRecord(offset, arrival, java.util.Arrays.copyOfRange(data, from, from + length))));
                } while (read > 0);
                assertThat(reader.position()).isEqualTo(log.endOffset(0));
            }
            assertThat(visited).hasSameSizeAs(polled).isNotEmpty();
            for (int i = 0; i < polled.size(); i++) {
                assertThat(visited.get(i).offset()).isEqualTo(polled.get(i).offset());
                assertThat(visited.get(i).arrivalTimestamp()).isEqualTo(polled.get(i).arrivalTimestamp());
                assertThat(visited.get(i).data()).isEqualTo(polled.get(i).data());
            }
        }
    }

    @Test
    void aBatchWithHeadroomIsAppendedInPlaceAndReadsBackLikeAnyOther() throws Exception {
        dev.hydrant.spi.RecordBatch inPlace = new dev.hydrant.spi.RecordBatch(2, 4, SegmentedLog.RECORD_HEADROOM);
        for (String text : List.of("first", "", "third record, longer than the first")) {
            byte[] bytes = text.getBytes(UTF_8);
            int offset = inPlace.claim(bytes.length);
            System.arraycopy(bytes, 0, inPlace.array(), offset, bytes.length);
        }
        assertThat(inPlace.dataBytes()).isEqualTo(5 + 0 + 35);
        assertThat(new String(inPlace.record(2), UTF_8)).isEqualTo("third record, longer than the first");
        try (SegmentedLog log = SegmentedLog.open("s", directory, LogConfig.defaults(), clock)) {
            log.append(0, inPlace, 7L).get();
            log.append(0, dev.hydrant.spi.RecordBatch.of(records(0, 2)), 8L).get();
            log.append(0, inPlace, 9L).get(); // appended again: the headers are written afresh
        }
        try (SegmentedLog reopened = SegmentedLog.open("s", directory, LogConfig.defaults(), clock)) {
            List<LogRecord> read = readAll(reopened, 0);
            assertThat(read).extracting(record -> new String(record.data(), UTF_8)).containsExactly(
                    "first", "", "third record, longer than the first", "record-0", "record-1", "first", "", "third record, longer than the first");
            assertThat(read).extracting(LogRecord::arrivalTimestamp).containsExactly(7L, 7L, 7L, 8L, 8L, 9L, 9L, 9L);
        }
    }

    @Test
    void recoveryTruncatesATornTail() throws Exception {
        try (SegmentedLog log = SegmentedLog.open("s", directory, LogConfig.defaults(), clock)) {
            log.append(0, records(0, 10), 1L).get();
        }
        Path segment = segmentFiles().get(0);
        long validSize = Files.size(segment);
        // A crash in the middle of a write: half a frame header and some payload bytes.
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 50, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        }
        try (SegmentedLog log = SegmentedLog.open("s", directory, LogConfig.defaults(), clock)) {
            assertThat(Files.size(segment)).isEqualTo(validSize);
            assertThat(log.endOffset(0)).isEqualTo(10);
            assertThat(log.append(0, records(10, 1), 2L).get()).isEqualTo(new AppendResult.Appended(0, 10, 1));
            assertThat(readAll(log, 0)).hasSize(11);
        }
    }

    @Test
    void recoveryTruncatesATornTailShorterThanALengthField() throws Exception {
        try (SegmentedLog log = SegmentedLog.open("s", directory, LogConfig.defaults(), clock)) {
            log.append(0, records(0, 3), 1L).get();
        }
        Path segment = segmentFiles().get(0);
        long validSize = Files.size(segment);
        // A crash that left one to three bytes of the next frame: too few to hold its length.
        for (int torn = 1; torn <= 3; torn++) {
            try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                channel.write(ByteBuffer.wrap(new byte[torn]));
            }
            try (SegmentedLog log = SegmentedLog.open("s", directory, LogConfig.defaults(), clock)) {
                assertThat(Files.size(segment)).as("after a torn tail of %d bytes", torn).isEqualTo(validSize);
                assertThat(log.endOffset(0)).isEqualTo(3);
            }
        }
    }

    @Test
    void recoveryTruncatesAFrameWithABadChecksum() throws Exception {
        try (SegmentedLog log = SegmentedLog.open("s", directory, LogConfig.defaults(), clock)) {
            log.append(0, records(0, 5), 1L).get();
        }
        Path segment = segmentFiles().get(0);
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'X'}), size - 1);
        }
        try (SegmentedLog log = SegmentedLog.open("s", directory, LogConfig.defaults(), clock)) {
            assertThat(log.endOffset(0)).isEqualTo(4);
        }
    }

    @Test
    void concurrentAppendsAreReadableWhenAcknowledgedAndKeepTheirOffsetsAcrossRolls() throws Exception {
        LogConfig small = new LogConfig(4096, Long.MAX_VALUE, Long.MAX_VALUE, 1);
        int producers = 4;
        int appendsEach = 300;
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger acknowledgedBeforeReadable = new AtomicInteger();
        try (SegmentedLog log = SegmentedLog.open("s", directory, small, clock)) {
            ExecutorService pool = Executors.newFixedThreadPool(producers);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int p = 0; p < producers; p++) {
                    int producer = p;
                    running.add(pool.submit(() -> {
                        for (int i = 0; i < appendsEach; i++) {
                            String payload = "producer-" + producer + "-" + i;
                            AppendResult.Appended appended = (AppendResult.Appended) log.append(0, List.of(payload.getBytes(UTF_8)), i).get();
                            // acknowledged means durable and published: readers already see it
                            if (log.endOffset(0) <= appended.firstOffset()) {
                                acknowledgedBeforeReadable.incrementAndGet();
                            }
                            acknowledged.put(appended.firstOffset(), payload);
                        }
                        return null;
                    }));
                }
                for (Future<?> producer : running) {
                    producer.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(acknowledgedBeforeReadable).hasValue(0);
            assertThat(acknowledged).hasSize(producers * appendsEach);
            assertThat(acknowledged.keySet()).containsExactlyInAnyOrderElementsOf(LongStream.range(0, producers * appendsEach).boxed().toList());
            assertThat(segmentFiles()).hasSizeGreaterThan(5);
            assertThat(readAll(log, 0)).allSatisfy(record -> assertThat(new String(record.data(), UTF_8)).isEqualTo(acknowledged.get(record.offset())))
                    .hasSize(producers * appendsEach);
        }
        try (SegmentedLog reopened = SegmentedLog.open("s", directory, small, clock)) {
            assertThat(reopened.endOffset(0)).isEqualTo(producers * appendsEach);
            assertThat(readAll(reopened, 0)).allSatisfy(record -> assertThat(new String(record.data(), UTF_8)).isEqualTo(acknowledged.get(record.offset())));
        }
    }

    @Test
    void retentionDeletesSegmentsOnlyAfterEveryConsumerCommittedPastThem() throws Exception {
        LogConfig small = new LogConfig(200, Long.MAX_VALUE, Long.MAX_VALUE, 1);
        try (SegmentedLog log = SegmentedLog.open("s", directory, small, clock)) {
            log.registerConsumer("delivery", 0);
            log.registerConsumer("app", 0);
            for (int i = 0; i < 40; i++) {
                log.append(0, records(i, 1), i).get();
            }
            int before = segmentFiles().size();
            log.commit("delivery", 0, 40);
            log.awaitRetention();
            assertThat(segmentFiles()).hasSize(before);
            log.commit("app", 0, 20);
            log.awaitRetention();
            assertThat(segmentFiles()).hasSizeLessThan(before);
            assertThat(log.startOffset(0)).isLessThanOrEqualTo(20).isGreaterThan(0);
            assertThat(readAll(log, 20)).hasSize(20);
        }
        try (SegmentedLog reopened = SegmentedLog.open("s", directory, small, clock)) {
            assertThat(reopened.registerConsumer("app", 0)).isEqualTo(20);
        }
    }

    @Test
    void recycledSegmentsNeverResurrectStaleRecords() throws Exception {
        LogConfig small = new LogConfig(300, Long.MAX_VALUE, Long.MAX_VALUE, 1);
        try (SegmentedLog log = SegmentedLog.open("s", directory, small, clock)) {
            log.registerConsumer("delivery", 0);
            for (int i = 0; i < 200; i++) {
                log.append(0, records(i, 1), i).get();
                if (i % 10 == 9) {
                    log.commit("delivery", 0, i - 9);
                }
            }
            log.awaitRetention();
            assertThat(segmentFiles()).hasSizeLessThan(10);
            try (Stream<Path> free = Files.list(directory.resolve("0").resolve("free"))) {
                assertThat(free.count()).isBetween(0L, (long) LogPartition.MAX_FREE_SEGMENTS);
            }
            assertThat(log.startOffset(0)).isLessThanOrEqualTo(190);
            List<LogRecord> retained = readAll(log, log.startOffset(0));
            assertThat(retained).allSatisfy(record -> assertThat(new String(record.data(), UTF_8)).isEqualTo("record-" + record.offset()));
            assertThat(retained).extracting(LogRecord::offset).last().isEqualTo(199L);
            assertThat(readAll(log, 190)).hasSize(10);
        }
        // Recovery scans a recycled active segment: the old frames behind the tail must not come back.
        try (SegmentedLog reopened = SegmentedLog.open("s", directory, small, clock)) {
            assertThat(reopened.endOffset(0)).isEqualTo(200);
            List<LogRecord> recovered = readAll(reopened, reopened.startOffset(0));
            assertThat(recovered).allSatisfy(record -> assertThat(new String(record.data(), UTF_8)).isEqualTo("record-" + record.offset()));
            assertThat(recovered).extracting(LogRecord::offset).last().isEqualTo(199L);
            assertThat(reopened.append(0, records(200, 1), 0).get()).isEqualTo(new AppendResult.Appended(0, 200, 1));
        }
    }

    @Test
    void sizeCapAnswersWithBackpressureAndKeepsAcknowledgedData() throws Exception {
        LogConfig capped = new LogConfig(1024, 2048, Long.MAX_VALUE, 1);
        try (SegmentedLog log = SegmentedLog.open("s", directory, capped, clock)) {
            log.registerConsumer("delivery", 0);
            AppendResult result = null;
            int appended = 0;
            for (int i = 0; i < 200; i++) {
                result = log.append(0, records(i, 1), i).get();
                if (result instanceof AppendResult.Backpressured) {
                    break;
                }
                appended++;
            }
            assertThat(result).isInstanceOf(AppendResult.Backpressured.class);
            assertThat(readAll(log, 0)).hasSize(appended);
            log.commit("delivery", 0, appended);
            assertThat(log.append(0, records(500, 1), 1).get()).isInstanceOf(AppendResult.Appended.class);
        }
    }

    @Test
    void sizeCapCountsOnlyUndeliveredBytesEvenInsideOneSegment() throws Exception {
        LogConfig capped = new LogConfig(LogConfig.DEFAULT_SEGMENT_BYTES, 1000, Long.MAX_VALUE, 1);
        try (SegmentedLog log = SegmentedLog.open("s", directory, capped, clock)) {
            log.registerConsumer("delivery", 0);
            List<byte[]> big = List.of(new byte[600], new byte[600]);
            assertThat(log.append(0, big, 1).get()).isInstanceOf(AppendResult.Appended.class);
            assertThat(log.append(0, big, 1).get()).isInstanceOf(AppendResult.Backpressured.class);
            log.commit("delivery", 0, 2);
            assertThat(log.append(0, big, 1).get()).isEqualTo(new AppendResult.Appended(0, 2, 2));
        }
    }

    @Test
    void ageCapAnswersWithBackpressureWhenDeliveryMakesNoProgress() throws Exception {
        LogConfig capped = new LogConfig(LogConfig.DEFAULT_SEGMENT_BYTES, Long.MAX_VALUE, 60_000, 1);
        try (SegmentedLog log = SegmentedLog.open("s", directory, capped, clock)) {
            log.registerConsumer("delivery", 0);
            log.append(0, records(0, 1), clock.millis()).get();
            clock.advance(61_000);
            assertThat(log.append(0, records(1, 1), clock.millis()).get()).isInstanceOf(AppendResult.Backpressured.class);
            log.commit("delivery", 0, 1);
            assertThat(log.append(0, records(1, 1), clock.millis()).get()).isInstanceOf(AppendResult.Appended.class);
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve("0"))) {
            return files.filter(path -> path.toString().endsWith(".log")).sorted().toList();
        }
    }
}
