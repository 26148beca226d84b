package org.mlops4j.monitoring.profile;

/**
 * How large the sketches of a profile may grow.
 *
 * <p>A numeric feature keeps an Apache DataSketches KLL doubles sketch with parameter
 * {@code quantileK}: its normalized rank error is about 1.33% at the default k = 200 (1.65% for
 * a rank read from a merged PMF) and its serialized size stays a few KB however many values it
 * has seen (about 5 KB after 10,000,000). A categorical or boolean feature keeps exact counts of
 * at most {@code maxCategories} distinct values; values beyond that are counted in an "other"
 * bucket.
 *
 * @param quantileK the KLL parameter k, in [8, 65535]; larger is more accurate and larger
 * @param maxCategories the most distinct values counted exactly per categorical feature, at
 *     least 1
 */
public record ProfileConfig(int quantileK, int maxCategories) {

    /** The smallest k the KLL sketch accepts. */
    static final int MIN_K = 8;
    /** The largest k the KLL sketch accepts. */
    static final int MAX_K = 65_535;

    /**
     * Validates the config.
     *
     * @param quantileK the KLL parameter k, in [8, 65535]; larger is more accurate and larger
     * @param maxCategories the most distinct values counted exactly per categorical feature, at
     *     least 1
     * @throws IllegalArgumentException if {@code quantileK} is outside [8, 65535] or
     *     {@code maxCategories} is below 1
     */
    public ProfileConfig {
        if (quantileK < MIN_K || quantileK > MAX_K) {
            throw new IllegalArgumentException("quantileK must be in [" + MIN_K + ", " + MAX_K + "] but was " + quantileK);
        }
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be at least 1 but was " + maxCategories);
        }
    }

    /**
     * The default config: k = 200 and 1,000 categories.
     *
     * @return the defaults
     */
    public static ProfileConfig ofDefaults() {
        return new ProfileConfig(200, 1_000);
    }
}
