package org.mlops4j.tracking.internal;

import org.mlops4j.tracking.LifecycleStage;

/**
 * The lifecycle decisions every tracker makes the same way, and the errors it throws for them: a
 * deleted run takes no writes; only an active run or experiment can be deleted and only a deleted
 * one restored. Stateless.
 *
 * <p>Internal: public only so that the local and MLflow trackers of mlops-tracking share it; not
 * part of the API, and may change without notice.
 */
public final class LifecycleChecks {

    private LifecycleChecks() {
    }

    /**
     * Fails if a run is deleted, before a write to it.
     *
     * @param runId the run
     * @param stage its stage
     * @throws IllegalStateException naming the run if it is deleted
     */
    public static void requireActiveRun(String runId, LifecycleStage stage) {
        if (stage == LifecycleStage.DELETED) {
            throw new IllegalStateException("run " + runId + " is deleted: restore it (restoreRun) before writing"
                    + " params, metrics, tags or artifacts, or ending it");
        }
    }

    /**
     * Checks that a change of stage is possible: deleting needs an active thing, restoring a
     * deleted one.
     *
     * @param kind {@code run} or {@code experiment}
     * @param id its id
     * @param current its stage now
     * @param target the stage asked for
     * @throws IllegalStateException naming it and its stage if it is already in {@code target}
     */
    public static void requireTransition(String kind, String id, LifecycleStage current, LifecycleStage target) {
        if (current == target) {
            throw new IllegalStateException(kind + " " + id + " is already " + current.wireName() + "; "
                    + (target == LifecycleStage.DELETED ? "only an active " + kind + " can be deleted"
                    : "only a deleted " + kind + " can be restored"));
        }
    }
}
