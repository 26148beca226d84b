package org.mlops4j.serving;

import java.util.Objects;
import org.mlops4j.core.review.ReviewClaim;

/**
 * A review a person holds: the claim (its lease and token, to resolve or release with) and the case.
 *
 * @param claim the claim
 * @param review the case as it was when claimed
 * @param <I> the input type
 * @param <O> the output type
 */
public record ClaimedReview<I, O>(ReviewClaim claim, ReviewCase<I, O> review) {

    /**
     * Validates the pair.
     *
     * @param claim the claim
     * @param review the case
     */
    public ClaimedReview {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(review, "review");
    }
}
