package org.mlops4j.monitoring.multivariate;

/**
 * The domain classifier check of one window ({@link MultivariateMethod#DOMAIN_CLASSIFIER}).
 *
 * @param auc the ROC AUC of the out-of-fold scores (reference rows negative, window rows positive); 0.5
 *     when the classifier cannot tell them apart
 * @param pValue the one-sided p-value of the AUC under "no difference" (Mann-Whitney's normal approximation)
 * @param drifted whether the p-value is below alpha
 */
public record DomainClassifierDrift(double auc, double pValue, boolean drifted) {
}
