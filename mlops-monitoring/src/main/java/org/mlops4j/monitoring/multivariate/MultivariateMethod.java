package org.mlops4j.monitoring.multivariate;

/** A multivariate drift method of {@link MultivariateDrift}. */
public enum MultivariateMethod {
    /** NannyML's data reconstruction with PCA: the mean reconstruction error of a window against thresholds. */
    PCA_RECONSTRUCTION,
    /** The maximum mean discrepancy with a Gaussian kernel and a permutation p-value (Gretton et al., 2012). */
    MMD,
    /** A classifier told to separate reference rows from the window's: cross-validated ROC AUC and its p-value. */
    DOMAIN_CLASSIFIER
}
