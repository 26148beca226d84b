package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelRegistryContract;
import org.mlops4j.core.registry.ModelVersion;

/** The registry contract on PostgreSQL (skipped unless {@value PostgresTestDatabase#ENV} is set). */
class PostgresModelRegistryTest extends ModelRegistryContract {

    private PostgresTestDatabase db;
    private Path artifacts;

    @Override
    protected ModelRegistry createRegistry(ManualClock clock) throws Exception {
        db = PostgresTestDatabase.create();
        artifacts = tempDir.resolve("artifacts");
        return new JdbcModelRegistry(JdbcStore.open(db.dataSource(), "test schema " + db.schema()), artifacts, clock);
    }

    @Override
    protected Path storedArtifactFile(ModelVersion version) {
        return artifacts.resolve(version.artifactLocation().orElseThrow());
    }

    @Test
    void usesThePostgresDialectAndTheCurrentSchema() {
        JdbcStore store = JdbcStore.open(db.dataSource(), "test schema " + db.schema());
        assertThat(store.dialect()).isEqualTo(SqlDialect.POSTGRESQL);
        assertThat(store.schemaVersion()).isEqualTo(JdbcSchema.CURRENT_VERSION);
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (db != null) {
            db.close();
        }
    }
}
