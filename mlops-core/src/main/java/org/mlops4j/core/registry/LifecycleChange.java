package org.mlops4j.core.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One entry of a model's lifecycle audit history: a version archived, restored or deleted, or the
 * whole model deleted, with who did it, why and when. Kept by every registry next to the alias
 * history ({@link ModelRegistry#aliasHistory}), and kept after the model is deleted.
 *
 * @param modelName the registered model
 * @param action what was done
 * @param version the version it was done to; empty for {@link Action#MODEL_DELETED}
 * @param attribution who did it and why
 * @param timestamp when
 */
public record LifecycleChange(String modelName, Action action, OptionalInt version, Attribution attribution,
                              Instant timestamp) {

    /** What a lifecycle change did. */
    public enum Action {
        /** A READY version became {@link ModelStatus#ARCHIVED}. */
        ARCHIVED,
        /** An ARCHIVED version became READY again. */
        RESTORED,
        /** A version was deleted; its number is never given to another version. */
        VERSION_DELETED,
        /** The model was deleted with all its versions. */
        MODEL_DELETED
    }

    /**
     * Validates the entry.
     *
     * @param modelName the registered model
     * @param action what was done
     * @param version the version it was done to; empty for {@link Action#MODEL_DELETED}
     * @param attribution who did it and why
     * @param timestamp when
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if a version action has no version, or a model deletion has one
     */
    public LifecycleChange {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(attribution, "attribution");
        Objects.requireNonNull(timestamp, "timestamp");
        if ((action == Action.MODEL_DELETED) != version.isEmpty()) {
            throw new IllegalArgumentException("a lifecycle change " + action + " of model '" + modelName + "' must "
                    + (action == Action.MODEL_DELETED ? "have no version" : "name a version") + " but had " + version);
        }
    }
}
