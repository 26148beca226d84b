/**
 * An optional, sampled prediction log for offline analysis: a
 * {@link org.mlops4j.monitoring.log.PredictionLog} listens to prediction events, keeps a
 * reproducible share of them, and writes them as JSON lines to size-rotated files off the serving
 * thread, configured by a {@link org.mlops4j.monitoring.log.PredictionLogConfig}.
 *
 * <p>Module {@code mlops-monitoring}, data plane: a listener whose serving-thread cost is one
 * sampling decision and a bounded queue offer.
 */
package org.mlops4j.monitoring.log;
