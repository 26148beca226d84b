package org.mlops4j.core.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One entry of a model's alias audit history: an alias set, moved or deleted.
 *
 * @param modelName the registered model
 * @param alias the alias, for example {@code champion}
 * @param previousVersion the version the alias pointed to before, empty if it was new
 * @param newVersion the version it points to now, empty if it was deleted
 * @param attribution who made the change and why
 * @param timestamp when the change was made
 */
public record AliasChange(String modelName, String alias, OptionalInt previousVersion, OptionalInt newVersion,
                          Attribution attribution, Instant timestamp) {

    /**
     * Validates the entry.
     *
     * @param modelName the registered model
     * @param alias the alias, for example {@code champion}
     * @param previousVersion the version the alias pointed to before, empty if it was new
     * @param newVersion the version it points to now, empty if it was deleted
     * @param attribution who made the change and why
     * @param timestamp when the change was made
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if both versions are empty
     */
    public AliasChange {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(previousVersion, "previousVersion");
        Objects.requireNonNull(newVersion, "newVersion");
        Objects.requireNonNull(attribution, "attribution");
        Objects.requireNonNull(timestamp, "timestamp");
        if (previousVersion.isEmpty() && newVersion.isEmpty()) {
            throw new IllegalArgumentException("an alias change of '" + alias + "' needs a previous or a new version");
        }
    }

    /** @return true when the alias was removed by this change */
    public boolean isDeletion() {
        return newVersion.isEmpty();
    }
}
