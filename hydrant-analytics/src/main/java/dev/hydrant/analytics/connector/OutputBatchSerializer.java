package dev.hydrant.analytics.connector;

import dev.hydrant.spi.RecordBatch;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Version 2: sequence (int64), count (int32), count × length (int32), then the records' bytes back to back.
 * Version 1, which checkpoints and savepoints of earlier releases hold: sequence (int64), count (int32), then
 * count × (length int32, bytes).
 */
public final class OutputBatchSerializer implements SimpleVersionedSerializer<OutputBatch> {
    @Override
    public int getVersion() {
        return 2;
    }

    @Override
    public byte[] serialize(OutputBatch batch) {
        RecordBatch records = batch.batch();
        if (records.headroom() != 0) {
            throw new IllegalArgumentException("output batch " + batch.sequence() + " has headroom");
        }
        long size = 12 + 4L * records.count() + records.usedBytes();
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("output batch " + batch.sequence() + " of " + size + " bytes is too large for a checkpoint");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.putLong(batch.sequence());
        out.putInt(records.count());
        for (int i = 0; i < records.count(); i++) {
            out.putInt(records.length(i));
        }
        out.put(records.array(), 0, records.usedBytes());
        return out.array();
    }

    @Override
    public OutputBatch deserialize(int version, byte[] serialized) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        long sequence = in.readLong();
        int count = in.readInt();
        switch (version) {
            case 1: {
                List<byte[]> records = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    byte[] record = new byte[in.readInt()];
                    in.readFully(record);
                    records.add(record);
                }
                return OutputBatch.of(sequence, records);
            }
            case 2: {
                int[] lengths = new int[count];
                long bytes = 0;
                for (int i = 0; i < count; i++) {
                    lengths[i] = in.readInt();
                    bytes += lengths[i];
                }
                if (bytes != serialized.length - 12 - 4L * count) {
                    throw new IOException("output batch " + sequence + ": " + bytes + " bytes of records in " + serialized.length + " bytes");
                }
                RecordBatch records = new RecordBatch(count, (int) bytes);
                for (int length : lengths) {
                    records.claim(length);
                }
                in.readFully(records.array(), 0, (int) bytes);
                return new OutputBatch(sequence, records);
            }
            default:
                throw new IOException("unknown output batch version " + version);
        }
    }
}
