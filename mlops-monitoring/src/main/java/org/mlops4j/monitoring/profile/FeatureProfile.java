package org.mlops4j.monitoring.profile;

import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;

/**
 * A bounded-memory, mergeable summary of one feature's values, built in one pass.
 *
 * <p>Every profile counts the values it has seen ({@link #count()}), split into {@link #missing()}
 * ({@code null}), {@link #invalid()} (a value of the wrong type for the feature), {@link #nonFinite()}
 * (NaN or an infinity given to a numeric feature) and {@link #valid()}. Only valid values enter
 * the statistics:
 * <ul>
 *   <li>a {@link FeatureType#NUMERIC} profile keeps min, max, mean and variance (Welford's update,
 *       merged with Chan, Golub and LeVeque's pairwise formula) and an Apache DataSketches KLL
 *       quantile sketch (Karnin, Lang and Liberty 2016) from which {@link #quantile(double)} and
 *       the PSI decile edges {@link #psiEdges()} are read;</li>
 *   <li>a {@link FeatureType#CATEGORICAL} or {@link FeatureType#BOOLEAN} profile counts each value
 *       exactly ({@code "true"}/{@code "false"} for booleans) up to
 *       {@link ProfileConfig#maxCategories()} distinct values, and counts the rest in
 *       {@link #otherCount()}.</li>
 * </ul>
 * A numeric value is any {@link Number} except {@link Boolean}; a categorical value is any
 * {@link CharSequence}; a boolean value is a {@link Boolean}. Anything else is counted as invalid
 * rather than rejected, so that a profile of dirty data still describes it.
 *
 * <p>Not thread-safe: confine a profile to one thread while updating it, and {@link #merge merge}
 * the profiles of several threads or replicas afterwards.
 */
public interface FeatureProfile {

    /**
     * Creates an empty profile of a feature with the default config.
     *
     * @param feature the feature
     * @return an empty profile
     */
    static FeatureProfile of(Feature feature) {
        return of(feature, ProfileConfig.ofDefaults());
    }

    /**
     * Creates an empty profile of a feature.
     *
     * @param feature the feature
     * @param config the sketch sizes
     * @return an empty profile
     */
    static FeatureProfile of(Feature feature, ProfileConfig config) {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(config, "config");
        return feature.type() == FeatureType.NUMERIC
                ? new NumericProfile(feature, config.quantileK())
                : new CategoricalProfile(feature, config.maxCategories());
    }

    /**
     * Returns the feature this profile describes.
     *
     * @return the feature
     */
    Feature feature();

    /**
     * Adds one value.
     *
     * @param value the value, {@code null} when missing
     */
    void update(Object value);

    /**
     * Adds everything another profile of the same feature has seen to this one; {@code other} is
     * not changed. The result is the profile of the union of both inputs, with exact counts,
     * min, max, mean and variance (up to rounding) and quantiles within the sketch's error bound.
     *
     * @param other a profile of a feature with the same name and type
     * @throws IllegalArgumentException if {@code other} describes another feature or type
     */
    void merge(FeatureProfile other);

    /**
     * Returns an independent copy of this profile.
     *
     * @return the copy
     */
    FeatureProfile copy();

    /**
     * Returns how many values were given, of every kind.
     *
     * @return missing + invalid + non-finite + valid
     */
    long count();

    /**
     * Returns how many values were {@code null}.
     *
     * @return the missing count
     */
    long missing();

    /**
     * Returns how many values had the wrong type for the feature.
     *
     * @return the invalid count
     */
    long invalid();

    /**
     * Returns how many numeric values were NaN or infinite; always 0 for other features.
     *
     * @return the non-finite count
     */
    long nonFinite();

    /**
     * Returns how many values entered the statistics.
     *
     * @return the valid count
     */
    long valid();

    /**
     * Returns the smallest valid value of a numeric feature.
     *
     * @return the minimum, NaN when there is no valid value
     * @throws IllegalStateException if the feature is not numeric
     */
    double min();

    /**
     * Returns the largest valid value of a numeric feature.
     *
     * @return the maximum, NaN when there is no valid value
     * @throws IllegalStateException if the feature is not numeric
     */
    double max();

    /**
     * Returns the mean of the valid values of a numeric feature.
     *
     * @return the mean, NaN when there is no valid value
     * @throws IllegalStateException if the feature is not numeric
     */
    double mean();

    /**
     * Returns the sample variance (divisor n - 1, numpy {@code var(ddof=1)}) of the valid values
     * of a numeric feature.
     *
     * @return the variance, NaN with fewer than two valid values
     * @throws IllegalStateException if the feature is not numeric
     */
    double variance();

    /**
     * Returns an approximate quantile of the valid values of a numeric feature: the smallest
     * retained value whose inclusive normalized rank is at least {@code q}.
     *
     * @param q the normalized rank, in [0, 1]
     * @return the quantile
     * @throws IllegalArgumentException if {@code q} is outside [0, 1]
     * @throws IllegalStateException if the feature is not numeric or has no valid value
     */
    double quantile(double q);

    /**
     * Returns the 9 inner bin edges of the population stability index: the quantiles at
     * 0.1, 0.2, ..., 0.9 (the reference deciles of {@code StabilityIndex}).
     *
     * @return a new array of 9 non-decreasing edges
     * @throws IllegalStateException if the feature is not numeric or has no valid value
     */
    double[] psiEdges();

    /**
     * Returns the exact count of each category kept, most frequent first (ties by name).
     *
     * @return an unmodifiable map from category to count
     * @throws IllegalStateException if the feature is numeric
     */
    Map<String, Long> categoryCounts();

    /**
     * Returns how many valid values fell outside the categories kept (see
     * {@link ProfileConfig#maxCategories()}).
     *
     * @return the count of the "other" bucket
     * @throws IllegalStateException if the feature is numeric
     */
    long otherCount();

    /**
     * Returns each kept category's share of the valid values, most frequent first; the shares
     * sum to 1 minus the share of {@link #otherCount()}.
     *
     * @return an unmodifiable map from category to share in [0, 1]; empty with no valid value
     * @throws IllegalStateException if the feature is numeric
     */
    Map<String, Double> categoryShares();
}
