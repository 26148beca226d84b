/**
 * Monitoring of human-review queues: {@link org.mlops4j.monitoring.review.ReviewMonitor} reads a
 * {@link org.mlops4j.core.review.ReviewStore}'s figures on a schedule, derives
 * {@link org.mlops4j.monitoring.review.ReviewReading}s (queue depth, claimed items, age p50 and p99,
 * expired items, the reviewers' agreement with the model) and feeds them to alert rules, for which
 * {@link org.mlops4j.monitoring.review.ReviewAlerts} has ready-made ones.
 *
 * <p>Module {@code mlops-monitoring}, data plane: it reads a store through core's SPI and never
 * changes it.
 */
package org.mlops4j.monitoring.review;
