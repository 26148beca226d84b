package org.mlops4j.monitoring.drift;

import java.util.Map;

/**
 * A two-sample test or distance that compares a categorical feature's reference sample with a
 * current sample and decides whether the feature drifted.
 *
 * <p>Categories are compared by {@link String#equals}; a category seen in only one sample is a
 * valid input (it has a count of zero on the other side). Built-in implementations come from
 * {@link DriftTests#categorical(String)}; they are stateless, immutable and thread-safe.
 */
public interface CategoricalDriftTest {

    /**
     * Returns the name under which this test is registered in {@link DriftTests}, for example
     * {@code "chisquare"}.
     *
     * @return the test's name, never blank
     */
    String name();

    /**
     * Compares two samples of category labels.
     *
     * @param reference the reference sample; not modified
     * @param current the current sample; not modified
     * @return the statistic, p-value (NaN for distances), threshold and decision
     * @throws NullPointerException if a sample or one of its labels is null
     * @throws IllegalArgumentException if a sample is empty
     */
    DriftResult test(String[] reference, String[] current);

    /**
     * Compares two samples given as counts per category, as kept by a profile. The default
     * expands the counts into label arrays; the built-in tests read the counts directly.
     *
     * @param reference count per category of the reference sample, in first-seen order
     * @param current count per category of the current sample
     * @return the same result {@link #test(String[], String[])} gives on the expanded samples
     * @throws NullPointerException if a map, a category or a count is null
     * @throws IllegalArgumentException if a count is negative or a sample is empty
     */
    default DriftResult testCounts(Map<String, Long> reference, Map<String, Long> current) {
        return test(CategoryCounts.expand(reference, "reference"), CategoryCounts.expand(current, "current"));
    }

    /**
     * Compares two dictionary-encoded samples ({@link CategoryCodes}), for instance columns read
     * from Arrow or Parquet or values a window encoded as they arrived. The built-in tests count
     * the codes and hash only the labels of the categories seen, not every value's, and give
     * exactly the result of {@link #test(String[], String[])} on the decoded labels; the default
     * decodes the labels and calls it.
     *
     * @param reference the reference sample
     * @param current the current sample
     * @return the statistic, p-value (NaN for distances), threshold and decision
     * @throws NullPointerException if a sample is null
     * @throws IllegalArgumentException if a sample is empty
     */
    default DriftResult test(CategoryCodes reference, CategoryCodes current) {
        return test(reference.labels(), current.labels());
    }
}
