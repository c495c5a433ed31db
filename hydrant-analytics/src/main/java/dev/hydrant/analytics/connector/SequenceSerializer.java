package dev.hydrant.analytics.connector;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** The sink writer's state, the next batch sequence number. Version 1: int64. */
final class SequenceSerializer implements SimpleVersionedSerializer<Long> {
    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(Long sequence) {
        return ByteBuffer.allocate(8).putLong(sequence).array();
    }

    @Override
    public Long deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1 || serialized.length != 8) {
            throw new IOException("unknown sequence state version " + version);
        }
        return ByteBuffer.wrap(serialized).getLong();
    }
}
