/**
 * Optional Micrometer integration: {@link
 * org.mlops4j.monitoring.micrometer.MicrometerMonitorBinder}
 * follows a {@link org.mlops4j.monitoring.ModelMonitor} as a listener and publishes its window and
 * feedback metrics as Micrometer gauges and counters, so any Micrometer registry (Prometheus, OTLP,
 * JMX, ...) exports them; it also binds Micrometer's JVM binders.
 * {@link org.mlops4j.monitoring.micrometer.MicrometerSystemMetrics} reads those JVM meters back as
 * a
 * {@link org.mlops4j.monitoring.system.SystemMetricsSource}, so that a
 * {@link org.mlops4j.monitoring.system.MetricsSampler} feeds alert rules the numbers the dashboards
 * show. {@code micrometer-core} is an optional dependency of
 * {@code mlops-monitoring}: only code that loads this package needs it on the class path.
 *
 * <p>Module {@code mlops-monitoring}, data plane, export side: Micrometer is an optional dependency
 * of this module; nothing else in it needs Micrometer.
 */
package org.mlops4j.monitoring.micrometer;
