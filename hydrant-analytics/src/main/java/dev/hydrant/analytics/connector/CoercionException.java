package dev.hydrant.analytics.connector;

/** A value that cannot be coerced to its column's type; the row goes to error_stream. */
public final class CoercionException extends Exception {
    public CoercionException(String message) {
        super(message, null, false, false);
    }
}
