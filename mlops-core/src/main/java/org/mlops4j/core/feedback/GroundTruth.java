package org.mlops4j.core.feedback;

import java.util.Objects;

/**
 * The true outcome of a prediction: the class it should have predicted (a classifier), or the value
 * (a regression model). Immutable.
 *
 * @param label the true class, or null for a value
 * @param value the true value, or NaN for a label
 */
public record GroundTruth(String label, double value) implements Feedback {

    /**
     * Validates the truth.
     *
     * @param label the true class, or null for a value
     * @param value the true value, or NaN for a label
     * @throws IllegalArgumentException unless exactly one of a non-blank label and a finite value is given
     */
    public GroundTruth {
        if (label != null) {
            if (label.isBlank()) {
                throw new IllegalArgumentException("ground truth label must not be blank but was '" + label + "'");
            }
            if (!Double.isNaN(value)) {
                throw new IllegalArgumentException("ground truth is a label or a value, not both: label '" + label
                        + "', value " + value);
            }
        } else if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("ground truth value must be finite but was " + value);
        }
    }

    /**
     * The true class of a classifier's prediction.
     *
     * @param label the class, as the model's labels spell it
     * @return the truth
     * @throws NullPointerException if {@code label} is null
     * @throws IllegalArgumentException if it is blank
     */
    public static GroundTruth label(String label) {
        return new GroundTruth(Objects.requireNonNull(label, "label"), Double.NaN);
    }

    /**
     * The true value of a regression model's prediction.
     *
     * @param value the value, finite
     * @return the truth
     * @throws IllegalArgumentException if it is not finite
     */
    public static GroundTruth value(double value) {
        return new GroundTruth(null, value);
    }

    /** @return true for a class label, false for a value */
    public boolean isLabel() {
        return label != null;
    }

    @Override
    public String toString() {
        return isLabel() ? "GroundTruth[label=" + label + "]" : "GroundTruth[value=" + value + "]";
    }
}
