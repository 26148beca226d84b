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
}
