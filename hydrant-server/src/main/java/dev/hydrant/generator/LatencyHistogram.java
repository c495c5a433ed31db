package dev.hydrant.generator;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size, thread-safe histogram of latencies in nanoseconds, good for percentiles to within about 3%.
 *
 * <p>Values below {@value #SUB_BUCKETS} fall in buckets of their own. Above that, every power of two is split into
 * {@value #SUB_BUCKETS} equal buckets (the layout of HdrHistogram with two significant decimal digits), so memory
 * stays at {@value #BUCKET_COUNT} counters however many values are recorded.
 */
public final class LatencyHistogram {
    private static final int SUB_BUCKET_BITS = 5;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** Enough buckets for every non-negative {@code long}: magnitudes 2^5 .. 2^62 have 58 ranges of 32 buckets. */
    private static final int BUCKET_COUNT = SUB_BUCKETS + (Long.SIZE - 1 - SUB_BUCKET_BITS) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKET_COUNT);
    private final AtomicLong maximum = new AtomicLong();

    /** Counts one latency; negative values count as 0. */
    public void record(long nanos) {
        long value = Math.max(0, nanos);
        counts.incrementAndGet(bucketOf(value));
        maximum.accumulateAndGet(value, Math::max);
    }

    /** The counts so far, as an immutable copy. */
    public Snapshot snapshot() {
        long[] copy = new long[BUCKET_COUNT];
        for (int bucket = 0; bucket < BUCKET_COUNT; bucket++) {
            copy[bucket] = counts.get(bucket);
        }
        return new Snapshot(copy, maximum.get());
    }

    static int bucketOf(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int magnitude = Long.SIZE - 1 - Long.numberOfLeadingZeros(value);
        int shift = magnitude - SUB_BUCKET_BITS;
        return SUB_BUCKETS + shift * SUB_BUCKETS + (int) ((value >>> shift) - SUB_BUCKETS);
    }

    static long lowestValueOf(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        int shift = bucket / SUB_BUCKETS - 1;
        long subBucket = bucket % SUB_BUCKETS + SUB_BUCKETS;
        return subBucket << shift;
    }

    static long highestValueOf(int bucket) {
        return bucket + 1 < BUCKET_COUNT ? lowestValueOf(bucket + 1) - 1 : Long.MAX_VALUE;
    }

    /** The histogram's counts at one moment; snapshots can be subtracted to get the values of an interval. */
    public static final class Snapshot {
        private final long[] counts;
        private final long maximum;
        private final long count;

        private Snapshot(long[] counts, long maximum) {
            this.counts = counts;
            this.maximum = maximum;
            long total = 0;
            for (long bucketCount : counts) {
                total += bucketCount;
            }
            this.count = total;
        }

        /** How many values were recorded. */
        public long count() {
            return count;
        }

        /** The largest value recorded, exact for a histogram's own snapshot, within a bucket for a difference. */
        public long maximum() {
            return maximum;
        }

        /**
         * The value that {@code percentile} percent of the recorded values are at or below (the middle of its bucket,
         * never above the maximum), or 0 when nothing was recorded.
         */
        public long percentile(double percentile) {
            if (count == 0) {
                return 0;
            }
            long rank = Math.max(1, (long) Math.ceil(Math.min(100.0, Math.max(0.0, percentile)) / 100.0 * count));
            long seen = 0;
            for (int bucket = 0; bucket < counts.length; bucket++) {
                seen += counts[bucket];
                if (seen >= rank) {
                    long middle = lowestValueOf(bucket) + (highestValueOf(bucket) - lowestValueOf(bucket)) / 2;
                    return Math.min(middle, maximum);
                }
            }
            return maximum;
        }

        /** The values recorded after {@code earlier} was taken and up to this snapshot. */
        public Snapshot minus(Snapshot earlier) {
            long[] difference = new long[counts.length];
            int highest = -1;
            for (int bucket = 0; bucket < counts.length; bucket++) {
                difference[bucket] = counts[bucket] - earlier.counts[bucket];
                if (difference[bucket] > 0) {
                    highest = bucket;
                }
            }
            return new Snapshot(difference, highest < 0 ? 0 : Math.min(maximum, highestValueOf(highest)));
        }
    }
}
