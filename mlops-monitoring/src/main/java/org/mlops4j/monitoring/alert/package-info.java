/**
 * Alerts over monitoring metrics. An {@link org.mlops4j.monitoring.alert.AlertRule} says when a
 * metric is bad (above or below a threshold, for how many evaluations and how long, with a
 * hysteresis threshold to clear and a cooldown against flapping); an
 * {@link org.mlops4j.monitoring.alert.AlertEvaluator} applies the rules to
 * {@link org.mlops4j.monitoring.alert.MetricSample}s per endpoint and model version and sends
 * {@link org.mlops4j.monitoring.alert.Alert}s to {@link org.mlops4j.monitoring.alert.AlertSink}s
 * (log, in-memory, callback, webhook) made by {@link org.mlops4j.monitoring.alert.AlertSinks}.
 *
 * <p>Module {@code mlops-monitoring}, data plane: rules are evaluated on the monitor's analysis
 * thread, never on a request thread; the typed {@link org.mlops4j.core.signal.SignalKind} of each
 * alert is what the control plane reacts to.
 */
package org.mlops4j.monitoring.alert;
