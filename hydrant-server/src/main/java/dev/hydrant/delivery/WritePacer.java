package dev.hydrant.delivery;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Spreads the writing of a large object over a little time when delivery keeps up with its stream, instead of
 * writing it as fast as the disk takes it.
 *
 * <p>Why: on a disk shared with the log, an object written in one burst fills the device's queue and cache, and every
 * fsync of the log during the burst waits for those bytes too (a device flush takes everything written before it). The
 * log's fsyncs are what PutRecord(Batch) answers wait for, so bursts become the tail of the ingest latency. Written at
 * {@link #RATE_FACTOR} times the rate its records arrived, the object still leaves the buffer in four fifths of the time
 * it took to fill it, and each log fsync finds less in front of it. On the development machine, at half the maximum
 * ingest rate with 64 MiB objects, this took the PutRecordBatch p99 from 46 ms to 21-22 ms (factor 2: 23-30 ms, 1.5:
 * 26 ms; see PERFORMANCE.md).
 *
 * <p>A delivery that is behind its stream (its newest record arrived more than {@link #BEHIND_MILLIS} ago) is not paced,
 * so pacing never slows a catch-up; nor are objects under {@link #MIN_BYTES}; and no object is stretched over more
 * than {@link #MAX_NANOS}, which bounds what pacing adds to the time until records are visible.
 */
final class WritePacer {
    static final long MIN_BYTES = 8L * 1024 * 1024;
    static final long BEHIND_MILLIS = 1_000;
    static final long MAX_NANOS = 500_000_000L;
    /** The object is written at this many times the rate at which its records arrived. */
    static final double RATE_FACTOR = 1.25;
    /** Pauses are taken after at least this many bytes, so there are few of them. */
    static final long STEP_BYTES = 1024 * 1024;

    static final WritePacer NONE = new WritePacer(0, 0, System::nanoTime, LockSupport::parkNanos);

    private final long bytes;
    private final long durationNanos;
    private final LongSupplier nanoTime;
    private final LongConsumer park;
    private long start = Long.MIN_VALUE;
    private long written;
    private long unpaced;

    WritePacer(long bytes, long durationNanos, LongSupplier nanoTime, LongConsumer park) {
        this.bytes = bytes;
        this.durationNanos = durationNanos;
        this.nanoTime = nanoTime;
        this.park = park;
    }

    /**
     * The pacing of an object of {@code bytes} whose records arrived between {@code oldestArrival} and
     * {@code newestArrival} (epoch ms), delivered at {@code now}.
     */
    static WritePacer forObject(long bytes, long oldestArrival, long newestArrival, long now) {
        return forObject(bytes, oldestArrival, newestArrival, now, System::nanoTime, LockSupport::parkNanos);
    }

    static WritePacer forObject(long bytes, long oldestArrival, long newestArrival, long now, LongSupplier nanoTime, LongConsumer park) {
        long nanos = duration(bytes, oldestArrival, newestArrival, now);
        return nanos == 0 ? NONE : new WritePacer(bytes, nanos, nanoTime, park);
    }

    /** How long writing the object should take at least, in nanoseconds; 0 for as fast as possible. */
    static long duration(long bytes, long oldestArrival, long newestArrival, long now) {
        if (bytes < MIN_BYTES || now - newestArrival > BEHIND_MILLIS || newestArrival <= oldestArrival) {
            return 0;
        }
        long arrivalNanos = (newestArrival - oldestArrival) * 1_000_000L;
        return Math.min(MAX_NANOS, (long) (arrivalNanos / RATE_FACTOR));
    }

    long durationNanos() {
        return durationNanos;
    }

    /** Counts {@code length} bytes written, and pauses when the object is ahead of its pace. */
    void wrote(int length) {
        if (durationNanos == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (start == Long.MIN_VALUE) {
            start = now;
        }
        written += length;
        unpaced += length;
        if (unpaced < STEP_BYTES) {
            return;
        }
        unpaced = 0;
        long due = start + (long) ((double) durationNanos * Math.min(written, bytes) / bytes);
        if (due > now) {
            park.accept(due - now);
        }
    }
}
