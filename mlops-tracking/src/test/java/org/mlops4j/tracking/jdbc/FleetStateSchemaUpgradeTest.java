package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.fleet.FleetState;

/**
 * A store of schema version 5 (the fleet's windows) opens with this code, on SQLite and on PostgreSQL
 * (skipped unless {@value PostgresTestDatabase#ENV} is set), gains the shared-state tables in place
 * (version 7) and keeps its rows.
 */
class FleetStateSchemaUpgradeTest {

    @TempDir
    Path dir;

    @Test
    void anSqliteStoreOfSchemaVersion5GainsTheSharedStateTables() throws Exception {
        Path file = dir.resolve("mlops.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            writeVersion5(c, SqlDialect.SQLITE);
        }
        checkUpgraded(JdbcStore.sqlite(file));
    }

    @Test
    void aPostgresStoreOfSchemaVersion5GainsTheSharedStateTables() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            try (Connection c = db.dataSource().getConnection()) {
                writeVersion5(c, SqlDialect.POSTGRESQL);
            }
            checkUpgraded(JdbcStore.open(db.dataSource(), "test schema " + db.schema()));
        }
    }

    private static void writeVersion5(Connection c, SqlDialect dialect) throws Exception {
        try (Statement s = c.createStatement()) {
            for (int v = 1; v <= 5; v++) {
                for (String sql : JdbcSchema.migration(v, dialect)) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO mlops_schema_version (version, applied_at) VALUES (" + v + ", 0)");
            }
            s.execute("INSERT INTO fleet_windows VALUES ('ep', 'v', 'churn', 1, 'r1', 0, 60000, 'AAAA')");
        }
    }

    private static void checkUpgraded(JdbcStore store) throws Exception {
        assertThat(store.schemaVersion()).isEqualTo(JdbcSchema.CURRENT_VERSION).isGreaterThanOrEqualTo(7);
        long windows = store.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM fleet_windows")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(windows).isEqualTo(1);
        FleetState state = new JdbcFleetState(store);
        assertThat(state.compareAndSet("bg/ep", 0, "blue")).isTrue();
        assertThat(state.read("bg/ep").orElseThrow().value()).isEqualTo("blue");
        state.publishCounters("bandit/ep", "r1", Map.of("a.successes", 2.0));
        assertThat(state.counters("bandit/ep")).isEqualTo(Map.of("r1", Map.of("a.successes", 2.0)));
        assertThat(state.offer("review/ep", "p1", "item", 10)).isTrue();
        assertThat(state.take("review/ep").orElseThrow().key()).isEqualTo("p1");
    }
}
