package dev.hydrant.delivery;

/**
 * The delivery intent written (atomically) before an object is put: the log offsets {@code [startOffset,
 * endOffset)} and the stream version it is built from. After a crash the task rebuilds exactly this object, under
 * exactly the same key, so a redelivery replaces the object instead of duplicating its records.
 */
public record PendingObject(long startOffset, long endOffset, long versionId) {}
