package dev.hydrant.format;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PositionedReadable;
import org.apache.hadoop.fs.Seekable;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A read-only Hadoop file system holding one file in memory, so tests can read ORC back with orc-core's reader
 * without Hadoop's local file system (which needs Hadoop's whole runtime).
 */
final class TestingByteArrayFileSystem extends FileSystem {
    private final byte[] content;

    TestingByteArrayFileSystem(byte[] content) {
        this.content = requireNonNull(content, "content is null");
        setConf(new org.apache.hadoop.conf.Configuration(false));
    }

    @Override
    public URI getUri() {
        return URI.create("memory:///");
    }

    @Override
    public FSDataInputStream open(Path path, int bufferSize) {
        return new FSDataInputStream(new SeekableBytes(content));
    }

    @Override
    public FileStatus getFileStatus(Path path) {
        return new FileStatus(content.length, false, 1, content.length, 0, path);
    }

    @Override
    public FSDataOutputStream create(Path path, FsPermission permission, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        throw new IOException("read only");
    }

    @Override
    public FSDataOutputStream append(Path path, int bufferSize, Progressable progress) throws IOException {
        throw new IOException("read only");
    }

    @Override
    public boolean rename(Path source, Path destination) throws IOException {
        throw new IOException("read only");
    }

    @Override
    public boolean delete(Path path, boolean recursive) throws IOException {
        throw new IOException("read only");
    }

    @Override
    public FileStatus[] listStatus(Path path) {
        return new FileStatus[] {getFileStatus(path)};
    }

    @Override
    public void setWorkingDirectory(Path directory) {}

    @Override
    public Path getWorkingDirectory() {
        return new Path("/");
    }

    @Override
    public boolean mkdirs(Path path, FsPermission permission) throws IOException {
        throw new IOException("read only");
    }

    private static final class SeekableBytes extends ByteArrayInputStream implements Seekable, PositionedReadable {
        SeekableBytes(byte[] content) {
            super(content);
        }

        @Override
        public void seek(long position) {
            pos = Math.toIntExact(position);
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public boolean seekToNewSource(long targetPosition) {
            return false;
        }

        @Override
        public int read(long position, byte[] buffer, int offset, int length) {
            if (position >= count) {
                return -1;
            }
            int read = Math.min(length, count - Math.toIntExact(position));
            System.arraycopy(buf, Math.toIntExact(position), buffer, offset, read);
            return read;
        }

        @Override
        public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
            if (read(position, buffer, offset, length) != length) {
                throw new java.io.EOFException("past the end");
            }
        }

        @Override
        public void readFully(long position, byte[] buffer) throws IOException {
            readFully(position, buffer, 0, buffer.length);
        }
    }
}
