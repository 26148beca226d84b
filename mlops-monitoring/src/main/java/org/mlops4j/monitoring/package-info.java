/**
 * Monitoring of running models: {@link org.mlops4j.monitoring.ModelMonitor} turns prediction
 * events and feedback into input, output, software and performance metrics per window, checks
 * them against alert rules ({@code alert}), and compares inputs with a reference profile
 * ({@code profile}, {@code drift}); {@code concept} holds the online concept-drift detectors.
 * Depends on {@code mlops-core} only; consumes {@link org.mlops4j.core.PredictionEvent}s.
 */
package org.mlops4j.monitoring;
