package org.mlops4j.core.feedback;

/**
 * Counters of a {@link FeedbackJoin} since it was created.
 *
 * @param joined feedback joined to its prediction and delivered
 * @param unmatched feedback whose prediction was unknown or already evicted
 * @param duplicates a second ground truth or reward for the same prediction, refused
 * @param evicted predictions forgotten, to stay within the capacity, before any feedback arrived
 * @param listenerFailures listener calls that threw (logged), mismatches excluded
 * @param mismatches feedback a listener refused as unusable with its prediction (thrown to the caller)
 * @param pending predictions remembered now
 */
public record FeedbackStats(long joined, long unmatched, long duplicates, long evicted, long listenerFailures,
                            long mismatches, long pending) {
}
