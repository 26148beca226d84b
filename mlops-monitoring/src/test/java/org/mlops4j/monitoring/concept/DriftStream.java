package org.mlops4j.monitoring.concept;

import java.util.List;

/**
 * An endless synthetic classification stream whose concept changes at known positions, for
 * evaluating concept-drift detectors. Samples are numbered from 0; a drift point is the number of
 * the first sample drawn from a new concept. Deterministic for a given seed; not thread-safe.
 * Built-ins come from {@link DriftStreams}.
 */
public interface DriftStream {

    /**
     * Returns the stream's name, such as {@code "SEA"}.
     *
     * @return the name
     */
    String name();

    /**
     * Draws the next sample.
     *
     * @return the sample, with label noise applied
     */
    Sample next();

    /**
     * Returns the noise-free concept that generated the latest sample from {@link #next()}; during
     * a gradual drift, the intermediate concept in force at that sample.
     *
     * @return the concept
     * @throws IllegalStateException if no sample has been drawn yet
     */
    Concept currentConcept();

    /**
     * Returns the drift points before {@code length}, in increasing order.
     *
     * @param length the number of samples considered
     * @return the positions of the first samples of each new concept
     * @throws IllegalArgumentException if {@code length} is negative
     */
    List<Long> driftPoints(long length);
}
