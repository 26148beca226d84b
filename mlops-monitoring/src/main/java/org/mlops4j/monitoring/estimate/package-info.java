/**
 * Performance estimated before labels arrive (groundwork of issue 20): NannyML's
 * confidence-based performance estimation (CBPE) for binary classifiers.
 * {@link org.mlops4j.monitoring.estimate.IsotonicCalibrator} maps a model's scores to calibrated
 * probabilities of the positive class, fitted on labelled reference data;
 * {@link org.mlops4j.monitoring.estimate.BinaryCbpe} turns a window's calibrated probabilities and
 * predicted labels into the expected confusion matrix, the metrics derived from it, an estimated
 * ROC AUC and a sampling-error band, returned as a
 * {@link org.mlops4j.monitoring.estimate.BinaryPerformanceEstimate}.
 *
 * <p>Module {@code mlops-monitoring}, data plane: pure arithmetic with no state once fitted. The
 * estimates are only as good as the calibration: CBPE assumes the relation between score and
 * outcome is the same in the window as in the reference (covariate shift, not concept shift).
 */
package org.mlops4j.monitoring.estimate;
