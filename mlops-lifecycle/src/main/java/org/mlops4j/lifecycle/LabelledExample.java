package org.mlops4j.lifecycle;

import java.time.Instant;
import java.util.Objects;
import org.mlops4j.core.feedback.GroundTruth;

/**
 * One production prediction whose ground truth came back: the input that was served and its true
 * outcome, what a {@link Retrainer} learns the current concept from.
 *
 * @param predictionId the prediction's id
 * @param input the input that was served
 * @param truth its true outcome
 * @param labelledAt when the truth arrived
 * @param <I> the input type
 */
public record LabelledExample<I>(String predictionId, I input, GroundTruth truth, Instant labelledAt) {

    /**
     * Validates the example.
     *
     * @param predictionId the prediction's id
     * @param input the input that was served
     * @param truth its true outcome
     * @param labelledAt when the truth arrived
     */
    public LabelledExample {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(labelledAt, "labelledAt");
    }
}
