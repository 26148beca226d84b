package org.mlops4j.core.rollout;

/** What an analysis concluded about a candidate at one rollout step. */
public enum AnalysisOutcome {
    /** The candidate is at least as good as the champion on every check: advance. */
    PASS,
    /** The candidate is worse on some check: count a failure (roll back at once if the check is critical). */
    FAIL,
    /** Not enough evidence either way yet: wait for more data. */
    INCONCLUSIVE
}
