/**
 * Monitoring of running models: input, output and software metrics, data and concept drift,
 * alert rules and sinks. Depends on {@code mlops-core} only; consumes
 * {@link org.mlops4j.core.PredictionEvent}s.
 */
package org.mlops4j.monitoring;
