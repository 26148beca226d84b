package org.mlops4j.lifecycle;

/** Where a {@link Rollout} is. */
public enum RolloutStatus {
    /** Analysing the current step on every tick. */
    RUNNING,
    /** The current step passed and has a manual gate: waiting for {@link Rollout#approve()}. */
    AWAITING_APPROVAL,
    /** Too many inconclusive analyses in a row: waiting for a human to approve (continue) or abort. */
    PAUSED,
    /** Finished: the candidate is the champion. */
    PROMOTED,
    /** Finished: all traffic went back to the champion. */
    ROLLED_BACK;

    /** @return true for PROMOTED and ROLLED_BACK */
    public boolean finished() {
        return this == PROMOTED || this == ROLLED_BACK;
    }
}
