package org.mlops4j.monitoring.concept;

/**
 * Factories for synthetic streams with known drift points. Each returns a new deterministic stream
 * for its seed; streams are not thread-safe.
 */
public final class DriftStreams {

    private DriftStreams() {
    }

    /**
     * SEA concepts (Street and Kim, KDD 2001) with thresholds 8, 9, 7, 9.5, repeating, each lasting
     * {@code conceptLength} samples, and 10% label noise.
     *
     * @param seed the random seed
     * @param conceptLength samples per concept
     * @return a new stream
     * @throws IllegalArgumentException if {@code conceptLength} is below 1
     */
    public static DriftStream sea(long seed, long conceptLength) {
        return sea(seed, conceptLength, 0.10);
    }

    /**
     * SEA concepts (Street and Kim, KDD 2001) with thresholds 8, 9, 7, 9.5 and the given noise.
     *
     * @param seed the random seed
     * @param conceptLength samples per concept
     * @param noise probability of flipping each label, in [0, 0.5)
     * @return a new stream
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static DriftStream sea(long seed, long conceptLength, double noise) {
        return new SeaStream(seed, conceptLength, noise);
    }

    /**
     * STAGGER concepts (Schlimmer and Granger 1986), cycling through the three concepts.
     *
     * @param seed the random seed
     * @param conceptLength samples per concept
     * @param noise probability of flipping each label, in [0, 0.5)
     * @return a new stream
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static DriftStream stagger(long seed, long conceptLength, double noise) {
        return new StaggerStream(seed, conceptLength, noise);
    }

    /**
     * Rotating hyperplane (Hulten et al., KDD 2001) with gradual drift.
     *
     * @param seed the random seed
     * @param dimensions number of features, at least 2
     * @param conceptLength samples between the starts of two rotations
     * @param transitionLength samples a rotation lasts, in [1, conceptLength]
     * @param noise probability of flipping each label, in [0, 0.5)
     * @return a new stream
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static DriftStream hyperplane(long seed, int dimensions, long conceptLength, long transitionLength,
            double noise) {
        return new HyperplaneStream(seed, dimensions, conceptLength, transitionLength, noise);
    }
}
