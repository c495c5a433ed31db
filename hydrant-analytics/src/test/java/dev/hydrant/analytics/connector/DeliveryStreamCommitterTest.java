package dev.hydrant.analytics.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryStreamCommitterTest {
    @Test
    void splitsBatchesIntoAppendsOfAtMostFourMebibytes() {
        byte[] megabyte = new byte[1024 * 1024];
        List<byte[]> records = List.of(megabyte, megabyte, megabyte, megabyte, megabyte);

        assertThat(DeliveryStreamCommitter.chunks(records)).extracting(List::size).containsExactly(4, 1);
    }

    @Test
    void manySmallRecordsAreOneAppend() {
        List<byte[]> records = rows("r", 0, 100_000);

        assertThat(DeliveryStreamCommitter.chunks(records)).extracting(List::size).containsExactly(100_000);
    }

    @Test
    void aLargerRecordThanTheLimitIsAnAppendOfItsOwn() {
        List<byte[]> records = List.of(new byte[10], new byte[5 * 1024 * 1024], new byte[10]);

        assertThat(DeliveryStreamCommitter.chunks(records)).extracting(List::size).containsExactly(1, 1, 1);
    }

    @Test
    void findsNothingInAnEmptyTail() {
        assertThat(DeliveryStreamCommitter.find(List.of(rows("a", 0, 3)), List.of())).isEqualTo(new DeliveryStreamCommitter.Found(0, 0));
    }

    @Test
    void findsWholeChunksInOrderWithOtherWritersRecordsBetweenThem() {
        List<byte[]> first = rows("a", 0, 3);
        List<byte[]> second = rows("a", 3, 3);
        List<byte[]> tail = new ArrayList<>();
        tail.addAll(rows("other", 0, 2));
        tail.addAll(first);
        tail.addAll(rows("other", 2, 1));
        tail.addAll(second);
        tail.addAll(rows("other", 3, 4));

        assertThat(DeliveryStreamCommitter.find(List.of(first, second), tail)).isEqualTo(new DeliveryStreamCommitter.Found(6, 9));
    }

    @Test
    void aPrefixOfAChunkCountsOnlyWhenItEndsTheLog() {
        List<byte[]> first = rows("a", 0, 3);
        List<byte[]> second = rows("a", 3, 4);
        List<byte[]> torn = new ArrayList<>(first);
        torn.addAll(second.subList(0, 2));

        assertThat(DeliveryStreamCommitter.find(List.of(first, second), torn)).isEqualTo(new DeliveryStreamCommitter.Found(5, 5));

        List<byte[]> followed = new ArrayList<>(torn);
        followed.addAll(rows("other", 0, 1));
        assertThat(DeliveryStreamCommitter.find(List.of(first, second), followed)).isEqualTo(new DeliveryStreamCommitter.Found(3, 3));
    }

    @Test
    void aChunkIsAContiguousRunNotScatteredEqualRecords() {
        List<byte[]> chunk = rows("a", 0, 3);
        List<byte[]> tail = new ArrayList<>();
        tail.add(chunk.get(0));
        tail.addAll(rows("other", 0, 1));
        tail.add(chunk.get(1));
        tail.addAll(rows("other", 1, 1));
        tail.add(chunk.get(2));
        tail.addAll(rows("other", 2, 1));

        assertThat(DeliveryStreamCommitter.find(List.of(chunk), tail).records()).isZero();
    }

    @Test
    void aRecordEqualToTheFirstOfTheBatchBeforeItIsNotMistakenForIt() {
        List<byte[]> chunk = List.of(row("x"), row("x"), row("y"));
        List<byte[]> tail = List.of(row("x"), row("z"), row("x"), row("x"), row("y"));

        assertThat(DeliveryStreamCommitter.find(List.of(chunk), tail)).isEqualTo(new DeliveryStreamCommitter.Found(3, 5));
    }

    private static List<byte[]> rows(String prefix, int from, int count) {
        List<byte[]> rows = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            rows.add(row(prefix + "," + i));
        }
        return rows;
    }

    private static byte[] row(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
