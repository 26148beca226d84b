package org.mlops4j.monitoring.concept;

import java.util.Arrays;
import java.util.Objects;

/**
 * One labelled example drawn from a {@link DriftStream}.
 *
 * @param features the feature vector (copied on construction and on access)
 * @param label the observed class, 0 or 1, after label noise
 */
public record Sample(double[] features, int label) {

    /**
     * Validates and copies the sample.
     *
     * @throws NullPointerException if {@code features} is null
     * @throws IllegalArgumentException if {@code label} is not 0 or 1
     */
    public Sample {
        features = Objects.requireNonNull(features, "features").clone();
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 or 1 but was " + label);
        }
    }

    /**
     * Returns a copy of the feature vector.
     *
     * @return the features
     */
    @Override
    public double[] features() {
        return features.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && s.label == label && Arrays.equals(s.features, features);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(features) + label;
    }

    @Override
    public String toString() {
        return "Sample[features=" + Arrays.toString(features) + ", label=" + label + "]";
    }
}
