package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.fleet.FleetState;
import org.mlops4j.core.registry.ModelRef;

/**
 * A store of schema version 5 (the fleet windows) opens with this code, on SQLite and on PostgreSQL
 * (skipped unless {@value PostgresTestDatabase#ENV} is set), gains the controller leases table
 * (version 6) and the shared-state tables (version 7) in place, and keeps its fleet windows.
 */
class Version5UpgradeTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @TempDir
    Path dir;

    private final OpenedStores stores = new OpenedStores();

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void anSqliteStoreOfSchemaVersion5GainsTheLeaseAndSharedStateTables() throws Exception {
        Path file = dir.resolve("mlops.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            writeVersion5(c, SqlDialect.SQLITE);
        }
        checkUpgraded(stores.sqlite(file));
    }

    @Test
    void aPostgresStoreOfSchemaVersion5GainsTheLeaseAndSharedStateTables() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            try (Connection c = db.dataSource().getConnection()) {
                writeVersion5(c, SqlDialect.POSTGRESQL);
            }
            checkUpgraded(JdbcStore.open(db.dataSource(), "test schema " + db.schema()));
        }
    }

    private static void writeVersion5(Connection c, SqlDialect dialect) throws Exception {
        try (Statement s = c.createStatement()) {
            OldSchemas.migrateTo(s, dialect, 5);
            s.execute("INSERT INTO fleet_windows VALUES ('ep', 'v', 'churn', 1, 'r1', " + T0.toEpochMilli() + ", "
                    + T0.plusSeconds(60).toEpochMilli() + ", '"
                    + java.util.Base64.getEncoder().encodeToString(org.mlops4j.core.fleet.VariantAggregate.empty()
                    .encode()) + "')");
        }
    }

    private static void checkUpgraded(JdbcStore store) {
        assertThat(store.schemaVersion()).isEqualTo(JdbcSchema.CURRENT_VERSION).isGreaterThanOrEqualTo(7);
        assertThat(new JdbcFleetWindows(store).merged("ep", "v", new ModelRef("churn", 1), T0, Instant.MAX))
                .isPresent();
        JdbcControllerLease lease = new JdbcControllerLease(store, "rollout:churn");
        assertThat(lease.acquire("r1", Duration.ofSeconds(5)).orElseThrow().epoch()).isEqualTo(1);
        assertThat(lease.acquire("r2", Duration.ofSeconds(5))).isEmpty();
        FleetState state = new JdbcFleetState(store);
        assertThat(state.compareAndSet("bg/ep", 0, "blue")).isTrue();
        assertThat(state.read("bg/ep").orElseThrow().value()).isEqualTo("blue");
        state.publishCounters("bandit/ep", "r1", Map.of("a.successes", 2.0));
        assertThat(state.counters("bandit/ep")).isEqualTo(Map.of("r1", Map.of("a.successes", 2.0)));
        assertThat(state.offer("review/ep", "p1", "item", 10)).isTrue();
        assertThat(state.take("review/ep").orElseThrow().key()).isEqualTo("p1");
    }
}
