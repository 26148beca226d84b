package org.mlops4j.serving;

/**
 * The counters of a {@link HumanReviewStrategy}, since it was created. Every prediction it saw is in
 * exactly one of {@code automated}, {@code queued}, {@code rejectedWhenFull},
 * {@code answeredByModelWhenFull} and {@code queueFailures}.
 *
 * @param automated answered by the model without review (level {@link AutomationLevel#FULL}, or
 *     sure enough at {@link AutomationLevel#PARTIAL})
 * @param deferred sent to review: queued, refused by a full queue, or lost to a store failure
 * @param queued queued for review (after waiting for room or not)
 * @param blockedWhenFull found the queue full and waited for room ({@link QueueFullPolicy#block})
 * @param rejectedWhenFull not queued because the queue was full; the caller got what it would have
 *     got had the item been queued ({@link QueueFullPolicy#rejectNew}, or a block that found no room)
 * @param answeredByModelWhenFull not queued because the queue was full; the caller got the model's
 *     answer ({@link QueueFullPolicy#answerByModel})
 * @param queueFailures not queued because the queue's store failed; the caller got what it would have got
 */
public record HumanReviewStats(long automated, long deferred, long queued, long blockedWhenFull,
                               long rejectedWhenFull, long answeredByModelWhenFull, long queueFailures) {
}
