package dev.hydrant.generator;

import static java.util.Objects.requireNonNull;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Paces record generation to a target rate with tokens earned on the monotonic clock: one token per
 * {@code 1 / recordsPerSecond} seconds, at most one second's worth saved up after a stall.
 *
 * <p>{@link #acquire(int)} hands out a whole batch when enough tokens are there. At low rates, where filling a batch
 * would take long, it hands out what has been earned once {@code linger} has passed since the previous grant, so
 * records leave at the target rate in small batches instead of one large batch every few seconds. The caller parks
 * (it never spins) until the next token or the end of the linger time.
 *
 * <p>Not thread-safe: one producer thread acquires.
 */
final class LoadPacer {
    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    private final double nanosPerRecord;
    private final long lingerNanos;
    private final long maximumSavedRecords;
    private final LongSupplier nanoTime;
    private final LongConsumer parkNanos;
    /** The time at which the clock started earning tokens; moved forward when saved-up tokens are dropped. */
    private long startNanos;
    private long grantedRecords;
    private long lastGrantNanos;

    /**
     * @param nanoTime the monotonic clock, {@code System::nanoTime} outside tests
     * @param parkNanos waits about the given nanoseconds, {@code LockSupport::parkNanos} outside tests
     */
    LoadPacer(long recordsPerSecond, long lingerNanos, LongSupplier nanoTime, LongConsumer parkNanos) {
        if (recordsPerSecond < 1) {
            throw new IllegalArgumentException("recordsPerSecond must be at least 1: " + recordsPerSecond);
        }
        this.nanosPerRecord = NANOS_PER_SECOND / recordsPerSecond;
        this.lingerNanos = lingerNanos;
        this.maximumSavedRecords = recordsPerSecond;
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.parkNanos = requireNonNull(parkNanos, "parkNanos is null");
        long now = nanoTime.getAsLong();
        // The first record may leave at once.
        this.startNanos = now - (long) Math.ceil(nanosPerRecord);
        this.lastGrantNanos = now;
    }

    /**
     * Waits until records may be sent and returns how many: {@code maximumRecords} when that many tokens are earned,
     * otherwise the tokens earned so far (at least 1) once the linger time has passed.
     */
    int acquire(int maximumRecords) throws InterruptedException {
        if (maximumRecords < 1) {
            throw new IllegalArgumentException("maximumRecords must be at least 1: " + maximumRecords);
        }
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long now = nanoTime.getAsLong();
            long available = availableRecords(now);
            if (available >= maximumRecords || (available >= 1 && now - lastGrantNanos >= lingerNanos)) {
                int granted = (int) Math.min(available, maximumRecords);
                grantedRecords += granted;
                lastGrantNanos = now;
                return granted;
            }
            long fullBatchAt = timeOfRecord(grantedRecords + maximumRecords);
            long partialBatchAt = Math.max(timeOfRecord(grantedRecords + 1), lastGrantNanos + lingerNanos);
            parkNanos.accept(Math.max(1, Math.min(fullBatchAt, partialBatchAt) - now));
        }
    }

    private long availableRecords(long now) {
        long earned = (long) ((now - startNanos) / nanosPerRecord);
        long available = earned - grantedRecords;
        if (available > maximumSavedRecords) {
            startNanos += (long) ((available - maximumSavedRecords) * nanosPerRecord);
            available = maximumSavedRecords;
        }
        return available;
    }

    /** When the {@code record}-th token (counting from 1) is earned. */
    private long timeOfRecord(long record) {
        return startNanos + (long) Math.ceil(record * nanosPerRecord);
    }
}
