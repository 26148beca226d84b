package org.mlops4j.tracking.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.fleet.FleetState;

/**
 * The {@link FleetState} of a fleet on a {@link JdbcStore} (schema version 7): PostgreSQL for
 * replicas on many hosts, SQLite for processes on one host. A register write is one conditional
 * statement ({@code INSERT ... ON CONFLICT DO NOTHING} to create, {@code UPDATE ... WHERE version = ?}
 * to replace), so of two racing writers exactly one succeeds. Counters are upserts of each replica's
 * totals. A queue offer counts and inserts in one transaction, serialised per queue (SQLite's write
 * lock; on PostgreSQL a transaction-scoped advisory lock on the queue's name), so the capacity holds
 * exactly; a take deletes the oldest row in one transaction (on PostgreSQL {@code FOR UPDATE SKIP
 * LOCKED}, so concurrent takers get different rows without waiting for each other); an empty queue
 * is answered by a read alone, so idle pollers take no write lock. Thread-safe.
 */
public final class JdbcFleetState implements FleetState {

    /** The first key of the advisory locks that serialise offers to one queue on PostgreSQL. */
    private static final int QUEUE_LOCK_CLASS = 0x6d6c7175;

    private final JdbcStore store;

    /**
     * Uses a store's fleet tables.
     *
     * @param store the database
     */
    public JdbcFleetState(JdbcStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Optional<Register> read(String key) {
        FleetState.checkName("key", key);
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT reg_value, version FROM fleet_registers WHERE reg_key = ?")) {
                s.setString(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new Register(key, rs.getString(1), rs.getLong(2))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean compareAndSet(String key, long expectedVersion, String value) {
        FleetState.checkWrite(key, expectedVersion, value);
        return store.write(c -> {
            String sql = expectedVersion == 0
                    ? "INSERT INTO fleet_registers (reg_value, version, reg_key) VALUES (?, ?, ?)"
                            + " ON CONFLICT (reg_key) DO NOTHING"
                    : "UPDATE fleet_registers SET reg_value = ?, version = ? WHERE reg_key = ? AND version = ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, value);
                s.setLong(2, expectedVersion + 1);
                s.setString(3, key);
                if (expectedVersion != 0) {
                    s.setLong(4, expectedVersion);
                }
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void publishCounters(String scope, String replica, Map<String, Double> cumulative) {
        FleetState.checkCounters(scope, replica, cumulative);
        if (cumulative.isEmpty()) {
            return;
        }
        store.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO fleet_counters (scope, replica, counter,"
                    + " counter_value) VALUES (?, ?, ?, ?) ON CONFLICT (scope, replica, counter)"
                    + " DO UPDATE SET counter_value = excluded.counter_value")) {
                for (Map.Entry<String, Double> e : cumulative.entrySet()) {
                    s.setString(1, scope);
                    s.setString(2, replica);
                    s.setString(3, e.getKey());
                    s.setDouble(4, e.getValue());
                    s.addBatch();
                }
                return s.executeBatch().length;
            }
        });
    }

    @Override
    public Map<String, Map<String, Double>> counters(String scope) {
        FleetState.checkName("scope", scope);
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT replica, counter, counter_value FROM fleet_counters WHERE scope = ?")) {
                s.setString(1, scope);
                Map<String, Map<String, Double>> out = new HashMap<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), r -> new HashMap<>()).put(rs.getString(2), rs.getDouble(3));
                    }
                }
                Map<String, Map<String, Double>> frozen = new HashMap<>();
                out.forEach((replica, values) -> frozen.put(replica, Map.copyOf(values)));
                return Map.copyOf(frozen);
            }
        });
    }

    @Override
    public boolean offer(String queue, String itemKey, String payload, int capacity) {
        FleetState.checkOffer(queue, itemKey, payload, capacity);
        return store.write(c -> {
            store.lockKey(c, QUEUE_LOCK_CLASS, queue);
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM fleet_queue WHERE queue = ? AND item_key = ?")) {
                s.setString(1, queue);
                s.setString(2, itemKey);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO fleet_queue (queue, item_key, payload)"
                    + " SELECT ?, ?, ? WHERE (SELECT COUNT(*) FROM fleet_queue WHERE queue = ?) < ?")) {
                s.setString(1, queue);
                s.setString(2, itemKey);
                s.setString(3, payload);
                s.setString(4, queue);
                s.setInt(5, capacity);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<QueuedItem> take(String queue) {
        FleetState.checkName("queue", queue);
        String lock = store.dialect() == SqlDialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        // An empty queue is answered by a read, so idle pollers never take SQLite's write lock.
        if (size(queue) == 0) {
            return Optional.empty();
        }
        return store.write(c -> {
            long id;
            QueuedItem item;
            try (PreparedStatement s = c.prepareStatement("SELECT id, item_key, payload FROM fleet_queue"
                    + " WHERE queue = ? ORDER BY id LIMIT 1" + lock)) {
                s.setString(1, queue);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<QueuedItem>empty();
                    }
                    id = rs.getLong(1);
                    item = new QueuedItem(rs.getString(2), rs.getString(3));
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM fleet_queue WHERE id = ?")) {
                s.setLong(1, id);
                s.executeUpdate();
            }
            return Optional.of(item);
        });
    }

    @Override
    public int size(String queue) {
        FleetState.checkName("queue", queue);
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM fleet_queue WHERE queue = ?")) {
                s.setString(1, queue);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public String toString() {
        return "JdbcFleetState[" + store + "]";
    }
}
