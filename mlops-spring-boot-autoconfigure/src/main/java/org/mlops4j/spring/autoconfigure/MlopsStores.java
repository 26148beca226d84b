package org.mlops4j.spring.autoconfigure;

import java.util.Objects;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.tracking.Tracker;

/**
 * The tracker and the registry the auto-configuration made, and what closes them when the
 * application context closes.
 */
public final class MlopsStores implements AutoCloseable {

    private final Tracker tracker;
    private final ModelRegistry registry;
    private final Runnable closer;
    private final String description;

    MlopsStores(Tracker tracker, ModelRegistry registry, Runnable closer, String description) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.closer = Objects.requireNonNull(closer, "closer");
        this.description = Objects.requireNonNull(description, "description");
    }

    /** @return the tracker */
    public Tracker tracker() {
        return tracker;
    }

    /** @return the model registry */
    public ModelRegistry registry() {
        return registry;
    }

    /** Closes the stores (drains and closes the tracker). */
    @Override
    public void close() {
        closer.run();
    }

    @Override
    public String toString() {
        return "MlopsStores[" + description + "]";
    }
}
