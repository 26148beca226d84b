package org.mlops4j.monitoring.drift;

/**
 * A numeric sample checked and sorted once, so that several tests, or the same reference in
 * every window, share one sort: {@link NumericDriftTest#test(SortedSample, SortedSample)} runs a
 * built-in test on it without copying or sorting again, with exactly the answer of
 * {@link NumericDriftTest#test(double[], double[])} on the original arrays.
 *
 * <p>It keeps a sorted copy of the values (radix-sorted from 4,096 values, in the order of
 * {@link java.util.Arrays#sort(double[])}) and the sample's mean and sum of squared deviations
 * computed in arrival order, which Welch's t-test reads (its sums depend on the order of the
 * additions in the last bits). Memory: 8 bytes per value.
 *
 * <p>Immutable and thread-safe.
 */
public final class SortedSample {

    private final double[] sorted;
    /** {shift, mean - shift, sum of squared deviations} in arrival order, see {@link WelchTTest#moments}. */
    private final double[] moments;
    /** The first value in arrival order, which the t-test names when both samples are constant. */
    private final double first;

    private SortedSample(double[] sorted, double[] moments, double first) {
        this.sorted = sorted;
        this.moments = moments;
        this.first = first;
    }

    /**
     * Checks a sample and sorts a copy of it.
     *
     * @param sample the values; not modified
     * @return the sorted sample
     * @throws NullPointerException if {@code sample} is null
     * @throws IllegalArgumentException if the sample is empty or holds NaN or an infinity (the
     *     message names the first such index and value)
     */
    public static SortedSample of(double[] sample) {
        return of(sample, "sample");
    }

    /** As {@link #of(double[])}, naming the sample {@code name} in the messages. */
    static SortedSample of(double[] sample, String name) {
        // The moments' pass is also the finiteness check, with Samples.checkedCopy's messages.
        double[] moments = WelchTTest.moments(sample, name);
        double[] copy = sample.clone();
        RadixSort.sort(copy);
        return new SortedSample(copy, moments, sample[0]);
    }

    /**
     * Returns the number of values.
     *
     * @return the size, at least 1
     */
    public int size() {
        return sorted.length;
    }

    /**
     * Returns the values in ascending order.
     *
     * @return a copy of the sorted values
     */
    public double[] values() {
        return sorted.clone();
    }

    /** The sorted values themselves, for statistics that only read them. */
    double[] sorted() {
        return sorted;
    }

    /** {shift, mean - shift, sum of squared deviations}, computed in arrival order. */
    double[] moments() {
        return moments;
    }

    /** The first value in arrival order. */
    double first() {
        return first;
    }

    @Override
    public String toString() {
        return "SortedSample[size=" + sorted.length + ", min=" + sorted[0] + ", max=" + sorted[sorted.length - 1]
                + "]";
    }
}
