package org.mlops4j.tracking;

import java.time.Instant;
import java.util.Objects;

/**
 * A named group of runs, for example every training run of the fraud model.
 *
 * @param id the store-assigned id
 * @param name the unique name
 * @param createdAt when it was created
 */
public record Experiment(String id, String name, Instant createdAt) {

    /**
     * Validates the components.
     *
     * @param id the store-assigned id
     * @param name the unique name
     * @param createdAt when it was created
     * @throws NullPointerException if any is null
     */
    public Experiment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
