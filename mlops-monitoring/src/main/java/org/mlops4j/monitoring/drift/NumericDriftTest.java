package org.mlops4j.monitoring.drift;

/**
 * A two-sample test or distance that compares a numeric feature's reference sample with a
 * current sample and decides whether the feature drifted.
 *
 * <p>Built-in implementations come from {@link DriftTests#numeric(String)}; they are stateless,
 * immutable and safe to share between threads. Inputs are never modified (implementations sort
 * copies).
 */
public interface NumericDriftTest {

    /**
     * Returns the name under which this test is registered in {@link DriftTests}, for example
     * {@code "ks"}.
     *
     * @return the test's name, never blank
     */
    String name();

    /**
     * Compares two samples.
     *
     * @param reference the reference (training-time) sample; not modified
     * @param current the current (serving-time) sample; not modified
     * @return the statistic, p-value (NaN for distances), threshold and decision
     * @throws NullPointerException if a sample is null
     * @throws IllegalArgumentException if a sample is empty, contains NaN or infinite values,
     *     or is too small or too degenerate for this test (the message names the problem)
     */
    DriftResult test(double[] reference, double[] current);

    /**
     * Compares two samples that were checked and sorted once ({@link SortedSample#of}), so that
     * several tests, or every window compared with the same reference, share the sort. The
     * built-in tests read the sorted values in place and give exactly the result of
     * {@link #test(double[], double[])} on the original arrays. The default passes the sorted
     * values to {@link #test(double[], double[])}, which for a test whose answer depends on the
     * order of the values may differ in the last bits from a call on the arrays in arrival order.
     *
     * @param reference the reference sample
     * @param current the current sample
     * @return the statistic, p-value (NaN for distances), threshold and decision
     * @throws NullPointerException if a sample is null
     * @throws IllegalArgumentException if a sample is too small or too degenerate for this test
     */
    default DriftResult test(SortedSample reference, SortedSample current) {
        return test(reference.values(), current.values());
    }
}
