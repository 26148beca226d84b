package org.mlops4j.monitoring.concept;

/**
 * A noise-free target function of a {@link DriftStream}: the label a perfect model of one concept
 * would predict. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface Concept {

    /**
     * Classifies one feature vector.
     *
     * @param features the features, as produced by the stream
     * @return 0 or 1
     */
    int label(double[] features);
}
