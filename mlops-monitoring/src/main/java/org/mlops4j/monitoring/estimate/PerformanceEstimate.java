package org.mlops4j.monitoring.estimate;

/**
 * A classifier's performance on one window estimated without labels, with a sampling-error band
 * for each figure: {@link BinaryPerformanceEstimate} or {@link MulticlassPerformanceEstimate}.
 *
 * <p>The band {@code value ± k · standardError} says how far the realised figure (the one the
 * labels will give once they arrive) is expected to fall from the estimate because the window is
 * a finite sample, assuming the calibrated probabilities are right: with k = 3 (NannyML's
 * default) about 99.7% of windows of a well-calibrated model fall inside when the realised figure
 * is close to normal. It does not include the calibrator's own fitting error, nor concept drift.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface PerformanceEstimate {

    /**
     * The number of rows the estimate covers.
     *
     * @return the window's row count, at least one
     */
    long rows();

    /**
     * The estimated figure.
     *
     * @param metric the figure
     * @return its estimate, NaN when undefined (for example precision when no row is predicted positive)
     * @throws NullPointerException if metric is null
     */
    double value(EstimatedMetric metric);

    /**
     * The standard error of the realised figure around the estimate (its sampling error).
     *
     * @param metric the figure
     * @return the standard error, not negative, or NaN when unknown or the figure is undefined
     * @throws NullPointerException if metric is null
     */
    double standardError(EstimatedMetric metric);

    /**
     * The lower end of the sampling-error band: the estimate minus {@code k} standard errors.
     *
     * @param metric the figure
     * @param k how many standard errors, finite and not negative (3 is NannyML's default)
     * @return the lower bound, not below 0; NaN when the estimate or its standard error is NaN
     * @throws IllegalArgumentException if k is negative or not finite
     * @throws NullPointerException if metric is null
     */
    default double lower(EstimatedMetric metric, double k) {
        return Math.max(0.0, value(metric) - checkK(k) * standardError(metric));
    }

    /**
     * The upper end of the sampling-error band: the estimate plus {@code k} standard errors.
     *
     * @param metric the figure
     * @param k how many standard errors, finite and not negative (3 is NannyML's default)
     * @return the upper bound, not above 1; NaN when the estimate or its standard error is NaN
     * @throws IllegalArgumentException if k is negative or not finite
     * @throws NullPointerException if metric is null
     */
    default double upper(EstimatedMetric metric, double k) {
        return Math.min(1.0, value(metric) + checkK(k) * standardError(metric));
    }

    /**
     * Checks a band's width in standard errors.
     *
     * @param k how many standard errors
     * @return k
     * @throws IllegalArgumentException if k is negative or not finite
     */
    static double checkK(double k) {
        if (!(k >= 0) || !Double.isFinite(k)) {
            throw new IllegalArgumentException("k must be finite and not negative: " + k);
        }
        return k;
    }
}
