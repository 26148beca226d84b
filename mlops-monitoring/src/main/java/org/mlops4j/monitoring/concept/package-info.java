/**
 * Concept-drift detectors that watch a model's error stream (or any real-valued signal) and say
 * {@link org.mlops4j.monitoring.concept.DriftState#NONE NONE},
 * {@link org.mlops4j.monitoring.concept.DriftState#WARNING WARNING} or
 * {@link org.mlops4j.monitoring.concept.DriftState#DRIFT DRIFT} after every observation:
 * DDM, EDDM, ADWIN, Page-Hinkley and HDDM_A, with the default parameters of River
 * ({@code river.drift}). Built-ins come from {@link
 * org.mlops4j.monitoring.concept.ConceptDriftDetectors};
 * their state is saved and restored through {@link org.mlops4j.monitoring.concept.DetectorState}.
 *
 * <p>The {@code mlops-monitoring} test-jar adds, in this package, synthetic streams with known drift
 * points (SEA, STAGGER, rotating hyperplane: {@code DriftStreams}) and {@code DetectorEvaluation},
 * which measures detection delay, false alarms, missed detections and mean time between false
 * alarms; they are not part of the main jar.
 *
 * <p>Module {@code mlops-monitoring}, data plane: detectors are fed by the monitor from joined
 * feedback.
 */
package org.mlops4j.monitoring.concept;
