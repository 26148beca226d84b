/**
 * Monitoring of running models: {@link org.mlops4j.monitoring.ModelMonitor} turns prediction
 * events and feedback into input, output, software and performance metrics per window, checks
 * them against alert rules ({@code alert}), and compares inputs with a reference profile
 * ({@code profile}, {@code drift}); {@code concept} holds the online concept-drift detectors.
 * Depends on {@code mlops-core} only; consumes {@link org.mlops4j.core.PredictionEvent}s.
 *
 * <p>Module {@code mlops-monitoring}, data plane: it observes the endpoint through the core
 * listener SPIs and depends on {@code mlops-core} only; the control plane (mlops-lifecycle) reads
 * its figures and alerts.
 */
package org.mlops4j.monitoring;
