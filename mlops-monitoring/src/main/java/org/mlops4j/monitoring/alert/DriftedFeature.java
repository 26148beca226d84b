package org.mlops4j.monitoring.alert;

import java.util.Objects;

/**
 * One feature among the most drifted in a window, with its drift statistic (for example a PSI,
 * a Kolmogorov-Smirnov distance or a Wasserstein distance; the unit is the drift test's).
 *
 * @param feature the feature name, not blank
 * @param statistic the drift statistic, finite
 */
public record DriftedFeature(String feature, double statistic) {

    /**
     * Validates the feature.
     *
     * @param feature the feature name, not blank
     * @param statistic the drift statistic, finite
     * @throws NullPointerException if {@code feature} is null
     * @throws IllegalArgumentException if {@code feature} is blank or {@code statistic} is not finite
     */
    public DriftedFeature {
        Objects.requireNonNull(feature, "feature");
        if (feature.isBlank()) {
            throw new IllegalArgumentException("feature must not be blank but was '" + feature + "'");
        }
        if (!Double.isFinite(statistic)) {
            throw new IllegalArgumentException("statistic must be finite but was " + statistic);
        }
    }
}
