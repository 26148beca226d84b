/**
 * Optional Micrometer integration: {@link org.mlops4j.monitoring.micrometer.MicrometerMonitorBinder}
 * follows a {@link org.mlops4j.monitoring.ModelMonitor} as a listener and publishes its window and
 * feedback metrics as Micrometer gauges and counters, so any Micrometer registry (Prometheus, OTLP,
 * JMX, ...) exports them. {@code micrometer-core} is an optional dependency of
 * {@code mlops-monitoring}: only code that loads this package needs it on the class path.
 */
package org.mlops4j.monitoring.micrometer;
