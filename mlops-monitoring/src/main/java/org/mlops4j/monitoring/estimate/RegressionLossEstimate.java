package org.mlops4j.monitoring.estimate;

/**
 * A regression model's error on one window estimated without targets by
 * {@link DirectLossEstimator}.
 *
 * @param rows the window's row count, at least one
 * @param mae the estimated mean absolute error: the mean of the rows' expected absolute errors
 * @param rmse the estimated root mean squared error: the square root of the mean of the rows'
 *     expected squared errors
 * @param maeStandardError the sampling error of the realised MAE around the estimate,
 *     sqrt(&Sigma; max(0, E[e<sup>2</sup>] - E[|e|]<sup>2</sup>)) / rows from the two fitted loss
 *     models (rows independent); it does not include the loss models' own fitting error
 */
public record RegressionLossEstimate(long rows, double mae, double rmse, double maeStandardError) {

    /**
     * Validates the estimate.
     *
     * @param rows the window's row count, at least one
     * @param mae the estimated MAE, finite and not negative
     * @param rmse the estimated RMSE, finite and not negative
     * @param maeStandardError the MAE's standard error, finite and not negative
     * @throws IllegalArgumentException if rows is not positive or a figure is negative or not finite
     */
    public RegressionLossEstimate {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1: " + rows);
        }
        check("mae", mae);
        check("rmse", rmse);
        check("maeStandardError", maeStandardError);
    }

    private static void check(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and not negative: " + value);
        }
    }

    /**
     * The lower end of the MAE's sampling-error band.
     *
     * @param k how many standard errors, finite and not negative
     * @return mae - k standard errors, not below 0
     * @throws IllegalArgumentException if k is negative or not finite
     */
    public double maeLower(double k) {
        return Math.max(0.0, mae - PerformanceEstimate.checkK(k) * maeStandardError);
    }

    /**
     * The upper end of the MAE's sampling-error band.
     *
     * @param k how many standard errors, finite and not negative
     * @return mae + k standard errors
     * @throws IllegalArgumentException if k is negative or not finite
     */
    public double maeUpper(double k) {
        return mae + PerformanceEstimate.checkK(k) * maeStandardError;
    }
}
