/**
 * Statistical data-drift tests that compare a feature's reference sample with a current sample:
 * {@link org.mlops4j.monitoring.drift.NumericDriftTest} and
 * {@link org.mlops4j.monitoring.drift.CategoricalDriftTest}, obtained by name from
 * {@link org.mlops4j.monitoring.drift.DriftTests}, return a
 * {@link org.mlops4j.monitoring.drift.DriftResult}. Every statistic and p-value is checked in
 * the tests against scipy 1.17 on the same inputs.
 *
 * <p>Module {@code mlops-monitoring}, data plane: pure statistics with no state, used by window
 * analysis, dataset drift checks and reports.
 */
package org.mlops4j.monitoring.drift;
