package dev.hydrant.analytics.connector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
    public byte[] serialize(OutputBatch batch) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(batch.sequence());
        out.writeInt(batch.records().size());
        for (byte[] record : batch.records()) {
            out.writeInt(record.length);
            out.write(record);
        }
        out.flush();
        return bytes.toByteArray();
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
