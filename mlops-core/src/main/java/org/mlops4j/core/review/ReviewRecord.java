package org.mlops4j.core.review;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One review item as the store shows it at a moment: the item, its status at the store's time, the
 * live claim if any, and the decision once resolved.
 *
 * @param queue the queue
 * @param item the item as added
 * @param status its status at the time the store read it (a claim whose lease ran out shows as
 *               {@link ReviewStatus#PENDING}; a waiting item whose deadline passed shows as
 *               {@link ReviewStatus#EXPIRED} even before {@link ReviewStore#expire} marks it)
 * @param claimedBy the live claim's reviewer, present only when {@link ReviewStatus#CLAIMED}
 * @param claimedUntil the live claim's end, present only when {@link ReviewStatus#CLAIMED}
 * @param decision the decision, present only when {@link ReviewStatus#RESOLVED}
 * @param resolvedAt when the item was closed: resolved, or marked expired by {@link ReviewStore#expire};
 *                   empty while waiting
 */
public record ReviewRecord(String queue, NewReview item, ReviewStatus status, Optional<String> claimedBy,
        Optional<Instant> claimedUntil, Optional<ReviewDecision> decision, Optional<Instant> resolvedAt) {

    /**
     * Validates the record.
     *
     * @param queue the queue
     * @param item the item as added
     * @param status its status at the time the store read it (a claim whose lease ran out shows as {@link
     *     ReviewStatus#PENDING}; a waiting item whose deadline passed shows as {@link ReviewStatus#EXPIRED} even before
     *     {@link ReviewStore#expire} marks it)
     * @param claimedBy the live claim's reviewer, present only when {@link ReviewStatus#CLAIMED}
     * @param claimedUntil the live claim's end, present only when {@link ReviewStatus#CLAIMED}
     * @param decision the decision, present only when {@link ReviewStatus#RESOLVED}
     * @param resolvedAt when the item was closed: resolved, or marked expired by {@link ReviewStore#expire}; empty
     *     while waiting
     * @throws IllegalArgumentException when the optionals contradict the status
     * @throws NullPointerException when a component is null
     */
    public ReviewRecord {
        ReviewLimits.checkName("queue", queue);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(claimedBy, "claimedBy");
        Objects.requireNonNull(claimedUntil, "claimedUntil");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        boolean claimed = status == ReviewStatus.CLAIMED;
        if (claimedBy.isPresent() != claimed || claimedUntil.isPresent() != claimed) {
            throw new IllegalArgumentException("claimedBy/claimedUntil must be present exactly when CLAIMED but status"
                    + " was " + status + " with claimedBy " + claimedBy);
        }
        if (decision.isPresent() != (status == ReviewStatus.RESOLVED)) {
            throw new IllegalArgumentException("decision must be present exactly when RESOLVED but status was "
                    + status);
        }
        if (status == ReviewStatus.RESOLVED && resolvedAt.isEmpty()) {
            throw new IllegalArgumentException("resolvedAt must be present when RESOLVED");
        }
    }

    /**
     * The item's prediction id.
     *
     * @return {@code item().predictionId()}
     */
    public String predictionId() {
        return item.predictionId();
    }

    /**
     * How long the item waited: from {@code enqueuedAt} to {@code resolvedAt} when closed, else to
     * {@code now}; never negative.
     *
     * @param now the current time
     * @return the age, {@link Duration#ZERO} when {@code now} is before {@code enqueuedAt}
     */
    public Duration age(Instant now) {
        Objects.requireNonNull(now, "now");
        Duration age = Duration.between(item.enqueuedAt(), resolvedAt.orElse(now));
        return age.isNegative() ? Duration.ZERO : age;
    }
}
