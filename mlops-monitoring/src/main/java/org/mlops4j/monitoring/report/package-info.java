/**
 * Self-contained monitoring reports: {@link org.mlops4j.monitoring.report.MonitoringReport} renders
 * drift checks (per-feature tests with reference-versus-current distributions), a monitor's windows
 * and windows of labelled predictions over time, and alerts, as one HTML file (inline SVG, no
 * scripts, UTC times) or as JSON, from a monitor, from live objects or from two CSV files.
 *
 * <p>Module {@code mlops-monitoring}, data plane, reporting side: run off the request path (a batch
 * job, an operator's request).
 */
package org.mlops4j.monitoring.report;
