package dev.hydrant.analytics.connector;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: sequence (int64), count (int32), then count × (length int32, bytes). */
public final class OutputBatchSerializer implements SimpleVersionedSerializer<OutputBatch> {
    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(OutputBatch batch) {
        long size = 12;
        for (byte[] record : batch.records()) {
            size += 4 + record.length;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("output batch " + batch.sequence() + " of " + size + " bytes is too large for a checkpoint");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.putLong(batch.sequence());
        out.putInt(batch.records().size());
        for (byte[] record : batch.records()) {
            out.putInt(record.length);
            out.put(record);
        }
        return out.array();
    }

    @Override
    public OutputBatch deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("unknown output batch version " + version);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        long sequence = in.readLong();
        int count = in.readInt();
        List<byte[]> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] record = new byte[in.readInt()];
            in.readFully(record);
            records.add(record);
        }
        return new OutputBatch(sequence, records);
    }
}
