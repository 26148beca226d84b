/**
 * Durable records of served traffic: an optional, sampled prediction log for offline analysis
 * ({@link org.mlops4j.monitoring.log.PredictionLog}, configured by a
 * {@link org.mlops4j.monitoring.log.PredictionLogConfig}), and a capture of labelled production
 * data for retraining ({@link org.mlops4j.monitoring.log.ProductionCapture}, configured by a
 * {@link org.mlops4j.monitoring.log.CaptureConfig}): predictions and the labels that come back for
 * them, in JSON-lines files with a manifest, read back in the JVM by
 * {@link org.mlops4j.monitoring.log.CapturedData} with a
 * {@link org.mlops4j.monitoring.log.DatasetLineage}.
 *
 * <p>Module {@code mlops-monitoring}, data plane: listeners whose serving-thread cost is one
 * sampling decision and a bounded queue offer; one writer thread each.
 */
package org.mlops4j.monitoring.log;
