package org.mlops4j.tracking.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.Clock;
import org.mlops4j.core.ModelNotFoundException;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.LifecycleChange;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelFilter;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelStatus;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.registry.RegistryLifecycle;
import org.mlops4j.core.registry.RegistryNames;
import org.mlops4j.core.registry.VerifiedArtifact;
import org.mlops4j.tracking.internal.SignatureJson;
import org.mlops4j.tracking.internal.StoreFiles;

/**
 * A persistent {@link ModelRegistry} on a {@link JdbcStore} (SQLite or PostgreSQL), with model
 * artifacts copied into a local directory.
 *
 * <p>Version numbers come from a per-model counter incremented inside the registering transaction,
 * so they are gapless and unique even when several processes register at once. Alias moves,
 * including {@link #compareAndSetAlias}, take the model's row lock and write the audit history in
 * the same transaction. Artifacts are stored by content ({@code models/<sha256>/<file name>}), so a
 * registration that fails never leaves a half-written file under a version's name, and loading
 * checks the SHA-256 again. A version's signature is a JSON column ({@code SignatureJson}); archive,
 * restore and deletions write the lifecycle history in the same transaction as the change. A
 * deleted version's rows are deleted, and the model's counter keeps its number from being given
 * again; a deleted model's rows are deleted, its histories kept. Artifact files are shared by
 * content between versions, so deletions leave them in place. Thread-safe.
 */
public final class JdbcModelRegistry implements ModelRegistry {

    private final JdbcStore store;
    private final Path artifactRoot;
    private final Clock clock;

