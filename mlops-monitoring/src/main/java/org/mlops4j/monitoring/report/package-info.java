/**
 * Self-contained monitoring reports: {@link org.mlops4j.monitoring.report.MonitoringReport} renders
 * drift results, profiles, a monitor's windows and alerts as one HTML file (inline SVG, no scripts)
 * or as JSON, from live objects or from two CSV files.
 *
 * <p>Module {@code mlops-monitoring}, data plane, reporting side: run off the request path (a batch
 * job, an operator's request).
 */
package org.mlops4j.monitoring.report;
