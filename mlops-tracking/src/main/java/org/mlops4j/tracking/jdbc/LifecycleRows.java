package org.mlops4j.tracking.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.LifecycleChange;

/**
 * The lifecycle rows of {@link JdbcModelRegistry}: the audit history table
 * {@code model_lifecycle_history}, and the statements that delete a version or a whole model. Each
 * runs inside the caller's transaction, after the caller took the model's row lock.
 */
final class LifecycleRows {

    private LifecycleRows() {
    }

    static LifecycleChange record(Connection c, String name, LifecycleChange.Action action, OptionalInt version,
                                  Attribution by, Instant when) throws SQLException {
        Instant millis = Instant.ofEpochMilli(when.toEpochMilli());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_lifecycle_history (name, action, version,"
                + " actor, reason, ts) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, action.name());
            ModelVersionRows.setNullableInt(ps, 3, version);
            ps.setString(4, by.actor());
            ps.setString(5, by.reason());
            ps.setLong(6, millis.toEpochMilli());
            ps.executeUpdate();
        }
        return new LifecycleChange(name, action, version, by, millis);
    }

    static List<LifecycleChange> history(Connection c, String name) throws SQLException {
        List<LifecycleChange> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT action, version, actor, reason, ts"
                + " FROM model_lifecycle_history WHERE name = ? ORDER BY id")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int v = rs.getInt(2);
                    OptionalInt version = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(v);
                    out.add(new LifecycleChange(name, LifecycleChange.Action.valueOf(rs.getString(1)), version,
                            Attribution.by(rs.getString(3), rs.getString(4)), Instant.ofEpochMilli(rs.getLong(5))));
                }
            }
        }
        return out;
    }

    /** A model's aliases, each to its version. */
    static Map<String, Integer> aliases(Connection c, String name) throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT alias, version FROM model_aliases WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /**
     * Deletes a version's rows. The model's {@code last_version} counter is untouched, so the number
     * is never given again.
     */
    static void deleteVersion(Connection c, String name, int version) throws SQLException {
        for (String table : List.of("model_version_tags", "model_versions")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE name = ? AND version = ?")) {
                ps.setString(1, name);
                ps.setInt(2, version);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Deletes a model's rows, its counter among them (registering the name again starts at 1); the
     * alias and lifecycle histories stay.
     */
    static void deleteModel(Connection c, String name) throws SQLException {
        for (String table : List.of("model_aliases", "model_version_tags", "model_versions", "registered_models")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE name = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
        }
    }
}
