/**
 * Scoping targets: what a project promised about its model (accuracy on feedback, p99 latency,
 * throughput), checked continuously against a {@link org.mlops4j.monitoring.ModelMonitor}'s
 * windows by {@link org.mlops4j.monitoring.scoping.ScopingTargets}, each with a status
 * ({@link org.mlops4j.monitoring.scoping.TargetStatus}) that alert rules watch, Micrometer exports
 * ({@code MicrometerTargetBinder}) and the monitoring report shows.
 *
 * <p>Module {@code mlops-monitoring}, data plane: a monitor listener with no I/O of its own.
 */
package org.mlops4j.monitoring.scoping;
