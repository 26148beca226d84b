/**
 * Label consistency of a labelled dataset: agreement between labellers
 * ({@link org.mlops4j.monitoring.labels.LabelAgreement}: Cohen's kappa, Fleiss' kappa,
 * Krippendorff's alpha). Every coefficient is checked in the tests against values computed
 * independently by {@code src/test/resources/labels/reference.py} (numpy) on the same inputs.
 *
 * <p>Module {@code mlops-monitoring}, data stage: pure statistics with no state.
 */
package org.mlops4j.monitoring.labels;
