package dev.hydrant.analytics;

import dev.hydrant.spi.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Buckets in memory. */
final class TestingObjectStore implements ObjectStore {
    private final Map<String, Map<String, byte[]>> buckets = new ConcurrentHashMap<>();

    void put(String bucket, String key, byte[] data) {
        buckets.computeIfAbsent(bucket, ignored -> new ConcurrentHashMap<>()).put(key, data.clone());
    }

    @Override
    public void createBucket(String bucket) {
        buckets.computeIfAbsent(bucket, ignored -> new ConcurrentHashMap<>());
    }

    @Override
    public boolean bucketExists(String bucket) {
        return buckets.containsKey(bucket);
    }

    @Override
    public boolean deleteBucket(String bucket) {
        Map<String, byte[]> objects = buckets.get(bucket);
        if (objects != null && !objects.isEmpty()) {
            return false;
        }
        buckets.remove(bucket);
        return true;
    }

    @Override
    public void putObject(String bucket, String key, ObjectWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTo(out);
        put(bucket, key, out.toByteArray());
    }

    @Override
    public InputStream getObject(String bucket, String key) throws IOException {
        byte[] data = buckets.getOrDefault(bucket, Map.of()).get(key);
        if (data == null) {
            throw new NoSuchFileException(bucket + "/" + key);
        }
        return new ByteArrayInputStream(data);
    }
}
