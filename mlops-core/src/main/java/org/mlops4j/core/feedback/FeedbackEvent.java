package org.mlops4j.core.feedback;

import java.time.Instant;
import java.util.Objects;
import org.mlops4j.core.PredictionEvent;

/**
 * Feedback joined to the prediction it is about: what a {@link FeedbackListener} receives.
 *
 * @param prediction the answered prediction (its input is null unless the join keeps inputs:
 *     {@link FeedbackConfig#keepInputs()})
 * @param feedback what came back
 * @param receivedAt when the join received it
 * @param <I> the input type
 * @param <O> the output type
 */
public record FeedbackEvent<I, O>(PredictionEvent<I, O> prediction, Feedback feedback, Instant receivedAt) {

    /**
     * Validates the event.
     *
     * @param prediction the answered prediction (its input is null unless the join keeps inputs:
     *     {@link FeedbackConfig#keepInputs()})
     * @param feedback what came back
     * @param receivedAt when the join received it
     */
    public FeedbackEvent {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(feedback, "feedback");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
