package org.mlops4j.monitoring.concept;

/**
 * What a {@link ConceptDriftDetector} concluded after its latest observation.
 */
public enum DriftState {
    /** The stream looks stationary. */
    NONE,
    /** The statistic is past the warning level: a drift may be starting (not every detector warns). */
    WARNING,
    /** A change was detected at this observation. */
    DRIFT
}
