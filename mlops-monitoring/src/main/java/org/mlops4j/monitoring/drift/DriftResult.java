package org.mlops4j.monitoring.drift;

import java.util.Objects;

/**
 * The outcome of one drift test on one feature.
 *
 * <p>For hypothesis tests {@code pValue} is in [0, 1] and {@code drifted} is
 * {@code pValue < threshold}. For distances {@code pValue} is NaN and {@code drifted} is
 * {@code statistic >= threshold}.
 *
 * @param method the test's name, as registered in {@link DriftTests}
 * @param statistic the test statistic or distance; never NaN
 * @param pValue the p-value in [0, 1], or NaN for a distance
 * @param threshold the significance level (tests) or the distance at which drift is declared
 * @param drifted whether the test declares drift
 */
public record DriftResult(String method, double statistic, double pValue, double threshold,
                          boolean drifted) {

    /**
     * Validates the components.
     *
     * @param method the test's name, as registered in {@link DriftTests}
     * @param statistic the test statistic or distance; never NaN
     * @param pValue the p-value in [0, 1], or NaN for a distance
     * @param threshold the significance level (tests) or the distance at which drift is declared
     * @param drifted whether the test declares drift
     * @throws NullPointerException if {@code method} is null
     * @throws IllegalArgumentException if {@code method} is blank, {@code statistic} is NaN,
     *     {@code pValue} is neither NaN nor in [0, 1], or {@code threshold} is not finite
     */
    public DriftResult {
        Objects.requireNonNull(method, "method");
        if (method.isBlank()) {
            throw new IllegalArgumentException("method must not be blank but was '" + method + "'");
        }
        if (Double.isNaN(statistic)) {
            throw new IllegalArgumentException("statistic must not be NaN for method " + method);
        }
        if (!Double.isNaN(pValue) && (pValue < 0.0 || pValue > 1.0)) {
            throw new IllegalArgumentException("pValue must be NaN or in [0, 1] but was " + pValue);
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite but was " + threshold);
        }
    }

    /**
     * Tells whether this result carries a p-value (a hypothesis test) rather than a distance.
     *
     * @return {@code true} if {@code pValue} is not NaN
     */
    public boolean hasPValue() {
        return !Double.isNaN(pValue);
    }
}
