package org.mlops4j.monitoring.multivariate;

/**
 * The PCA reconstruction check of one window ({@link MultivariateMethod#PCA_RECONSTRUCTION}).
 *
 * @param error the window's mean reconstruction error (standardised units)
 * @param lower the lower threshold, from the reference's chunks (at least 0)
 * @param upper the upper threshold, from the reference's chunks
 * @param components the principal components kept
 * @param explainedVariance the share of the reference's variance they explain, in (0, 1]
 * @param drifted whether the error is outside [lower, upper]
 */
public record PcaDrift(double error, double lower, double upper, int components, double explainedVariance,
                       boolean drifted) {
}
