package org.mlops4j.tracking;

/**
 * Whether a run or an experiment is active or soft-deleted, as MLflow's {@code lifecycle_stage}.
 * A deleted run keeps its data and artifacts, is hidden from searches by default
 * ({@link ViewType#ACTIVE_ONLY}), accepts no writes, and can be restored.
 */
public enum LifecycleStage {
    /** Visible and writable (while running). */
    ACTIVE("active"),
    /** Soft-deleted: hidden by default, read-only, restorable. */
    DELETED("deleted");

    private final String wireName;

    LifecycleStage(String wireName) {
        this.wireName = wireName;
    }

    /** @return the lower-case name MLflow and the SQL stores use, {@code active} or {@code deleted} */
    public String wireName() {
        return wireName;
    }

    /**
     * Reads a stage from its wire name.
     *
     * @param wireName {@code active} or {@code deleted}
     * @return the stage
     * @throws IllegalArgumentException naming the value if it is neither
     */
    public static LifecycleStage fromWireName(String wireName) {
        for (LifecycleStage stage : values()) {
            if (stage.wireName.equals(wireName)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("lifecycle stage must be 'active' or 'deleted' but was '" + wireName + "'");
    }
}
