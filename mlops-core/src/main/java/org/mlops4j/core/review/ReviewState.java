package org.mlops4j.core.review;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.mlops4j.core.review.ReviewException.Reason;

/**
 * One review item as a store persists it, with the pure transitions every {@link ReviewStore}
 * applies: a store reads the state (under its lock or in its transaction), calls a transition with
 * its clock's time, and writes the result back. Keeping the rules here makes the in-memory and the
 * JDBC stores refuse and accept exactly the same things.
 *
 * <p>The stored status is what was last written; {@link #view(Instant)} turns it into what callers
 * see at a time (a run-out claim is pending, an overdue waiting item is expired).
 *
 * @param queue the queue
 * @param item the item as added
 * @param stored the status last written
 * @param claimedBy the last claim's reviewer, present while {@code stored} is {@code CLAIMED}
 * @param claimedUntil the last claim's end, present while {@code stored} is {@code CLAIMED}
 * @param token the last claim's token, 0 before the first claim; each claim adds 1
 * @param decision the decision, present when {@code stored} is {@code RESOLVED}
 * @param resolvedAt when it was resolved or marked expired
 */
public record ReviewState(String queue, NewReview item, ReviewStatus stored, Optional<String> claimedBy,
        Optional<Instant> claimedUntil, long token, Optional<ReviewDecision> decision, Optional<Instant> resolvedAt) {

    /** Review order: priority descending, then {@code enqueuedAt} ascending, then prediction id ascending. */
    public static final Comparator<NewReview> REVIEW_ORDER = Comparator.comparingInt(NewReview::priority).reversed()
            .thenComparing(NewReview::enqueuedAt).thenComparing(NewReview::predictionId);

    /**
     * Validates the state.
     *
     * @param queue the queue
     * @param item the item as added
     * @param stored the status last written
     * @param claimedBy the last claim's reviewer, present while {@code stored} is {@code CLAIMED}
     * @param claimedUntil the last claim's end, present while {@code stored} is {@code CLAIMED}
     * @param token the last claim's token, 0 before the first claim; each claim adds 1
     * @param decision the decision, present when {@code stored} is {@code RESOLVED}
     * @param resolvedAt when it was resolved or marked expired
     * @throws IllegalArgumentException when the optionals contradict the stored status or the token is negative
     * @throws NullPointerException when a component is null
     */
    public ReviewState {
        ReviewLimits.checkName("queue", queue);
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(claimedBy, "claimedBy");
        Objects.requireNonNull(claimedUntil, "claimedUntil");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        boolean claimed = stored == ReviewStatus.CLAIMED;
        if (claimedBy.isPresent() != claimed || claimedUntil.isPresent() != claimed) {
            throw new IllegalArgumentException("claimedBy/claimedUntil must be present exactly when stored CLAIMED but "
                    + "stored was " + stored + " with claimedBy " + claimedBy);
        }
        if (decision.isPresent() != (stored == ReviewStatus.RESOLVED)
                || resolvedAt.isPresent() != (stored == ReviewStatus.RESOLVED || stored == ReviewStatus.EXPIRED)) {
            throw new IllegalArgumentException("decision/resolvedAt contradict stored status " + stored);
        }
        if (token < 0) {
            throw new IllegalArgumentException("token must be >= 0 but was " + token);
        }
    }

    /**
     * The state of a newly added item: pending, never claimed.
     *
     * @param queue the queue
     * @param item the item
     * @return the state
     */
    public static ReviewState added(String queue, NewReview item) {
        return new ReviewState(queue, item, ReviewStatus.PENDING, Optional.empty(), Optional.empty(), 0,
                Optional.empty(), Optional.empty());
    }

    /**
     * The status callers see at {@code now}.
     *
     * @param now the store's time
     * @return the stored status, except a waiting item past its deadline is {@code EXPIRED} and a
     *         claim whose lease ran out ({@code now >= claimedUntil}) is {@code PENDING}
     */
    public ReviewStatus statusAt(Instant now) {
        if (!stored.isWaiting()) {
            return stored;
        }
        if (item.isOverdue(now)) {
            return ReviewStatus.EXPIRED;
        }
        return hasLiveClaim(now) ? ReviewStatus.CLAIMED : ReviewStatus.PENDING;
    }

    /**
     * The record callers see at {@code now}.
     *
     * @param now the store's time
     * @return the record
     */
    public ReviewRecord view(Instant now) {
        ReviewStatus status = statusAt(now);
        boolean claimed = status == ReviewStatus.CLAIMED;
        return new ReviewRecord(queue, item, status, claimed ? claimedBy : Optional.empty(),
                claimed ? claimedUntil : Optional.empty(), decision, resolvedAt);
    }

    /**
     * Claims the item for a reviewer until {@code now + lease} with token {@code token + 1}.
     *
     * @param reviewer who takes it
     * @param lease how long, in (0, 1 day]
     * @param now the store's time
     * @return the claimed state ({@link #claimOf()} gives the claim)
     * @throws ReviewException {@code ALREADY_RESOLVED}, {@code EXPIRED}, or {@code CLAIMED_BY_OTHER}
     *         when another reviewer holds a live claim
     */
    public ReviewState claim(String reviewer, Duration lease, Instant now) {
        ReviewLimits.checkName("reviewer", reviewer);
        ReviewLimits.checkLease(lease);
        refuseClosed(now);
        if (hasLiveClaim(now) && !claimedBy.orElseThrow().equals(reviewer)) {
            throw refusal(Reason.CLAIMED_BY_OTHER, now);
        }
        return new ReviewState(queue, item, ReviewStatus.CLAIMED, Optional.of(reviewer), Optional.of(now.plus(lease)),
                token + 1, Optional.empty(), Optional.empty());
    }

    /**
     * The claim this state holds.
     *
     * @return the claim
     * @throws IllegalStateException when the stored status is not {@code CLAIMED}
     */
    public ReviewClaim claimOf() {
        if (stored != ReviewStatus.CLAIMED) {
            throw new IllegalStateException("review item '" + item.predictionId() + "' is not claimed but " + stored);
        }
        return new ReviewClaim(queue, item.predictionId(), claimedBy.orElseThrow(), token, claimedUntil.orElseThrow());
    }

    /**
     * Releases a claim: the item is pending again (the token is kept, so the next claim gets a new one).
     *
     * @param claim the claim the caller holds
     * @param now the store's time
     * @return the pending state
     * @throws ReviewException {@code ALREADY_RESOLVED}, {@code EXPIRED}, or {@code CLAIM_LOST} when the
     *         claim's token is not the live claim
     */
    public ReviewState release(ReviewClaim claim, Instant now) {
        Objects.requireNonNull(claim, "claim");
        refuseClosed(now);
        if (!holds(claim.token(), now)) {
            throw refusal(Reason.CLAIM_LOST, now, "; the claim given has token " + claim.token());
        }
        return new ReviewState(queue, item, ReviewStatus.PENDING, Optional.empty(), Optional.empty(), token,
                Optional.empty(), Optional.empty());
    }

    /**
     * Resolves the item with a decision at {@code now}.
     *
     * @param decision the decision
     * @param claimToken the caller's claim token, if it claimed
     * @param now the store's time
     * @return the resolved state
     * @throws ReviewException {@code ALREADY_RESOLVED}, {@code EXPIRED}, {@code CLAIM_LOST} (token not the
     *         live claim) or {@code CLAIMED_BY_OTHER} (no token, another reviewer holds a live claim)
     */
    public ReviewState resolve(ReviewDecision decision, OptionalLong claimToken, Instant now) {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(claimToken, "claimToken");
        refuseClosed(now);
        if (claimToken.isPresent()) {
            if (!holds(claimToken.getAsLong(), now)) {
                throw refusal(Reason.CLAIM_LOST, now, "; the claim given has token " + claimToken.getAsLong());
            }
        } else if (hasLiveClaim(now) && !claimedBy.orElseThrow().equals(decision.reviewer())) {
            throw refusal(Reason.CLAIMED_BY_OTHER, now);
        }
        return new ReviewState(queue, item, ReviewStatus.RESOLVED, Optional.empty(), Optional.empty(), token,
                Optional.of(decision), Optional.of(now));
    }

    /**
     * Marks an overdue waiting item expired at {@code now}.
     *
     * @param now the store's time
     * @return the expired state, or empty when the item is not waiting or not overdue
     */
    public Optional<ReviewState> expire(Instant now) {
        if (!stored.isWaiting() || !item.isOverdue(now)) {
            return Optional.empty();
        }
        return Optional.of(new ReviewState(queue, item, ReviewStatus.EXPIRED, Optional.empty(), Optional.empty(), token,
                Optional.empty(), Optional.of(now)));
    }

    /**
     * Tells whether a reviewer holds the item at {@code now} (stored claimed, lease not run out).
     *
     * @param now the store's time
     * @return true while a claim is live
     */
    public boolean hasLiveClaim(Instant now) {
        return stored == ReviewStatus.CLAIMED && now.isBefore(claimedUntil.orElseThrow());
    }

    private boolean holds(long claimToken, Instant now) {
        return hasLiveClaim(now) && token == claimToken;
    }

    private void refuseClosed(Instant now) {
        ReviewStatus status = statusAt(now);
        if (status == ReviewStatus.RESOLVED) {
            throw refusal(Reason.ALREADY_RESOLVED, now);
        }
        if (status == ReviewStatus.EXPIRED) {
            throw refusal(Reason.EXPIRED, now);
        }
    }

    private ReviewException refusal(Reason reason, Instant now) {
        return refusal(reason, now, "");
    }

    private ReviewException refusal(Reason reason, Instant now, String detail) {
        return new ReviewException(reason, queue, item.predictionId(), describe(now) + detail);
    }

    private String describe(Instant now) {
        return switch (statusAt(now)) {
            case RESOLVED -> "RESOLVED by " + decision.orElseThrow().reviewer() + " at " + resolvedAt.orElseThrow();
            case EXPIRED -> "EXPIRED (deadline " + item.deadline() + ", now " + now + ")";
            case CLAIMED -> "CLAIMED by " + claimedBy.orElseThrow() + " until " + claimedUntil.orElseThrow()
                    + " (token " + token + ")";
            case PENDING -> "PENDING (last token " + token + ")";
        };
    }

    /**
     * The exception for an item the queue does not hold (the stores share it).
     *
     * @param queue the queue
     * @param predictionId the prediction id asked for
     * @return the {@code UNKNOWN} exception
     */
    public static ReviewException unknown(String queue, String predictionId) {
        return new ReviewException(Reason.UNKNOWN, queue, predictionId, "not in the queue (never added, or purged)");
    }
}
