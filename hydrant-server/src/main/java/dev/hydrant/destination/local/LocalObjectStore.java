package dev.hydrant.destination.local;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.ObjectStore;
import dev.hydrant.storage.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Buckets as directories: object {@code key} of bucket {@code b} is the file {@code <root>/b/<key>}. Objects are
 * staged in {@code <root>/.staging}, fsynced, and renamed into place, so a bucket never shows a partial object.
 * Where the file system allows it, objects are written with O_DIRECT ({@link DirectObjectOutput}); elsewhere through
 * the page cache with an fsync every MiB.
 */
public final class LocalObjectStore implements ObjectStore {
    /** The bucket names a Firehose BucketARN allows ({@code [\w.-]{1,255}}), minus names that are not directories. */
    public static final Pattern BUCKET_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,254}");
    private static final String STAGING = ".staging";

    private final Path root;
    private final Path staging;
    private final boolean directWrites;

    public LocalObjectStore(Path root) throws IOException {
        this(root, true);
    }

    /** {@code directWrites}: whether to use O_DIRECT where the file system supports it. */
    LocalObjectStore(Path root, boolean directWrites) throws IOException {
        this.root = requireNonNull(root, "root is null").toAbsolutePath();
        this.staging = this.root.resolve(STAGING);
        Files.createDirectories(staging);
        try (Stream<Path> leftovers = Files.list(staging)) {
            for (Path leftover : leftovers.toList()) {
                Files.deleteIfExists(leftover);
            }
        }
        this.directWrites = directWrites && DirectObjectOutput.supported(staging);
    }

    public Path root() {
        return root;
    }

    @Override
    public void createBucket(String bucket) throws IOException {
        Path directory = bucketDirectory(bucket);
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            AtomicFiles.syncDirectory(root);
        }
    }

    @Override
    public boolean bucketExists(String bucket) {
        return Files.isDirectory(bucketDirectory(bucket));
    }

    @Override
    public boolean deleteBucket(String bucket) throws IOException {
        try {
            Files.deleteIfExists(bucketDirectory(bucket));
            return true;
        }
        catch (DirectoryNotEmptyException e) {
            return false;
        }
    }

    /** Names of the existing buckets, sorted. */
    public List<String> listBuckets() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                    .map(path -> path.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public void putObject(String bucket, String key, ObjectWriter writer) throws IOException {
        Path target = objectPath(bucket, key);
        Path temp = staging.resolve(UUID.randomUUID() + ".part");
        try {
            if (directWrites) {
                DirectObjectOutput out = DirectObjectOutput.create(temp);
                try (FileChannel channel = out.channel()) {
                    try {
                        writer.writeTo(new NonClosingOutputStream(out));
                        out.finish();
                    }
                    finally {
                        out.abandon(); // nothing in flight after finish; after a failure, the buffers must be idle again
                    }
                    channel.force(true);
                }
            }
            else {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    OutputStream out = new SyncingOutputStream(channel);
                    writer.writeTo(new NonClosingOutputStream(out));
                    out.flush();
                    channel.force(true);
                }
            }
            Path parent = target.getParent();
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent);
                syncUpTo(parent);
            }
            AtomicFiles.moveDurably(temp, target);
        }
        finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public InputStream getObject(String bucket, String key) throws IOException {
        return Files.newInputStream(objectPath(bucket, key));
    }

    /** The file an object is stored in. */
    public Path objectPath(String bucket, String key) {
        Path bucketDirectory = bucketDirectory(bucket);
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Invalid object key '" + key + "'");
        }
        Path target = bucketDirectory.resolve(key).normalize();
        if (!target.startsWith(bucketDirectory)) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Object key '" + key + "' escapes its bucket");
        }
        return target;
    }

    private Path bucketDirectory(String bucket) {
        if (!BUCKET_NAME.matcher(bucket).matches() || bucket.contains("..")) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Invalid bucket name '" + bucket + "'");
        }
        return root.resolve(bucket);
    }

    private void syncUpTo(Path directory) throws IOException {
        for (Path current = directory; current != null && current.startsWith(root) && !current.equals(root); current = current.getParent()) {
            AtomicFiles.syncDirectory(current.getParent());
        }
    }

    /** Whether objects are written with O_DIRECT. */
    boolean directWrites() {
        return directWrites;
    }

    /**
     * Buffers object bytes in a direct buffer and writes each full buffer straight to the channel (no copy into a
     * temporary native buffer), then fsyncs it. On ext4 (data=ordered) an fsync of the log waits for every dirty block
     * in the journal transaction, so a large object written without intermediate syncs would stall puts; syncing
     * every {@link #SYNC_INTERVAL_BYTES} (1 MiB measured best; see PERFORMANCE.md) keeps dirty data, and so put latency,
     * small. {@link #flush} writes what is buffered without syncing; the caller fsyncs the file at the end.
     */
    private static final class SyncingOutputStream extends OutputStream {
        private static final int SYNC_INTERVAL_BYTES = 1024 * 1024;
        /** One buffer per delivery thread, reused for every object it writes. */
        private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SYNC_INTERVAL_BYTES));
        private final FileChannel channel;
        private final ByteBuffer buffer;

        SyncingOutputStream(FileChannel channel) {
            this.channel = channel;
            this.buffer = BUFFERS.get().clear();
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                writeBuffer(true);
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (!buffer.hasRemaining()) {
                    writeBuffer(true);
                }
                int chunk = Math.min(length, buffer.remaining());
                buffer.put(bytes, offset, chunk);
                offset += chunk;
                length -= chunk;
            }
        }

        @Override
        public void flush() throws IOException {
            writeBuffer(false);
        }

        private void writeBuffer(boolean sync) throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
            if (sync) {
                channel.force(false);
            }
        }
    }

    private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
