package org.mlops4j.tracking;

import java.util.Objects;

/**
 * Which runs or experiments a listing shows by {@link LifecycleStage}, as MLflow's
 * {@code ViewType}: searches and listings show only active ones unless told otherwise.
 */
public enum ViewType {
    /** Only active runs or experiments: the default. */
    ACTIVE_ONLY,
    /** Only deleted ones, for example to find what to restore. */
    DELETED_ONLY,
    /** Both. */
    ALL;

    /**
     * Tells whether this view shows something in a stage.
     *
     * @param stage the stage
     * @return true if shown
     */
    public boolean includes(LifecycleStage stage) {
        Objects.requireNonNull(stage, "stage");
        switch (this) {
            case ACTIVE_ONLY:
                return stage == LifecycleStage.ACTIVE;
            case DELETED_ONLY:
                return stage == LifecycleStage.DELETED;
            default:
                return true;
        }
    }
}
