package org.mlops4j.tracking;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A named group of runs, for example every training run of the fraud model.
 *
 * @param id the store-assigned id
 * @param name the unique name
 * @param createdAt when it was created
 * @param lifecycleStage whether it is active or soft-deleted ({@link Tracker#deleteExperiment})
 * @param tags the experiment's tags, among them the audit trail of {@link LifecycleAudit}
 */
public record Experiment(String id, String name, Instant createdAt, LifecycleStage lifecycleStage,
                         Map<String, String> tags) {

    /**
     * Validates the components.
     *
     * @param id the store-assigned id
     * @param name the unique name
     * @param createdAt when it was created
     * @param lifecycleStage whether it is active or soft-deleted
     * @param tags the experiment's tags
     * @throws NullPointerException if any is null
     */
    public Experiment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lifecycleStage, "lifecycleStage");
        tags = Map.copyOf(tags);
    }

    /**
     * Describes an active experiment without tags.
     *
     * @param id the store-assigned id
     * @param name the unique name
     * @param createdAt when it was created
     * @throws NullPointerException if any is null
     */
    public Experiment(String id, String name, Instant createdAt) {
        this(id, name, createdAt, LifecycleStage.ACTIVE, Map.of());
    }

    /** @return true if the experiment is soft-deleted */
    public boolean isDeleted() {
        return lifecycleStage == LifecycleStage.DELETED;
    }
}
