/**
 * Process and host metrics for monitoring: a {@link org.mlops4j.monitoring.system.MetricsSampler}
 * reads heap, CPU load, load average, threads and garbage collection from a
 * {@link org.mlops4j.monitoring.system.SystemMetricsSource} (the JVM's MX beans, or a Micrometer
 * registry filled by Micrometer's JVM binders) on a schedule and hands each
 * {@link org.mlops4j.monitoring.system.SystemMetrics} to a sink, which can turn it into
 * {@link org.mlops4j.monitoring.alert.MetricSample}s for alert rules.
 *
 * <p>Module {@code mlops-monitoring}, data plane: software metrics beside the model's own.
 */
package org.mlops4j.monitoring.system;
