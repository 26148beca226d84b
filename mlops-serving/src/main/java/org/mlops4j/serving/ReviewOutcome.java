package org.mlops4j.serving;

import java.util.Objects;
import java.util.Optional;

/**
 * What a caller waiting on a {@link ReviewDesk#await handle} ends up with: the person's decision, or
 * the interim answer it already had, and why.
 *
 * @param predictionId the prediction's id
 * @param answer the decision when {@link Kind#DECIDED}, else the interim answer
 * @param kind how the wait ended
 * @param decision the person's decision, when {@link Kind#DECIDED}
 * @param <O> the output type
 */
public record ReviewOutcome<O>(String predictionId, O answer, Kind kind, Optional<HumanDecision<O>> decision) {

    /** How a wait for a decision ended. */
    public enum Kind {
        /** A person decided within the wait: the answer is theirs. */
        DECIDED,
        /** The caller's wait ran out first: the interim answer stands (the item may still be decided later). */
        TIMED_OUT,
        /** The item passed its deadline undecided and was expired: the interim answer stands. */
        EXPIRED,
        /** The prediction was not queued for review (automated, or refused by a full queue): its answer stands. */
        NOT_REVIEWED
    }

    /**
     * Validates the outcome.
     *
     * @param predictionId the prediction's id
     * @param answer the decision or the interim answer
     * @param kind how the wait ended
     * @param decision the person's decision, exactly when {@code kind} is {@link Kind#DECIDED}
     * @throws IllegalArgumentException if the decision is present for another kind or missing for DECIDED
     */
    public ReviewOutcome {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(decision, "decision");
        if (decision.isPresent() != (kind == Kind.DECIDED)) {
            throw new IllegalArgumentException("decision must be present exactly for DECIDED but kind was " + kind
                    + " and decision " + decision);
        }
    }
}
