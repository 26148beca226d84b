package org.mlops4j.core.fleet;

import java.util.Arrays;

/**
 * An immutable, exactly mergeable histogram of latencies in milliseconds with logarithmic buckets of
 * relative accuracy {@link #RELATIVE_ACCURACY} (the bucket layout of DDSketch, Masson, Rim and Lee,
 * "DDSketch: a fast and fully-mergeable quantile sketch with relative-error guarantees", VLDB 2019).
 * Bucket {@code i > 0} holds the values in {@code (MIN * g^(i-1), MIN * g^i]} with
 * {@code g = (1 + a) / (1 - a)}; bucket 0 holds every value up to {@link #MIN_MILLIS}; values above
 * the last bucket's bound (about 30 hours) are counted in the last bucket.
 *
 * <p>Unlike a KLL sketch, whose compaction is randomised, {@link #merge} adds bucket counts, so it is
 * exact, associative and commutative: the fleet's merge does not depend on the order in which
 * replicas' windows are read. A quantile is within {@code a} relative error of a value of the
 * recorded data at that rank (for values between {@link #MIN_MILLIS} and the last bound).
 */
public final class LatencySketch {

    /** The relative accuracy of a quantile: 1%. */
    public static final double RELATIVE_ACCURACY = 0.01;
    /** Latencies up to this many milliseconds share the first bucket (one microsecond). */
    public static final double MIN_MILLIS = 1e-3;
    /** The number of buckets, which covers one microsecond to about 30 hours. */
    public static final int BUCKETS = 1200;

    static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    private static final LatencySketch EMPTY = new LatencySketch(new int[0], new long[0]);

    private final int[] buckets;
    private final long[] counts;
    private final long count;

    private LatencySketch(int[] buckets, long[] counts) {
        this.buckets = buckets;
        this.counts = counts;
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        this.count = n;
    }

    /** @return a sketch of no latency */
    public static LatencySketch empty() {
        return EMPTY;
    }

    /**
     * A sketch of the given latencies.
     *
     * @param millis latencies in milliseconds
     * @return their sketch
     * @throws IllegalArgumentException if a latency is negative or not finite
     */
    public static LatencySketch of(double... millis) {
        Recorder r = new Recorder();
        for (double v : millis) {
            r.record(v);
        }
        return r.snapshot();
    }

    /**
     * A sketch from bucket counts, as {@link #bucketIndices()} and {@link #bucketCounts()} give them.
     *
     * @param buckets the bucket indices, strictly increasing, in {@code [0, BUCKETS)}
     * @param counts each bucket's count, positive
     * @return the sketch
     * @throws IllegalArgumentException if the arrays differ in length, an index is out of order or
     *     range, or a count is not positive
     */
    public static LatencySketch ofBuckets(int[] buckets, long[] counts) {
        if (buckets.length != counts.length) {
            throw new IllegalArgumentException("buckets and counts must have the same length but had "
                    + buckets.length + " and " + counts.length);
        }
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] < 0 || buckets[i] >= BUCKETS || (i > 0 && buckets[i] <= buckets[i - 1])) {
                throw new IllegalArgumentException("bucket indices must increase within [0, " + BUCKETS
                        + ") but bucket " + i + " was " + buckets[i]);
            }
            if (counts[i] <= 0) {
                throw new IllegalArgumentException("bucket counts must be positive but count " + i + " was "
                        + counts[i]);
            }
        }
        return buckets.length == 0 ? EMPTY : new LatencySketch(buckets.clone(), counts.clone());
    }

    /** The bucket of a latency. */
    static int bucket(double millis) {
        if (!(millis >= 0) || Double.isInfinite(millis)) {
            throw new IllegalArgumentException("latency must be a finite number >= 0 but was " + millis);
        }
        if (millis <= MIN_MILLIS) {
            return 0;
        }
        int i = (int) Math.ceil(Math.log(millis / MIN_MILLIS) / LOG_GAMMA);
        return Math.min(Math.max(i, 1), BUCKETS - 1);
    }

    /** The value a bucket stands for: within the relative accuracy of every value it holds. */
    static double value(int bucket) {
        return bucket == 0 ? MIN_MILLIS : MIN_MILLIS * 2 * Math.pow(GAMMA, bucket) / (GAMMA + 1);
    }

    /** @return how many latencies the sketch holds */
    public long count() {
        return count;
    }

    /** @return the indices of the non-empty buckets, increasing (a copy) */
    public int[] bucketIndices() {
        return buckets.clone();
    }

    /** @return the counts of the non-empty buckets, in the order of {@link #bucketIndices()} (a copy) */
    public long[] bucketCounts() {
        return counts.clone();
    }

    /**
     * The latency at a rank: the value of the bucket holding the {@code floor(q * (count - 1))}-th
     * smallest latency (0-based).
     *
     * @param q the rank, in [0, 1]
     * @return the latency in milliseconds, NaN when the sketch is empty
     * @throws IllegalArgumentException if {@code q} is outside [0, 1]
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in [0, 1] but was " + q);
        }
        if (count == 0) {
            return Double.NaN;
        }
        return atRank((long) Math.floor(q * (count - 1)));
    }

    /** The value of the bucket holding the {@code rank}-th smallest latency (0-based, below count). */
    double atRank(long rank) {
        int i = 0;
        long seen = counts[0];
        while (seen <= rank) {
            seen += counts[++i];
        }
        return value(buckets[i]);
    }

    /**
     * Adds two sketches' buckets.
     *
     * @param other another sketch
     * @return a sketch of both sketches' latencies
     */
    public LatencySketch merge(LatencySketch other) {
        int[] b = new int[buckets.length + other.buckets.length];
        long[] c = new long[b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < buckets.length || j < other.buckets.length) {
            if (j == other.buckets.length || (i < buckets.length && buckets[i] < other.buckets[j])) {
                b[n] = buckets[i];
                c[n++] = counts[i++];
            } else if (i == buckets.length || other.buckets[j] < buckets[i]) {
                b[n] = other.buckets[j];
                c[n++] = other.counts[j++];
            } else {
                b[n] = buckets[i];
                c[n++] = Math.addExact(counts[i++], other.counts[j++]);
            }
        }
        return n == 0 ? EMPTY : new LatencySketch(Arrays.copyOf(b, n), Arrays.copyOf(c, n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencySketch s && Arrays.equals(s.buckets, buckets) && Arrays.equals(s.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(buckets) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LatencySketch[count=" + count + ", buckets=" + buckets.length + "]";
    }

    /**
     * A mutable sketch that counts latencies without allocating, for a window being filled. Not
     * thread-safe.
     */
    public static final class Recorder {
        private final long[] dense = new long[BUCKETS];

        /** Creates an empty recorder. */
        public Recorder() {
            // An explicit constructor for its javadoc.
        }

        /**
         * Counts one latency.
         *
         * @param millis the latency in milliseconds
         * @throws IllegalArgumentException if it is negative or not finite
         */
        public void record(double millis) {
            dense[bucket(millis)]++;
        }

        /** @return an immutable sketch of what was recorded so far */
        public LatencySketch snapshot() {
            int n = 0;
            for (long c : dense) {
                n += c > 0 ? 1 : 0;
            }
            if (n == 0) {
                return EMPTY;
            }
            int[] b = new int[n];
            long[] c = new long[n];
            int k = 0;
            for (int i = 0; i < dense.length; i++) {
                if (dense[i] > 0) {
                    b[k] = i;
                    c[k++] = dense[i];
                }
            }
            return new LatencySketch(b, c);
        }
    }
}
