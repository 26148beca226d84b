package org.mlops4j.core.review;

import java.time.Instant;
import java.util.Objects;

/**
 * An item to put before a person: one prediction, its input and the model's answer as text (the
 * typed layer encodes them), and when it must be decided by.
 *
 * @param predictionId the prediction's id, unique within a queue; non-blank, at most
 *                     {@value ReviewLimits#MAX_NAME} characters
 * @param inputText the encoded input, at most {@link ReviewLimits#MAX_TEXT} characters
 * @param modelAnswerText the encoded answer the model gave, at most {@link ReviewLimits#MAX_TEXT} characters
 * @param confidence the model's confidence, finite, or NaN when it gave none
 * @param model the model that answered, {@code "name/version"}; non-blank, at most
 *              {@value ReviewLimits#MAX_NAME} characters
 * @param enqueuedAt when the item was queued (its age counts from here)
 * @param priority higher is reviewed first
 * @param deadline the item expires when the store's time is after this; not before {@code enqueuedAt}
 */
public record NewReview(String predictionId, String inputText, String modelAnswerText, double confidence,
        String model, Instant enqueuedAt, int priority, Instant deadline) {

    /**
     * Validates the item.
     *
     * @param predictionId the prediction's id, unique within a queue; non-blank, at most {@value
     *     ReviewLimits#MAX_NAME} characters
     * @param inputText the encoded input, at most {@link ReviewLimits#MAX_TEXT} characters
     * @param modelAnswerText the encoded answer the model gave, at most {@link ReviewLimits#MAX_TEXT} characters
     * @param confidence the model's confidence, finite, or NaN when it gave none
     * @param model the model that answered, {@code "name/version"}; non-blank, at most {@value
     *     ReviewLimits#MAX_NAME} characters
     * @param enqueuedAt when the item was queued (its age counts from here)
     * @param priority higher is reviewed first
     * @param deadline the item expires when the store's time is after this; not before {@code enqueuedAt}
     * @throws IllegalArgumentException naming the field and value when one is out of range
     * @throws NullPointerException when a text or instant is null
     */
    public NewReview {
        ReviewLimits.checkName("predictionId", predictionId);
        ReviewLimits.checkText("inputText", inputText, ReviewLimits.MAX_TEXT);
        ReviewLimits.checkText("modelAnswerText", modelAnswerText, ReviewLimits.MAX_TEXT);
        if (Double.isInfinite(confidence)) {
            throw new IllegalArgumentException("confidence must be finite or NaN but was " + confidence);
        }
        ReviewLimits.checkName("model", model);
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isBefore(enqueuedAt)) {
            throw new IllegalArgumentException("deadline must not be before enqueuedAt " + enqueuedAt + " but was "
                    + deadline);
        }
    }

    /**
     * Tells whether the item's deadline has passed at {@code now}.
     *
     * @param now the store's current time
     * @return true when {@code now} is after the deadline
     */
    public boolean isOverdue(Instant now) {
        return now.isAfter(deadline);
    }
}
