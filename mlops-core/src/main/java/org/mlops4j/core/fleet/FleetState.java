package org.mlops4j.core.fleet;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The small state a fleet of replicas shares through one store, in three primitives: registers read
 * and written with compare-and-set (a blue-green deployment's live colour, an alert's firing record),
 * per-replica cumulative counters summed over the replicas (a bandit's posterior counts), and
 * durable queues whose items are taken exactly once (a human review queue). The JDBC implementation
 * ({@code mlops-tracking}'s {@code JdbcFleetState}, on PostgreSQL or SQLite) is shared by processes;
 * {@link #inMemory()} by threads of one JVM. A single replica needs none of it: every feature that
 * uses it keeps its in-memory behaviour unless given a {@code FleetState}.
 *
 * <p>Keys, scopes, replica ids, counter names and queue names are non-blank strings of at most 250
 * characters. Implementations are thread-safe; each call is atomic on its own.
 */
public interface FleetState {

    /** The longest key, scope, replica id, counter or queue name. */
    int MAX_NAME = 250;

    /**
     * Reads a register.
     *
     * @param key the register's key
     * @return its value and version, or empty when it was never written
     * @throws IllegalArgumentException if {@code key} is blank or too long
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    Optional<Register> read(String key);

    /**
     * Writes a register if it is still at the version the caller read: version 0 means "never
     * written", and a successful write sets the version to {@code expectedVersion + 1}.
     *
     * @param key the register's key
     * @param expectedVersion the version read, or 0 to create the register
     * @param value the new value (at most 4,000 characters)
     * @return true when written; false when another writer got there first (read again)
     * @throws IllegalArgumentException if the key is blank or too long, the version negative, or
     *     the value too long
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    boolean compareAndSet(String key, long expectedVersion, String value);

    /**
     * Stores one replica's cumulative counters in a scope, replacing the values it published before:
     * publishing the same totals again (a retry) changes nothing, so the fleet's sums stay exact.
     *
     * @param scope the counters' scope, for example a bandit's endpoint
     * @param replica the publishing replica
     * @param cumulative counter name to this replica's total since it started counting, finite and
     *     {@code >= 0}
     * @throws IllegalArgumentException naming the counter and value if a value is negative or not
     *     finite, or if a name is blank or too long
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    void publishCounters(String scope, String replica, Map<String, Double> cumulative);

    /**
     * Reads every replica's counters in a scope.
     *
     * @param scope the scope
     * @return replica to (counter to value); empty when nothing was published
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    Map<String, Map<String, Double>> counters(String scope);

    /**
     * Adds an item to a queue unless the queue holds {@code capacity} items already or an item with
     * the same key is waiting in it (then nothing changes and the answer is true: a retried offer
     * queues the item once).
     *
     * @param queue the queue's name
     * @param itemKey the item's key, unique among the items waiting in the queue
     * @param payload the item's content
     * @param capacity how many items the queue may hold, at least 1
     * @return true when the item is waiting in the queue; false when the queue was full
     * @throws IllegalArgumentException if a name is blank or too long, or {@code capacity < 1}
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    boolean offer(String queue, String itemKey, String payload, int capacity);

    /**
     * Takes the oldest waiting item of a queue: atomically, so among all replicas exactly one taker
     * gets each item.
     *
     * @param queue the queue's name
     * @return the item, or empty when the queue is empty
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    Optional<QueuedItem> take(String queue);

    /**
     * Counts the items waiting in a queue.
     *
     * @param queue the queue's name
     * @return how many items wait
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    int size(String queue);

    /**
     * A store in this JVM's memory: for tests, and for replicas that are threads of one process.
     *
     * @return an empty in-memory store
     */
    static FleetState inMemory() {
        return new InMemoryFleetState();
    }

    /**
     * A register's content.
     *
     * @param key the key
     * @param value the value
     * @param version how many times it was written, at least 1
     */
    record Register(String key, String value, long version) {

        /**
         * Validates the register.
         *
         * @param key the key
         * @param value the value
         * @param version how many times it was written, at least 1
         * @throws IllegalArgumentException if {@code version < 1}
         */
        public Register {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (version < 1) {
                throw new IllegalArgumentException("version must be >= 1 but was " + version);
            }
        }
    }

    /**
     * An item taken from a queue.
     *
     * @param key the key it was offered with
     * @param payload its content
     */
    record QueuedItem(String key, String payload) {

        /**
         * Validates the item.
         *
         * @param key the key it was offered with
         * @param payload its content
         */
        public QueuedItem {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * Checks a key, scope, replica id, counter or queue name.
     *
     * @param field what it is, for the message
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException naming the field and value if it is blank or longer than
     *     {@value #MAX_NAME} characters
     */
    static String checkName(String field, String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException(field + " must be non-blank and at most " + MAX_NAME
                    + " characters but was " + (name == null ? null : "'" + name + "'"));
        }
        return name;
    }

    /**
     * Checks a register write's arguments (the implementations share it).
     *
     * @param key the key
     * @param expectedVersion the version read
     * @param value the value
     * @throws IllegalArgumentException naming the field and value
     */
    static void checkWrite(String key, long expectedVersion, String value) {
        checkName("key", key);
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be >= 0 but was " + expectedVersion);
        }
        Objects.requireNonNull(value, "value");
        if (value.length() > 4000) {
            throw new IllegalArgumentException("value must be at most 4000 characters but had " + value.length());
        }
    }

    /**
     * Checks a counter publication's arguments (the implementations share it).
     *
     * @param scope the scope
     * @param replica the replica
     * @param cumulative the counters
     * @throws IllegalArgumentException naming the field and value
     */
    static void checkCounters(String scope, String replica, Map<String, Double> cumulative) {
        checkName("scope", scope);
        checkName("replica", replica);
        Objects.requireNonNull(cumulative, "cumulative");
        cumulative.forEach((name, value) -> {
            checkName("counter", name);
            if (value == null || !(value >= 0.0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("counter '" + name + "' must be finite and >= 0 but was " + value);
            }
        });
    }

    /**
     * Checks an offer's arguments (the implementations share it).
     *
     * @param queue the queue
     * @param itemKey the item's key
     * @param payload the payload
     * @param capacity the capacity
     * @throws IllegalArgumentException naming the field and value
     */
    static void checkOffer(String queue, String itemKey, String payload, int capacity) {
        checkName("queue", queue);
        checkName("itemKey", itemKey);
        Objects.requireNonNull(payload, "payload");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
    }
}
