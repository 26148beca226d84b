/**
 * Typed signals between the data plane and the control plane: every metric name mlops4j publishes
 * ({@link org.mlops4j.core.signal.MetricName}) with what it says about a model
 * ({@link org.mlops4j.core.signal.SignalKind}), and the per-variant figures a rollout's analysis
 * reads ({@link org.mlops4j.core.signal.VariantFigures}) from a
 * {@link org.mlops4j.core.signal.VariantFiguresSource}.
 *
 * <p>Module {@code mlops-core}: the vocabulary the data plane publishes and the control plane
 * matches on (alert kinds, metric names, per-variant figures), in one place so that no module
 * matches strings.
 */
package org.mlops4j.core.signal;
