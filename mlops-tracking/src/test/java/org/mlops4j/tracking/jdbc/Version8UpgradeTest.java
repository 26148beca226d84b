package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.tracking.Metric;

/**
 * A store of schema version 8 opens with this code and moves to version 9 in place, on SQLite (which
 * gains the {@code metric_writes} view that single metrics are written through) and on PostgreSQL
 * (skipped unless {@value PostgresTestDatabase#ENV} is set; version 9 is empty there); a run from
 * before keeps its metrics and its latest values move by the usual rule.
 */
class Version8UpgradeTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void anSqliteStoreOfSchemaVersion8GainsTheMetricWritesView() throws Exception {
        Path file = dir.resolve("mlops.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            writeVersion8(c, SqlDialect.SQLITE);
        }
        try (JdbcStore store = JdbcStore.sqlite(file)) {
            checkUpgraded(store);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT type, name FROM sqlite_master WHERE name LIKE 'metric_writes%' ORDER BY name")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + " " + rs.getString(2)).isEqualTo("view metric_writes");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + " " + rs.getString(2)).isEqualTo("trigger metric_writes_insert");
        }
    }

    @Test
    void aPostgresStoreOfSchemaVersion8MovesToVersion9() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            try (Connection c = db.dataSource().getConnection()) {
                writeVersion8(c, SqlDialect.POSTGRESQL);
            }
            try (JdbcStore store = JdbcStore.open(db.dataSource(), "test schema " + db.schema())) {
                checkUpgraded(store);
            }
        }
    }

    private static void writeVersion8(Connection c, SqlDialect dialect) throws Exception {
        try (Statement s = c.createStatement()) {
            OldSchemas.migrateTo(s, dialect, 8);
            long t0 = T0.toEpochMilli();
            s.execute("INSERT INTO experiments (experiment_id, name, creation_time) VALUES ('e1', 'old', " + t0 + ")");
            s.execute("INSERT INTO runs (run_id, experiment_id, run_name, status, start_time, last_activity)"
                    + " VALUES ('r1', 'e1', 'before', 'RUNNING', " + t0 + ", " + t0 + ")");
            s.execute("INSERT INTO metrics (run_id, metric_key, metric_value, is_nan, step, ts)"
                    + " VALUES ('r1', 'loss', 0.5, 0, 10, " + t0 + ")");
            s.execute("INSERT INTO latest_metrics (run_id, experiment_id, metric_key, metric_value, is_nan, step, ts)"
                    + " VALUES ('r1', 'e1', 'loss', 0.5, 0, 10, " + t0 + ")");
        }
    }

    private void checkUpgraded(JdbcStore store) {
        assertThat(store.schemaVersion()).isEqualTo(JdbcSchema.CURRENT_VERSION).isGreaterThanOrEqualTo(9);
        JdbcTracker tracker = new JdbcTracker(store, dir.resolve("artifacts"), new ManualClock(T0.plusSeconds(5)));
        tracker.logMetric("r1", "loss", 0.9, 9, T0);
        assertThat(tracker.run("r1").orElseThrow().metric("loss")).as("an older step is kept out").contains(0.5);
        tracker.logMetric("r1", "loss", 0.4, 11, T0);
        tracker.logMetric("r1", "acc", 0.7, 1, T0);
        var run = tracker.run("r1").orElseThrow();
        assertThat(run.metric("loss")).contains(0.4);
        assertThat(run.metric("acc")).contains(0.7);
        assertThat(tracker.metricHistory("r1", "loss")).extracting(Metric::step).containsExactlyInAnyOrder(10L, 9L, 11L);
        assertThat(tracker.bestRun("old", "acc", org.mlops4j.tracking.Goal.MAX)).map(r -> r.runId()).contains("r1");
        tracker.endRun("r1", org.mlops4j.tracking.RunStatus.FINISHED);
        assertThatThrownBy(() -> tracker.logMetric("r1", "loss", 1, 12, T0)).isInstanceOf(IllegalStateException.class);
    }
}
