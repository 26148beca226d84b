/**
 * Performance estimated before labels arrive (issue 20): NannyML's confidence-based performance
 * estimation (CBPE) for binary and multiclass classifiers and direct loss estimation (DLE) for
 * regression.
 *
 * <ul>
 * <li>{@link org.mlops4j.monitoring.estimate.IsotonicCalibrator} maps a binary model's scores to
 * calibrated probabilities, fitted on labelled reference data;
 * {@link org.mlops4j.monitoring.estimate.MulticlassCalibrator} does so one-vs-rest per class and
 * renormalises.</li>
 * <li>{@link org.mlops4j.monitoring.estimate.BinaryCbpe} and
 * {@link org.mlops4j.monitoring.estimate.MulticlassCbpe} turn a window's calibrated probabilities
 * and predictions into the expected confusion matrix, the metrics derived from it and a
 * sampling-error band for each, returned as a
 * {@link org.mlops4j.monitoring.estimate.PerformanceEstimate} keyed by
 * {@link org.mlops4j.monitoring.estimate.EstimatedMetric}.</li>
 * <li>{@link org.mlops4j.monitoring.estimate.DirectLossEstimator} models a regression model's
 * expected absolute and squared error from its inputs and prediction, and estimates a window's MAE
 * and RMSE as a {@link org.mlops4j.monitoring.estimate.RegressionLossEstimate}.</li>
 * </ul>
 *
 * <p>Module {@code mlops-monitoring}, data plane: pure arithmetic with no state once fitted, meant
 * for the monitor's analysis executor, not the serving thread. The estimates are only as good as
 * the fitted models: both methods assume the relation between inputs (or score) and outcome is the
 * same in the window as in the reference (covariate shift, not concept shift).
 */
package org.mlops4j.monitoring.estimate;
