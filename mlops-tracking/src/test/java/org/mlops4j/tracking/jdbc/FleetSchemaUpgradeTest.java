package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.fleet.LatencySketch;
import org.mlops4j.core.fleet.VariantAggregate;
import org.mlops4j.core.fleet.WindowAggregate;
import org.mlops4j.core.registry.ModelRef;

/**
 * A store of schema version 4 (issue 17) opens with this code, on SQLite and on PostgreSQL (skipped
 * unless {@value PostgresTestDatabase#ENV} is set), gains the fleet windows table in place (version 5)
 * and keeps its registry rows.
 */
class FleetSchemaUpgradeTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @TempDir
    Path dir;

    private final OpenedStores stores = new OpenedStores();

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void anSqliteStoreOfSchemaVersion4GainsTheFleetTable() throws Exception {
        Path file = dir.resolve("mlops.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            writeVersion4(c, SqlDialect.SQLITE);
        }
        checkUpgraded(stores.sqlite(file));
    }

    @Test
    void aPostgresStoreOfSchemaVersion4GainsTheFleetTable() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            try (Connection c = db.dataSource().getConnection()) {
                writeVersion4(c, SqlDialect.POSTGRESQL);
            }
            checkUpgraded(JdbcStore.open(db.dataSource(), "test schema " + db.schema()));
        }
    }

    private static void writeVersion4(Connection c, SqlDialect dialect) throws Exception {
        try (Statement s = c.createStatement()) {
            OldSchemas.migrateTo(s, dialect, 4);
            s.execute("INSERT INTO registered_models VALUES ('churn', 0, 1)");
        }
    }

    private static void checkUpgraded(JdbcStore store) throws Exception {
        assertThat(store.schemaVersion()).isEqualTo(JdbcSchema.CURRENT_VERSION).isGreaterThanOrEqualTo(5);
        long models = store.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM registered_models")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(models).isEqualTo(1);
        JdbcFleetWindows fleet = new JdbcFleetWindows(store);
        VariantAggregate a = new VariantAggregate(3, 1, 0, 0, LatencySketch.of(4, 5), Map.of("yes", 2L));
        fleet.publish("r1", new WindowAggregate("ep", "v", new ModelRef("churn", 1), T0, T0.plusSeconds(60), a));
        assertThat(fleet.merged("ep", "v", new ModelRef("churn", 1), T0, Instant.MAX)).contains(a);
        // Schema version 6 came with it: the controller leases.
        JdbcControllerLease lease = new JdbcControllerLease(store, "rollout:churn");
        assertThat(lease.acquire("r1", java.time.Duration.ofSeconds(5)).orElseThrow().epoch()).isEqualTo(1);
    }
}
