package org.mlops4j.monitoring.multivariate;

/**
 * The MMD check of one window ({@link MultivariateMethod#MMD}).
 *
 * @param mmd2 the unbiased estimate of the squared maximum mean discrepancy (may be slightly negative)
 * @param bandwidth the Gaussian kernel's bandwidth sigma (the median heuristic on the reference)
 * @param pValue the permutation p-value, (1 + permutations at least as large) / (1 + permutations)
 * @param drifted whether the p-value is below alpha
 */
public record MmdDrift(double mmd2, double bandwidth, double pValue, boolean drifted) {
}
