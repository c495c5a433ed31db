package dev.hydrant.analytics.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryStreamCommitterTest {
    @Test
    void splitsBatchesIntoPutsOfAtMostFiveHundredRecords() {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            records.add(new byte[] {(byte) i});
        }

        assertThat(DeliveryStreamCommitter.chunks(records)).extracting(List::size).containsExactly(500, 500, 1);
    }

    @Test
    void splitsBatchesIntoPutsOfAtMostFourMebibytes() {
        byte[] megabyte = new byte[1024 * 1024];
        List<byte[]> records = List.of(megabyte, megabyte, megabyte, megabyte, megabyte);

        assertThat(DeliveryStreamCommitter.chunks(records)).extracting(List::size).containsExactly(4, 1);
    }
}
