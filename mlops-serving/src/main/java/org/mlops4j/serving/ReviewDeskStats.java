package org.mlops4j.serving;

/**
 * The counters of a {@link ReviewDesk}, since it was created.
 *
 * @param resolved decisions recorded through this desk
 * @param feedbackJoined decisions the endpoint's feedback join matched to their prediction and delivered
 * @param feedbackUnmatched decisions the join did not know (served before a restart, on another
 *     replica, or forgotten): delivered to the desk's unmatched listeners instead, and logged
 * @param feedbackFailures decisions whose feedback delivery threw (logged; the decision stays recorded)
 * @param decided handles completed with a person's decision
 * @param timedOut handles completed with the interim answer because the caller's wait ran out
 * @param expired items this desk's sweeps expired (their handles completed with the interim answer)
 * @param notReviewed handles completed at once because the prediction was not queued for review
 * @param sweepFailures scheduled sweeps that failed (logged; the next one tries again)
 */
public record ReviewDeskStats(long resolved, long feedbackJoined, long feedbackUnmatched, long feedbackFailures,
                              long decided, long timedOut, long expired, long notReviewed, long sweepFailures) {
}
