package org.mlops4j.tracking.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.mlops4j.core.registry.ModelStatus;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tracking.internal.SignatureJson;

/**
 * The row mapping of {@link JdbcModelRegistry}: model versions with their tags, aliases and signature, tag
 * upserts, and nullable parameters.
 */
final class ModelVersionRows {

    private ModelVersionRows() {
    }

    static void upsertTag(Connection c, String name, int version, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_version_tags (name, version, tag_key, tag_value)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (name, version, tag_key) DO UPDATE SET tag_value = excluded.tag_value")) {
            ps.setString(1, name);
            ps.setInt(2, version);
            ps.setString(3, key);
            ps.setString(4, value);
            ps.executeUpdate();
        }
    }

    /** Loads versions with their tags and aliases, ordered by name and version. */
    static List<ModelVersion> loadVersions(Connection c, String where, List<?> args) throws SQLException {
        List<ModelVersion.Builder> builders = new ArrayList<>();
        Map<String, ModelVersion.Builder> byKey = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT v.name, v.version, v.creation_time, v.status,"
                + " v.source_run_id, v.description, v.artifact_location, v.artifact_sha256, v.signature FROM model_versions v "
                + where + " ORDER BY v.name, v.version")) {
            bindAll(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ModelVersion.Builder b = ModelVersion.builder(rs.getString(1), rs.getInt(2))
                            .createdAt(Instant.ofEpochMilli(rs.getLong(3)))
                            .status(ModelStatus.valueOf(rs.getString(4)));
                    String run = rs.getString(5);
                    if (run != null) {
                        b.sourceRunId(run);
                    }
                    String description = rs.getString(6);
                    if (description != null) {
                        b.description(description);
                    }
                    String location = rs.getString(7);
                    if (location != null) {
                        b.artifact(location, rs.getString(8));
                    }
                    String signature = rs.getString(9);
                    if (signature != null) {
                        b.signature(SignatureJson.read(signature, rs.getString(1) + "/" + rs.getInt(2)));
                    }
                    builders.add(b);
                    byKey.put(rs.getString(1) + "/" + rs.getInt(2), b);
                }
            }
        }
        if (builders.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, String>> tags = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.name, t.version, t.tag_key, t.tag_value"
                + " FROM model_version_tags t JOIN model_versions v ON v.name = t.name AND v.version = t.version "
                + where)) {
            bindAll(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.computeIfAbsent(rs.getString(1) + "/" + rs.getInt(2), k -> new HashMap<>())
                            .put(rs.getString(3), rs.getString(4));
                }
            }
        }
        Map<String, Set<String>> aliases = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.name, a.version, a.alias FROM model_aliases a"
                + " JOIN model_versions v ON v.name = a.name AND v.version = a.version " + where)) {
            bindAll(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    aliases.computeIfAbsent(rs.getString(1) + "/" + rs.getInt(2), k -> new HashSet<>())
                            .add(rs.getString(3));
                }
            }
        }
        List<ModelVersion> out = new ArrayList<>(builders.size());
        for (Map.Entry<String, ModelVersion.Builder> e : byKey.entrySet()) {
            e.getValue().tags(tags.getOrDefault(e.getKey(), Map.of()));
            e.getValue().aliases(aliases.getOrDefault(e.getKey(), Set.of()));
        }
        for (ModelVersion.Builder b : builders) {
            out.add(b.build());
        }
        return out;
    }

    static void bindAll(PreparedStatement ps, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    static void setNullableInt(PreparedStatement ps, int index, OptionalInt value) throws SQLException {
        if (value.isPresent()) {
            ps.setInt(index, value.getAsInt());
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }
}
