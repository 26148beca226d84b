package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.LifecycleChange;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelStatus;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;

/**
 * A registry written by schema version 2 (before soft delete, signatures and the lifecycle history) opens with
 * this code, on SQLite and on PostgreSQL (skipped unless {@value PostgresTestDatabase#ENV} is set),
 * is migrated in place, keeps its versions, tags, aliases and alias history, and takes signatures
 * and lifecycle changes from then on.
 */
class RegistrySchemaUpgradeTest {

    private static final long CREATED = Instant.parse("2025-03-01T09:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private final OpenedStores stores = new OpenedStores();

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void anSqliteRegistryOfSchemaVersion2IsMigratedAndKeepsItsData() throws Exception {
        Path file = dir.resolve("mlops.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            writeVersion2Registry(c, SqlDialect.SQLITE);
        }
        checkUpgraded(stores.sqlite(file));
    }

    @Test
    void aPostgresRegistryOfSchemaVersion2IsMigratedAndKeepsItsData() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            try (Connection c = db.dataSource().getConnection()) {
                writeVersion2Registry(c, SqlDialect.POSTGRESQL);
            }
            checkUpgraded(JdbcStore.open(db.dataSource(), "test schema " + db.schema()));
        }
    }

    private void writeVersion2Registry(Connection c, SqlDialect dialect) throws Exception {
        Files.writeString(Files.createDirectories(dir.resolve("artifacts/models/" + sha("w1"))).resolve("m.bin"), "w1");
        try (Statement s = c.createStatement()) {
            OldSchemas.migrateTo(s, dialect, 2);
            s.execute("INSERT INTO registered_models VALUES ('fraud', " + CREATED + ", 2)");
            s.execute("INSERT INTO model_versions VALUES ('fraud', 1, " + CREATED + ", 'READY', 'run-1', 'first',"
                    + " 'models/" + sha("w1") + "/m.bin', '" + sha("w1") + "')");
            s.execute("INSERT INTO model_versions VALUES ('fraud', 2, " + CREATED + ", 'PENDING', NULL, NULL, NULL, NULL)");
            s.execute("INSERT INTO model_version_tags VALUES ('fraud', 1, 'team', 'risk')");
            s.execute("INSERT INTO model_aliases VALUES ('fraud', 'champion', 1)");
            s.execute("INSERT INTO model_alias_history (name, alias, previous_version, new_version, actor, reason, ts)"
                    + " VALUES ('fraud', 'champion', NULL, 1, 'alice', 'first model', " + CREATED + ")");
        }
    }

    private void checkUpgraded(JdbcStore store) throws Exception {
        assertThat(store.schemaVersion()).isEqualTo(JdbcSchema.CURRENT_VERSION);
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(CREATED).plusSeconds(3600));
        JdbcModelRegistry registry = new JdbcModelRegistry(store, dir.resolve("artifacts"), clock);

        ModelVersion v1 = registry.require("models:/fraud@champion");
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.tags()).containsEntry("team", "risk");
        assertThat(v1.sourceRunId()).contains("run-1");
        assertThat(v1.description()).contains("first");
        assertThat(v1.signature()).isEmpty();
        assertThat(registry.<String>load(v1, Files::readString)).isEqualTo("w1");
        assertThat(registry.get("fraud", 2).orElseThrow().status()).isEqualTo(ModelStatus.PENDING);
        assertThat(registry.aliasHistory("fraud")).containsExactly(new AliasChange("fraud", "champion",
                OptionalInt.empty(), OptionalInt.of(1), Attribution.by("alice", "first model"),
                Instant.ofEpochMilli(CREATED)));
        assertThat(registry.lifecycleHistory("fraud")).isEmpty();

        ModelSignature signature = ModelSignature.regressor(Schema.of(Feature.numeric("x")));
        ModelVersion v3 = registry.register(ModelRegistration.builder("fraud").signature(signature).build());
        assertThat(v3.version()).isEqualTo(3);
        assertThat(registry.get("fraud", 3).orElseThrow().signature()).contains(signature);
        registry.deleteVersion("fraud", 2, Attribution.by("bob", "never uploaded"));
        assertThat(registry.lifecycleHistory("fraud")).extracting(LifecycleChange::action)
                .containsExactly(LifecycleChange.Action.VERSION_DELETED);
        assertThat(registry.versions("fraud")).extracting(ModelVersion::version).containsExactly(1, 3);
    }

    private static String sha(String content) throws Exception {
        return ModelArtifact.sha256Of(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }
}
