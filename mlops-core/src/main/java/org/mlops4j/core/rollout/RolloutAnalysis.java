package org.mlops4j.core.rollout;

/**
 * Judges a rollout's candidate against its champion: "promote, hold or roll back?". A rollout asks
 * it on every tick of its schedule, so an implementation must give valid answers under repeated
 * looks (sequential tests, not a fixed-sample test re-run at every peek). Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface RolloutAnalysis {

    /**
     * Judges the candidate now.
     *
     * @param context where the rollout stands
     * @return PASS, FAIL or INCONCLUSIVE, with the checks behind it
     */
    AnalysisResult analyse(RolloutContext context);

    /**
     * Hears that a step began (the first step when a rollout starts or resumes): per-step
     * statistics start afresh here, and whole-rollout ones when the candidate is a new one. The
     * default does nothing.
     *
     * @param context the rollout at the start of the step
     */
    default void stepStarted(RolloutContext context) {
    }
}
