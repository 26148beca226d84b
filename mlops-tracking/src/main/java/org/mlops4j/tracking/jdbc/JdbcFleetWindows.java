package org.mlops4j.tracking.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.fleet.FleetWindows;
import org.mlops4j.core.fleet.VariantAggregate;
import org.mlops4j.core.fleet.WindowAggregate;
import org.mlops4j.core.registry.ModelRef;

/**
 * The {@link FleetWindows} of a fleet on a {@link JdbcStore}: PostgreSQL for replicas on many hosts,
 * SQLite for processes on one host. Publishing is an upsert on the window's key, so a window
 * published twice (a retry, a replica restarted with the same id) counts once; the merge reads the
 * matching rows and adds them in this JVM ({@link VariantAggregate#merge} is exact, so the result
 * does not depend on the row order). Thread-safe; every call is one statement.
 */
public final class JdbcFleetWindows implements FleetWindows {

    private final JdbcStore store;

    /**
     * Uses a store's {@code fleet_windows} table (schema version 5).
     *
     * @param store the database
     */
    public JdbcFleetWindows(JdbcStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void publish(String replica, WindowAggregate window) {
        FleetWindows.checkReplica(replica);
        Objects.requireNonNull(window, "window");
        String aggregate = Base64.getEncoder().encodeToString(window.figures().encode());
        store.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO fleet_windows (endpoint, variant, model_name,"
                    + " model_version, replica, window_start, window_end, aggregate) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (endpoint, variant, model_name, model_version, replica, window_start)"
                    + " DO UPDATE SET window_end = excluded.window_end, aggregate = excluded.aggregate")) {
                s.setString(1, window.endpoint());
                s.setString(2, window.variant());
                s.setString(3, window.model().name());
                s.setInt(4, window.model().version());
                s.setString(5, replica);
                s.setLong(6, window.start().toEpochMilli());
                s.setLong(7, window.end().toEpochMilli());
                s.setString(8, aggregate);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<VariantAggregate> merged(String endpoint, String variant, ModelRef model, Instant from,
                                             Instant to) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        long fromMillis = millis(Objects.requireNonNull(from, "from"));
        long toMillis = millis(Objects.requireNonNull(to, "to"));
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT aggregate FROM fleet_windows WHERE endpoint = ?"
                    + " AND variant = ? AND model_name = ? AND model_version = ? AND window_start >= ?"
                    + " AND window_start < ?")) {
                s.setString(1, endpoint);
                s.setString(2, variant);
                s.setString(3, model.name());
                s.setInt(4, model.version());
                s.setLong(5, fromMillis);
                s.setLong(6, toMillis);
                VariantAggregate sum = null;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        VariantAggregate a = VariantAggregate.decode(Base64.getDecoder().decode(rs.getString(1)));
                        sum = sum == null ? a : sum.merge(a);
                    }
                }
                return Optional.ofNullable(sum);
            }
        });
    }

    @Override
    public int expire(Instant before) {
        long cutoff = millis(Objects.requireNonNull(before, "before"));
        return store.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM fleet_windows WHERE window_end < ?")) {
                s.setLong(1, cutoff);
                return s.executeUpdate();
            }
        });
    }

    /** Epoch milliseconds, with the far past and future (such as {@link Instant#MAX}) clamped to a long. */
    private static long millis(Instant t) {
        if (t.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE))) {
            return Long.MAX_VALUE;
        }
        if (t.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE))) {
            return Long.MIN_VALUE;
        }
        return t.toEpochMilli();
    }

    @Override
    public String toString() {
        return "JdbcFleetWindows[" + store + "]";
    }
}
