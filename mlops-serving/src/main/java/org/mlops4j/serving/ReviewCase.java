package org.mlops4j.serving;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.review.ReviewStatus;

/**
 * A reviewed prediction as a {@link ReviewDesk} shows it: the typed item, where it stands, and the
 * person's decision once there is one.
 *
 * @param item the prediction: id, input, the model's answer (none at {@link AutomationLevel#HUMAN_ONLY}),
 *     confidence, model, when it was queued
 * @param priority higher first
 * @param deadline when it expires unless decided
 * @param status pending, claimed, resolved or expired (a claim whose lease ran out shows as pending)
 * @param claimedBy who holds it, while claimed
 * @param claimedUntil until when, while claimed
 * @param decision the decision, once resolved
 * @param age how long it waited: until now while waiting, until it was resolved or expired after
 * @param <I> the input type
 * @param <O> the output type
 */
public record ReviewCase<I, O>(ReviewItem<I, O> item, int priority, Instant deadline, ReviewStatus status,
                               Optional<String> claimedBy, Optional<Instant> claimedUntil,
                               Optional<HumanDecision<O>> decision, Duration age) {

    /**
     * Validates the case.
     *
     * @param item the prediction
     * @param priority higher first
     * @param deadline when it expires unless decided
     * @param status where it stands
     * @param claimedBy who holds it, while claimed
     * @param claimedUntil until when, while claimed
     * @param decision the decision, once resolved
     * @param age how long it waited
     */
    public ReviewCase {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(claimedBy, "claimedBy");
        Objects.requireNonNull(claimedUntil, "claimedUntil");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(age, "age");
    }

    /** @return the prediction's id */
    public String predictionId() {
        return item.predictionId();
    }
}
