package dev.hydrant.analytics.connector;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: partition (int32), offset (int64), big-endian. */
public final class LogSplitSerializer implements SimpleVersionedSerializer<LogSplit> {
    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(LogSplit split) {
        return ByteBuffer.allocate(12).putInt(split.partition()).putLong(split.offset()).array();
    }

    @Override
    public LogSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1 || serialized.length != 12) {
            throw new IOException("unknown log split version " + version + " or length " + serialized.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(serialized);
        return new LogSplit(buffer.getInt(), buffer.getLong());
    }
}