    /**
     * Creates a registry.
     *
     * @param store the database
     * @param artifactRoot the directory model artifacts are copied into
     * @param clock the clock of registration and alias-change times
     */
    public JdbcModelRegistry(JdbcStore store, Path artifactRoot, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.artifactRoot = Objects.requireNonNull(artifactRoot, "artifactRoot").toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            Files.createDirectories(this.artifactRoot);
        } catch (IOException e) {
            throw new StoreException("cannot create artifact directory " + this.artifactRoot, e);
        }
        StoreFiles.cleanTemporaries(this.artifactRoot, Instant.now());
    }

    @Override
    public ModelVersion register(ModelRegistration registration) {
        Objects.requireNonNull(registration, "registration");
        String location = registration.artifact().map(this::storeArtifact).orElse(null);
        String name = registration.name();
        long now = clock.now().toEpochMilli();
        int version = store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO registered_models (name, creation_time,"
                    + " last_version) VALUES (?, ?, 0) ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, name);
                ps.setLong(2, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE registered_models SET last_version = last_version + 1 WHERE name = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            int v = lockModel(c, name).orElseThrow();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_versions (name, version, creation_time,"
                    + " status, source_run_id, description, artifact_location, artifact_sha256, signature)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setInt(2, v);
                ps.setLong(3, now);
                ps.setString(4, (location != null ? ModelStatus.READY : ModelStatus.PENDING).name());
                ModelVersionRows.setNullable(ps, 5, registration.sourceRunId().orElse(null));
                ModelVersionRows.setNullable(ps, 6, registration.description().orElse(null));
                ModelVersionRows.setNullable(ps, 7, location);
                ModelVersionRows.setNullable(ps, 8, registration.artifact().map(ModelArtifact::sha256).orElse(null));
                ModelVersionRows.setNullable(ps, 9, registration.signature().map(SignatureJson::write).orElse(null));
                ps.executeUpdate();
            }
            for (Map.Entry<String, String> t : registration.tags().entrySet()) {
                ModelVersionRows.upsertTag(c, name, v, t.getKey(), t.getValue());
            }
            return v;
        });
        return get(name, version).orElseThrow();
    }

    /**
     * Copies the artifact under its SHA-256, hashing the bytes as they are copied: only bytes with
     * the registered SHA-256 are renamed into place, fsynced with their directory before the
     * database row that points at them is committed.
     */
    private String storeArtifact(ModelArtifact artifact) {
        String fileName = artifact.file().getFileName().toString();
        List<String> segments = List.of("models", artifact.sha256(), fileName);
        String relative = String.join("/", segments);
        try {
            Path target = StoreFiles.resolveNoLinks(artifactRoot, segments);
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && storedSha256(segments).equals(artifact.sha256())) {
                return relative;
            }
            try (InputStream in = Files.newInputStream(artifact.file())) {
                StoreFiles.writeDurably(artifactRoot, segments, in, artifact.sha256());
            }
        } catch (NoSuchFileException e) {
            throw new ArtifactIntegrityException("model artifact " + artifact.file() + " does not exist", e);
        } catch (IOException e) {
            throw new StoreException("cannot copy model artifact " + artifact.file() + " into " + artifactRoot, e);
        }
        return relative;
    }

    private String storedSha256(List<String> segments) throws IOException {
        try (InputStream in = StoreFiles.openForRead(artifactRoot, segments)) {
            return ModelArtifact.sha256Of(in);
        }
    }

    @Override
    public Optional<ModelVersion> get(String name, int version) {
        RegistryNames.checkModelName(name);
        RegistryNames.checkVersion(version);
        return store.read(c -> ModelVersionRows.loadVersions(c, "WHERE v.name = ? AND v.version = ?", List.of(name, version)))
                .stream().findFirst();
    }

    @Override
    public Optional<ModelVersion> getByAlias(String name, String alias) {
        RegistryNames.checkModelName(name);
        RegistryNames.checkAlias(alias);
        return store.read(c -> ModelVersionRows.loadVersions(c, "WHERE v.name = ? AND v.version = (SELECT a.version FROM model_aliases a"
                + " WHERE a.name = ? AND a.alias = ?)", List.of(name, name, alias))).stream().findFirst();
    }

    @Override
    public List<ModelVersion> versions(String name) {
        RegistryNames.checkModelName(name);
        return store.read(c -> ModelVersionRows.loadVersions(c, "WHERE v.name = ?", List.of(name)));
    }

    @Override
    public List<String> modelNames() {
        return store.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM registered_models ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public List<ModelVersion> search(ModelFilter filter) {
        Objects.requireNonNull(filter, "filter");
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter.nameLike().ifPresent(p -> {
            // Escape nothing: ModelFilter's pattern is SQL LIKE by definition.
            where.append(" AND v.name LIKE ?");
            args.add(p);
        });
        filter.status().ifPresent(s -> {
            where.append(" AND v.status = ?");
            args.add(s.name());
        });
        for (Map.Entry<String, String> t : filter.tags().entrySet()) {
            where.append(" AND EXISTS (SELECT 1 FROM model_version_tags t WHERE t.name = v.name AND t.version = v.version"
                    + " AND t.tag_key = ? AND t.tag_value = ?)");
            args.add(t.getKey());
            args.add(t.getValue());
        }
        // SQLite's LIKE ignores ASCII case; the filter is case-sensitive, so re-check in Java.
        return store.read(c -> ModelVersionRows.loadVersions(c, where.toString(), args)).stream().filter(filter::matches).toList();
    }

    @Override
    public ModelVersion setStatus(String name, int version, ModelStatus status) {
        Objects.requireNonNull(status, "status");
        store.write(c -> {
            RegistryLifecycle.checkSetStatus(current(c, name, version), status);
            updateStatus(c, name, version, status);
            return null;
        });
        return get(name, version).orElseThrow();
    }

    @Override
    public ModelVersion archive(String name, int version, Attribution by) {
        Objects.requireNonNull(by, "by");
        store.write(c -> {
            RegistryLifecycle.checkArchive(current(c, name, version));
            updateStatus(c, name, version, ModelStatus.ARCHIVED);
            return LifecycleRows.record(c, name, LifecycleChange.Action.ARCHIVED, OptionalInt.of(version), by, clock.now());
        });
        return get(name, version).orElseThrow();
    }

    @Override
    public ModelVersion restore(String name, int version, Attribution by) {
        Objects.requireNonNull(by, "by");
        store.write(c -> {
            RegistryLifecycle.checkRestore(current(c, name, version));
            updateStatus(c, name, version, ModelStatus.READY);
            return LifecycleRows.record(c, name, LifecycleChange.Action.RESTORED, OptionalInt.of(version), by, clock.now());
        });
        return get(name, version).orElseThrow();
    }

    @Override
    public LifecycleChange deleteVersion(String name, int version, Attribution by) {
        Objects.requireNonNull(by, "by");
        return store.write(c -> {
            RegistryLifecycle.checkDeleteVersion(current(c, name, version));
            LifecycleRows.deleteVersion(c, name, version);
            return LifecycleRows.record(c, name, LifecycleChange.Action.VERSION_DELETED, OptionalInt.of(version), by,
                    clock.now());
        });
    }

    @Override
    public LifecycleChange deleteModel(String name, Attribution by) {
        RegistryNames.checkModelName(name);
        Objects.requireNonNull(by, "by");
        return store.write(c -> {
            if (lockModel(c, name).isEmpty()) {
                throw RegistryLifecycle.modelNotFound(name);
            }
            RegistryLifecycle.checkDeleteModel(name, LifecycleRows.aliases(c, name));
            LifecycleRows.deleteModel(c, name);
            return LifecycleRows.record(c, name, LifecycleChange.Action.MODEL_DELETED, OptionalInt.empty(), by,
                    clock.now());
        });
    }

    @Override
    public List<LifecycleChange> lifecycleHistory(String name) {
        RegistryNames.checkModelName(name);
        return store.read(c -> LifecycleRows.history(c, name));
    }

    /** The version as stored, with its aliases, after taking the model's row lock. */
    private ModelVersion current(Connection c, String name, int version) throws SQLException {
        requireVersion(c, name, version);
        return ModelVersionRows.loadVersions(c, "WHERE v.name = ? AND v.version = ?", List.of(name, version)).get(0);
    }

    private static void updateStatus(Connection c, String name, int version, ModelStatus status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE model_versions SET status = ? WHERE name = ? AND version = ?")) {
            ps.setString(1, status.name());
            ps.setString(2, name);
            ps.setInt(3, version);
            ps.executeUpdate();
        }
    }

    @Override
    public ModelVersion setTag(String name, int version, String key, String value) {
        RegistryNames.checkTag(key, value);
        store.write(c -> {
            requireVersion(c, name, version);
            ModelVersionRows.upsertTag(c, name, version, key, value);
            return null;
        });
        return get(name, version).orElseThrow();
    }

    @Override
    public ModelVersion removeTag(String name, int version, String key) {
        Objects.requireNonNull(key, "key");
        store.write(c -> {
            requireVersion(c, name, version);
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM model_version_tags WHERE name = ? AND version = ? AND tag_key = ?")) {
                ps.setString(1, name);
                ps.setInt(2, version);
                ps.setString(3, key);
                ps.executeUpdate();
            }
            return null;
        });
        return get(name, version).orElseThrow();
    }

    @Override
    public AliasChange setAlias(String name, String alias, int version, Attribution by) {
        RegistryNames.checkAlias(alias);
        Objects.requireNonNull(by, "by");
        return store.write(c -> {
            requireReady(c, name, version);
            return moveAlias(c, name, alias, currentAlias(c, name, alias), version, by);
        });
    }

    @Override
    public boolean compareAndSetAlias(String name, String alias, OptionalInt expectedCurrentVersion, int newVersion,
                                      Attribution by) {
        RegistryNames.checkAlias(alias);
        Objects.requireNonNull(expectedCurrentVersion, "expectedCurrentVersion");
        Objects.requireNonNull(by, "by");
        return store.write(c -> {
            requireReady(c, name, newVersion);
            OptionalInt current = currentAlias(c, name, alias);
            if (!current.equals(expectedCurrentVersion)) {
                return false;
            }
            moveAlias(c, name, alias, current, newVersion, by);
            return true;
        });
    }

    @Override
    public AliasChange deleteAlias(String name, String alias, Attribution by) {
        RegistryNames.checkModelName(name);
        RegistryNames.checkAlias(alias);
        Objects.requireNonNull(by, "by");
        return store.write(c -> {
            lockModel(c, name);
            OptionalInt current = currentAlias(c, name, alias);
            if (current.isEmpty()) {
                throw new ModelNotFoundException("model '" + name + "' has no alias '" + alias + "'");
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM model_aliases WHERE name = ? AND alias = ?")) {
                ps.setString(1, name);
                ps.setString(2, alias);
                ps.executeUpdate();
            }
            return recordChange(c, name, alias, current, OptionalInt.empty(), by);
        });
    }

    @Override
    public List<AliasChange> aliasHistory(String name) {
        RegistryNames.checkModelName(name);
        return store.read(c -> {
            List<AliasChange> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT alias, previous_version, new_version, actor, reason, ts"
                    + " FROM model_alias_history WHERE name = ? ORDER BY id")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int prev = rs.getInt(2);
                        OptionalInt previous = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(prev);
                        int next = rs.getInt(3);
                        OptionalInt newVersion = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(next);
                        out.add(new AliasChange(name, rs.getString(1), previous, newVersion,
                                Attribution.by(rs.getString(4), rs.getString(5)), Instant.ofEpochMilli(rs.getLong(6))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public <M> M load(ModelVersion version, ModelLoader<M> loader) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(loader, "loader");
        ModelVersion current = get(version.name(), version.version()).orElseThrow(() -> new ModelNotFoundException(
                "no version " + version.version() + " of model '" + version.name() + "'"));
        String location = current.requireLoadableArtifact();
        List<String> segments = List.of(location.split("/"));
        Path file = StoreFiles.resolveNoLinks(artifactRoot, segments);
        VerifiedArtifact verified;
        // One open that follows no link below the root; the bytes hashed are the bytes parsed.
        try (InputStream in = StoreFiles.openForRead(artifactRoot, segments)) {
            verified = VerifiedArtifact.read(in, file, current.artifactSha256().orElseThrow(), loader.maxArtifactBytes());
        } catch (NoSuchFileException e) {
            throw new ArtifactIntegrityException("model artifact " + file + " does not exist or is not a regular file", e);
        } catch (IOException e) {
            throw new StoreException("cannot read model artifact " + file, e);
        }
        try {
            return loader.load(verified);
        } catch (IOException e) {
            throw new StoreException("cannot load model artifact " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the directory holding the model artifacts */
    public Path artifactRoot() {
        return artifactRoot;
    }

    private AliasChange moveAlias(Connection c, String name, String alias, OptionalInt previous, int version,
                                  Attribution by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_aliases (name, alias, version) VALUES (?, ?, ?)"
                + " ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version")) {
            ps.setString(1, name);
            ps.setString(2, alias);
            ps.setInt(3, version);
            ps.executeUpdate();
        }
        return recordChange(c, name, alias, previous, OptionalInt.of(version), by);
    }

    private AliasChange recordChange(Connection c, String name, String alias, OptionalInt previous,
                                     OptionalInt next, Attribution by) throws SQLException {
        Instant now = Instant.ofEpochMilli(clock.now().toEpochMilli());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_alias_history (name, alias, previous_version,"
                + " new_version, actor, reason, ts) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, alias);
            ModelVersionRows.setNullableInt(ps, 3, previous);
            ModelVersionRows.setNullableInt(ps, 4, next);
            ps.setString(5, by.actor());
            ps.setString(6, by.reason());
            ps.setLong(7, now.toEpochMilli());
            ps.executeUpdate();
        }
        return new AliasChange(name, alias, previous, next, by, now);
    }

    private OptionalInt currentAlias(Connection c, String name, String alias) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM model_aliases WHERE name = ? AND alias = ?")) {
            ps.setString(1, name);
            ps.setString(2, alias);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /** Takes the model's row lock (PostgreSQL) and returns its last version, or empty if unknown. */
    private Optional<Integer> lockModel(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_version FROM registered_models WHERE name = ?"
                + store.dialect().forUpdate())) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    private ModelStatus requireVersion(Connection c, String name, int version) throws SQLException {
        RegistryNames.checkModelName(name);
        RegistryNames.checkVersion(version);
        lockModel(c, name);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT status FROM model_versions WHERE name = ? AND version = ?")) {
            ps.setString(1, name);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw RegistryLifecycle.versionNotFound(name, version);
                }
                return ModelStatus.valueOf(rs.getString(1));
            }
        }
    }

    private void requireReady(Connection c, String name, int version) throws SQLException {
        ModelStatus status = requireVersion(c, name, version);
        if (status != ModelStatus.READY) {
            throw new IllegalStateException("cannot point an alias at " + name + "/" + version + ": its status is "
                    + status + ", and only READY versions can be served");
        }
    }

    @Override
    public String toString() {
        return "JdbcModelRegistry[" + store + "]";
    }
}
