package org.mlops4j.core.fleet;

import java.time.Instant;
import java.util.Optional;
import org.mlops4j.core.registry.ModelRef;

/**
 * The shared store of the closed windows every replica of a fleet publishes, keyed by endpoint,
 * variant, model version, replica and window start. Publishing is idempotent: a window published
 * again under the same key replaces the first copy, so it counts once. The store is bounded by
 * {@link #expire}, which the host calls on a schedule. Implementations are thread-safe; the JDBC one
 * ({@code mlops-tracking}'s {@code JdbcFleetWindows}) is shared by processes.
 */
public interface FleetWindows {

    /**
     * Stores one replica's closed window, replacing a copy published before under the same key.
     *
     * @param replica the publishing replica's id (non-blank)
     * @param window the window
     * @throws IllegalArgumentException if {@code replica} is blank
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    void publish(String replica, WindowAggregate window);

    /**
     * Merges every replica's windows of one variant that started in {@code [from, to)}.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version serving as that variant
     * @param from the earliest window start, inclusive
     * @param to the latest window start, exclusive
     * @return the merged aggregate, or empty when no window matched
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    Optional<VariantAggregate> merged(String endpoint, String variant, ModelRef model, Instant from, Instant to);

    /**
     * Removes every window that ended before a time.
     *
     * @param before windows whose end is strictly before this are removed
     * @return how many windows were removed
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    int expire(Instant before);

    /**
     * A store in this JVM's memory: for tests, and for replicas that are threads of one process.
     *
     * @return an empty in-memory store
     */
    static FleetWindows inMemory() {
        return new InMemoryFleetWindows();
    }

    /**
     * Checks a replica id.
     *
     * @param replica the id
     * @return the id
     * @throws IllegalArgumentException if it is blank or longer than 250 characters
     */
    static String checkReplica(String replica) {
        if (replica == null || replica.isBlank() || replica.length() > 250) {
            throw new IllegalArgumentException("replica must be a non-blank id of at most 250 characters but was "
                    + (replica == null ? null : "'" + replica + "'"));
        }
        return replica;
    }
}
