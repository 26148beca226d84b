package org.mlops4j.tribuo;

import java.util.Objects;
import java.util.OptionalDouble;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * Reads the answer out of a Tribuo {@link Prediction}: the predicted label, the predicted value,
 * and the model's confidence. Stateless; usable as method references
 * ({@code TribuoPredictions::confidence}).
 */
public final class TribuoPredictions {

    private TribuoPredictions() {
    }

    /**
     * Returns the predicted class.
     *
     * @param prediction a classification prediction
     * @return the label's name
     */
    public static String label(Prediction<Label> prediction) {
        return Objects.requireNonNull(prediction, "prediction").getOutput().getLabel();
    }

    /**
     * Returns the predicted value of a single-output regression.
     *
     * @param prediction a regression prediction
     * @return the value
     * @throws IllegalArgumentException if the regressor has more than one dimension
     */
    public static double value(Prediction<Regressor> prediction) {
        double[] values = Objects.requireNonNull(prediction, "prediction").getOutput().getValues();
        if (values.length != 1) {
            throw new IllegalArgumentException("prediction has " + values.length
                    + " output dimensions; read them with getOutput().getValues()");
        }
        return values[0];
    }

    /**
     * Returns the model's confidence in its answer: the largest class probability (the predicted
     * class's score) when the model produces probabilities.
     *
     * @param prediction any prediction
     * @return the confidence in [0, 1], or empty for regressions and for classifiers whose scores
     *     are not probabilities (margins are not confidences)
     */
    public static OptionalDouble confidence(Prediction<?> prediction) {
        Objects.requireNonNull(prediction, "prediction");
        if (!prediction.hasProbabilities() || !(prediction.getOutput() instanceof Label)) {
            return OptionalDouble.empty();
        }
        double max = Double.NEGATIVE_INFINITY;
        for (Object score : prediction.getOutputScores().values()) {
            max = Math.max(max, ((Label) score).getScore());
        }
        if (!Double.isFinite(max)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.min(1.0, Math.max(0.0, max)));
    }
}
