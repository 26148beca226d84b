/**
 * Multivariate drift (issue 20): a change in the relation between features with unchanged
 * per-feature distributions, which every univariate test passes. {@link
 * org.mlops4j.monitoring.multivariate.MultivariateDrift} fits on reference rows and checks windows with
 * NannyML's PCA data reconstruction error, the maximum mean discrepancy (MMD) with a Gaussian kernel and
 * a permutation p-value, and a domain classifier's cross-validated ROC AUC; the classifier is a
 * {@link org.mlops4j.monitoring.multivariate.DomainClassifierTrainer} (a built-in boosted-tree
 * trainer, or a Tribuo trainer through mlops-tribuo). A {@code ModelMonitor} runs it on each closed
 * window ({@code ModelMonitor.Builder.multivariateDrift}).
 *
 * <p>Module {@code mlops-monitoring}, data plane, analysis side: the checks run on the monitor's
 * analysis executor, never on a serving thread.
 */
package org.mlops4j.monitoring.multivariate;
