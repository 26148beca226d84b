package org.mlops4j.monitoring.concept;

/**
 * An online concept-drift detector: it consumes one observation at a time and says after each
 * whether the stream has changed.
 *
 * <p>Error-rate detectors (DDM, EDDM, HDDM_A) take {@code x = 1} for a wrong prediction and
 * {@code x = 0} for a correct one; ADWIN and Page-Hinkley take any finite real value. Detectors that
 * reset their statistics after a drift (DDM, EDDM, HDDM_A, Page-Hinkley) do so at the start of the
 * update that follows the {@link DriftState#DRIFT} answer, as River does; ADWIN instead drops the
 * older part of its window.
 *
 * <p>Implementations are not thread-safe: confine a detector to one thread or guard it externally.
 * Built-ins come from {@link ConceptDriftDetectors}.
 */
public interface ConceptDriftDetector {

    /**
     * Adds one observation and returns the resulting state.
     *
     * @param x the observation: 0 or 1 (or a value in [0, 1], see each detector) for error-rate
     *     detectors, any finite value for ADWIN and Page-Hinkley
     * @return the state after this observation, also returned by {@link #state()} until the next update
     * @throws IllegalArgumentException if {@code x} is NaN, infinite or outside the detector's domain
     */
    DriftState update(double x);

    /**
     * Returns the state produced by the latest {@link #update(double)}, or {@link DriftState#NONE}
     * before the first update and after {@link #reset()}.
     *
     * @return the current state, never null
     */
    DriftState state();

    /** Forgets every observation, as if the detector had just been built with the same configuration. */
    void reset();

    /**
     * Returns the detector's short name, such as {@code "DDM"} or {@code "ADWIN"}.
     *
     * @return the name, never null
     */
    String name();

    /**
     * Captures the configuration and the full statistics of this detector. A detector rebuilt with
     * {@link ConceptDriftDetectors#restore(DetectorState)} answers every later update exactly as this
     * one would.
     *
     * @return an immutable snapshot, never null
     */
    DetectorState snapshot();
}
