package dev.hydrant.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where delivery writes objects: local bucket directories in the embedded default, an S3-compatible store
 * when scaled out. A put is atomic: readers see the whole object or nothing.
 */
public interface ObjectStore {
    /** Creates a bucket if it is missing. */
    void createBucket(String bucket) throws IOException;

    boolean bucketExists(String bucket);

    /** Deletes an empty bucket; returns false when it still holds objects. */
    boolean deleteBucket(String bucket) throws IOException;

    /**
     * Writes an object atomically and durably: when this returns, the object survives a crash; when it
     * throws, no partial object is visible. Writing the same key again replaces the object.
     */
    void putObject(String bucket, String key, ObjectWriter writer) throws IOException;

    /**
     * Opens an object for reading (reference data of SQL applications); the caller closes the stream.
     *
     * @throws java.nio.file.NoSuchFileException when the bucket or the object does not exist
     */
    InputStream getObject(String bucket, String key) throws IOException;

    /** Streams an object's content into the store. */
    @FunctionalInterface
    interface ObjectWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
