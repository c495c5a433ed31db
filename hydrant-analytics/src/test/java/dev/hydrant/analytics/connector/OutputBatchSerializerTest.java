package dev.hydrant.analytics.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputBatchSerializerTest {
    private final OutputBatchSerializer serializer = new OutputBatchSerializer();

    @Test
    void roundTripsABatchWithEmptyAndLargeRecords() throws IOException {
        List<byte[]> records = List.of(bytes("201.5,11000,7,0.9\n"), new byte[0], new byte[70_000], bytes("é,\"x\"\n"));
        OutputBatch batch = OutputBatch.of(42, records);

        byte[] serialized = serializer.serialize(batch);
        OutputBatch restored = serializer.deserialize(serializer.getVersion(), serialized);

        assertThat(serializer.getVersion()).isEqualTo(2);
        assertThat(serialized).hasSize(12 + 4 * 4 + 18 + 70_000 + 7);
        assertThat(restored.sequence()).isEqualTo(42);
        assertThat(restored.records()).containsExactlyElementsOf(records);
    }

    @Test
    void readsTheVersionOneBatchesOfEarlierCheckpoints() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(7);
        out.writeInt(2);
        for (String record : List.of("a,1\n", "bb,22\n")) {
            out.writeInt(record.length());
            out.write(bytes(record));
        }

        OutputBatch restored = serializer.deserialize(1, bytes.toByteArray());

        assertThat(restored.sequence()).isEqualTo(7);
        assertThat(restored.records()).containsExactly(bytes("a,1\n"), bytes("bb,22\n"));
    }

    @Test
    void rejectsATruncatedBatchAndUnknownVersions() {
        byte[] serialized = serializer.serialize(OutputBatch.of(1, List.of(bytes("abc\n"))));
        byte[] truncated = java.util.Arrays.copyOf(serialized, serialized.length - 1);

        assertThatThrownBy(() -> serializer.deserialize(2, truncated)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> serializer.deserialize(3, serialized)).isInstanceOf(IOException.class).hasMessageContaining("version 3");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
