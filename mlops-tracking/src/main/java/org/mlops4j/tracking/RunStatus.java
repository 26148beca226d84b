package org.mlops4j.tracking;

/** The life-cycle status of a tracked run, as in MLflow. */
public enum RunStatus {
    /** Started and accepting params, metrics, tags and artifacts. */
    RUNNING,
    /** Ended normally. */
    FINISHED,
    /** Ended because the work failed. */
    FAILED,
    /** Ended from outside before it completed (cancelled, timed out). */
    KILLED;

    /** @return true for every status but {@link #RUNNING} */
    public boolean isTerminal() {
        return this != RUNNING;
    }
}
