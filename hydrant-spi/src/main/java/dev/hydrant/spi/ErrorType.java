package dev.hydrant.spi;

/** How an error should be handled: who caused it and whether retrying can help. */
public enum ErrorType {
    /** The caller sent something invalid; retrying the same request fails the same way. */
    USER_ERROR,
    /** A bug or broken invariant inside Hydrant. */
    INTERNAL_ERROR,
    /** Hydrant is temporarily out of capacity (log full, too many requests); retry later. */
    INSUFFICIENT_RESOURCES,
    /** A system outside Hydrant failed (a destination, a transform); retry with backoff. */
    EXTERNAL
}
