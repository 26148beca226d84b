package org.mlops4j.core.review;

import java.time.Instant;
import java.util.Objects;

/**
 * One reviewer's hold on one item until a time. The token changes on every claim of the item, so
 * a holder whose lease ran out and was claimed by someone else cannot release or resolve over the
 * newer claim ({@link ReviewException.Reason#CLAIM_LOST}).
 *
 * @param queue the queue
 * @param predictionId the item's prediction id
 * @param reviewer who holds it
 * @param token the claim's token: pass it to {@link ReviewStore#release} and {@link ReviewStore#resolve}
 * @param until when the lease runs out (the item is then shown as pending again)
 */
public record ReviewClaim(String queue, String predictionId, String reviewer, long token, Instant until) {

    /**
     * Validates the claim.
     *
     * @param queue the queue
     * @param predictionId the item's prediction id
     * @param reviewer who holds it
     * @param token the claim's token: pass it to {@link ReviewStore#release} and {@link ReviewStore#resolve}
     * @param until when the lease runs out (the item is then shown as pending again)
     * @throws IllegalArgumentException naming the field and value when one is out of range
     * @throws NullPointerException when {@code until} is null
     */
    public ReviewClaim {
        ReviewLimits.checkName("queue", queue);
        ReviewLimits.checkName("predictionId", predictionId);
        ReviewLimits.checkName("reviewer", reviewer);
        Objects.requireNonNull(until, "until");
    }
}
