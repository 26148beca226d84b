/**
 * What a monitor compares each window's inputs with: the fixed reference profile of its baseline,
 * a rolling reference (the merge of the last N windows' profiles) or a seasonal one (the same slot of
 * the last N seasons, such as the same hour of the week over the last 4 weeks), so that a weekly cycle
 * is not taken for drift. {@link org.mlops4j.monitoring.reference.ReferencePolicy} configures it
 * ({@code ModelMonitor.Builder.reference(ReferencePolicy)}), and
 * {@link org.mlops4j.monitoring.reference.ReferenceHistory} keeps one stream's window profiles and
 * selects each window's reference.
 *
 * <p>Module {@code mlops-monitoring}, data plane; all of it runs on the monitor's analysis executor.
 */
package org.mlops4j.monitoring.reference;
