package dev.hydrant.analytics.connector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: initialized (byte), count (int32), then count × (partition int32, offset int64). */
public final class LogEnumeratorStateSerializer implements SimpleVersionedSerializer<LogEnumeratorState> {
    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(LogEnumeratorState state) {
        ByteBuffer buffer = ByteBuffer.allocate(5 + 12 * state.pending().size());
        buffer.put((byte) (state.initialized() ? 1 : 0)).putInt(state.pending().size());
        for (LogSplit split : state.pending()) {
            buffer.putInt(split.partition()).putLong(split.offset());
        }
        return buffer.array();
    }

    @Override
    public LogEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("unknown log enumerator state version " + version);
        }
        ByteBuffer buffer = ByteBuffer.wrap(serialized);
        boolean initialized = buffer.get() == 1;
        int count = buffer.getInt();
        List<LogSplit> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pending.add(new LogSplit(buffer.getInt(), buffer.getLong()));
        }
        return new LogEnumeratorState(initialized, pending);
    }
}
