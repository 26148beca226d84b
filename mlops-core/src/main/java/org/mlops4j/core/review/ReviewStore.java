package org.mlops4j.core.review;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.mlops4j.core.Clock;

/**
 * A durable store of review items shared by every replica of a service and by the back-office UI:
 * items wait in named queues, are claimed by one reviewer at a time under a lease, and are
 * resolved, released or expired. The data-plane SPI of the human review loop.
 *
 * <p>Rules every implementation follows (the contract suite checks them):
 * <ul>
 *   <li>Time is the store's injected {@link Clock}. An item whose deadline has passed is
 *       {@link ReviewStatus#EXPIRED} for every read and transition even before {@link #expire}
 *       marks it; a claim whose lease ran out ({@code now >= until}) is gone: the item shows as
 *       {@link ReviewStatus#PENDING}.</li>
 *   <li>Waiting items ({@code PENDING} and {@code CLAIMED}) are ordered by priority descending,
 *       then {@code enqueuedAt} ascending, then prediction id ascending.</li>
 *   <li>Each claim issues a new token; a stale token cannot release or resolve.</li>
 *   <li>Every refused transition throws {@link ReviewException} with its reason; nothing is
 *       dropped silently: a full queue answers {@link Admission#FULL}, an expired item is returned
 *       by exactly one {@link #expire} call fleet-wide.</li>
 *   <li>Store failures are thrown as {@link org.mlops4j.core.StoreException}.</li>
 * </ul>
 * Implementations are thread-safe, and the JDBC one is safe across processes.
 */
public interface ReviewStore extends AutoCloseable {

    /**
     * Returns a store held in this JVM's memory (lost on restart): for tests, one replica, or as the
     * reference the durable stores are checked against.
     *
     * @param clock the time source for leases, deadlines and resolution times
     * @return a new, empty, thread-safe store
     */
    static ReviewStore inMemory(Clock clock) {
        return new InMemoryReviewStore(clock);
    }

    /**
     * Adds an item to a queue unless its prediction id is already there or the queue is full.
     *
     * @param queue the queue name, non-blank, at most {@value ReviewLimits#MAX_NAME} characters
     * @param item the item
     * @param capacity the most waiting ({@code PENDING} + {@code CLAIMED}, not overdue) items the
     *                 queue may hold, at least 1
     * @return {@link Admission#ADDED}, {@link Admission#DUPLICATE} when the prediction id is already
     *         in the queue in any status, or {@link Admission#FULL}
     * @throws IllegalArgumentException on a bad queue name or capacity
     */
    Admission add(String queue, NewReview item, int capacity);

    /**
     * Lists the items a reviewer may take, in review order: {@code PENDING}, including claims whose
     * lease ran out; not live claims and not overdue items.
     *
     * @param queue the queue
     * @param limit the most items, in [1, {@value ReviewLimits#MAX_LIMIT}]
     * @return up to {@code limit} records, first to review first
     */
    List<ReviewRecord> pending(String queue, int limit);

    /**
     * Lists the waiting items in review order, live claims included (shown as {@code CLAIMED}).
     *
     * @param queue the queue
     * @param limit the most items, in [1, {@value ReviewLimits#MAX_LIMIT}]
     * @return up to {@code limit} records
     */
    List<ReviewRecord> waiting(String queue, int limit);

    /**
     * Finds one item in any status.
     *
     * @param queue the queue
     * @param predictionId the prediction id
     * @return the record as of now, empty when the queue has no such item
     */
    Optional<ReviewRecord> find(String queue, String predictionId);

    /**
     * Claims one item for a reviewer until {@code now + lease}; the same reviewer claiming again
     * renews with a new token.
     *
     * @param queue the queue
     * @param predictionId the item
     * @param reviewer who takes it
     * @param lease how long the claim holds, in (0, 1 day]
     * @return the claim
     * @throws ReviewException {@code UNKNOWN}, {@code EXPIRED}, {@code ALREADY_RESOLVED}, or
     *         {@code CLAIMED_BY_OTHER} when another reviewer holds a live claim
     */
    ReviewClaim claim(String queue, String predictionId, String reviewer, Duration lease);

    /**
     * Claims the first item of {@link #pending} order atomically: two reviewers (in any process)
     * never get the same item.
     *
     * @param queue the queue
     * @param reviewer who takes it
     * @param lease how long the claim holds, in (0, 1 day]
     * @return the claim, empty when nothing is pending
     */
    Optional<ReviewClaim> claimNext(String queue, String reviewer, Duration lease);

    /**
     * Gives a claimed item back to the queue (it shows as {@code PENDING} again).
     *
     * @param claim the claim to release
     * @throws ReviewException {@code UNKNOWN}, {@code ALREADY_RESOLVED}, {@code EXPIRED}, or
     *         {@code CLAIM_LOST} when the token is no longer the item's live claim
     */
    void release(ReviewClaim claim);

    /**
     * Records a reviewer's decision; {@code resolvedAt} is the store's time.
     *
     * @param queue the queue
     * @param predictionId the item
     * @param decision the decision
     * @param claimToken the caller's claim token: when present it must be the live claim; when
     *                   empty, the item must be unclaimed, its claim expired, or claimed by
     *                   {@code decision.reviewer()} itself
     * @return the resolved record
     * @throws ReviewException {@code UNKNOWN}, {@code ALREADY_RESOLVED}, {@code EXPIRED} (deadline
     *         passed, even if not yet marked), {@code CLAIM_LOST} (token given but not live) or
     *         {@code CLAIMED_BY_OTHER} (no token, someone else holds a live claim)
     */
    ReviewRecord resolve(String queue, String predictionId, ReviewDecision decision, OptionalLong claimToken);

    /**
     * Marks the queue's waiting items whose deadline passed as {@code EXPIRED} and returns them;
     * each item is returned by exactly one call, across all processes sharing the store.
     *
     * @param queue the queue
     * @return the items this call expired, in review order, status {@code EXPIRED}
     */
    List<ReviewRecord> expire(String queue);

    /**
     * Lists items resolved at or after {@code since} (inclusive, so a poller that passes the last
     * {@code resolvedAt} it saw must skip prediction ids it already handled).
     *
     * @param queue the queue
     * @param since the earliest resolution time
     * @param limit the most items, in [1, {@value ReviewLimits#MAX_LIMIT}]
     * @return records ordered by {@code resolvedAt}, then prediction id
     */
    List<ReviewRecord> resolvedSince(String queue, Instant since, int limit);

    /**
     * Summarises the queue at the store's time.
     *
     * @param queue the queue
     * @return the figures (all zero for an unknown queue)
     */
    ReviewFigures figures(String queue);

    /**
     * Deletes the queue's {@code RESOLVED} and {@code EXPIRED} items closed before a time
     * (retention). Overdue items not yet marked by {@link #expire} are kept.
     *
     * @param queue the queue
     * @param resolvedBefore delete items whose {@code resolvedAt} is strictly before this
     * @return how many items were deleted
     */
    int purge(String queue, Instant resolvedBefore);

    /**
     * Releases the store's resources (connections); the in-memory store has none.
     */
    @Override
    void close();
}
