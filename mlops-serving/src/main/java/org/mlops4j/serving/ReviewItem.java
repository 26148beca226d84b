package org.mlops4j.serving;

import java.time.Instant;
import java.util.Objects;
import org.mlops4j.core.registry.ModelRef;

/**
 * A prediction sent to people for review.
 *
 * @param predictionId the prediction's id, to join the reviewer's decision later
 * @param input the input
 * @param modelAnswer what the model answered (a suggestion for the reviewer)
 * @param confidence the model's confidence, NaN when it gave none
 * @param model the model version that answered
 * @param enqueuedAt when it was queued
 * @param <I> the input type
 * @param <O> the output type
 */
public record ReviewItem<I, O>(String predictionId, I input, O modelAnswer, double confidence, ModelRef model,
                               Instant enqueuedAt) {

    /**
     * Validates the item.
     *
     * @param predictionId the prediction's id, to join the reviewer's decision later
     * @param input the input
     * @param modelAnswer what the model answered (a suggestion for the reviewer)
     * @param confidence the model's confidence, NaN when it gave none
     * @param model the model version that answered
     * @param enqueuedAt when it was queued
     */
    public ReviewItem {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    }
}
