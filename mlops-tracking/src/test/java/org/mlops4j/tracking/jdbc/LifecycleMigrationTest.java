package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.LifecycleAudit;
import org.mlops4j.tracking.LifecycleStage;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.ViewType;

/**
 * Schema versions 3 (soft delete) and 4 applied in place to a version-2 database holding runs: on SQLite
 * always, on PostgreSQL when {@value PostgresTestDatabase#ENV} is set.
 */
class LifecycleMigrationTest {

    private static final long START = Instant.parse("2025-03-01T09:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private final OpenedStores stores = new OpenedStores();

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void aVersion2SqliteStoreUpgradesInPlaceWithEveryRunActive() throws Exception {
        Path file = dir.resolve("mlops.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            createVersion2(c, SqlDialect.SQLITE);
        }
        checkUpgraded(stores.sqlite(file));
    }

    @Test
    void aVersion2PostgresSchemaUpgradesInPlaceWithEveryRunActive() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            try (Connection c = db.dataSource().getConnection()) {
                createVersion2(c, SqlDialect.POSTGRESQL);
            }
            checkUpgraded(JdbcStore.open(db.dataSource(), "test schema " + db.schema()));
        }
    }

    /** The tables as mlops4j 2 left them, with one experiment, two runs, a tag and a metric. */
    private static void createVersion2(Connection c, SqlDialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            OldSchemas.migrateTo(s, dialect, 2);
            s.execute("INSERT INTO experiments VALUES ('e1', 'fraud', " + START + ")");
            s.execute("INSERT INTO runs (run_id, experiment_id, run_name, status, start_time, end_time, parent_run_id,"
                    + " last_activity, owner) VALUES ('r1', 'e1', 'old', 'FINISHED', " + START + ", " + (START + 60_000)
                    + ", NULL, " + START + ", NULL)");
            s.execute("INSERT INTO runs (run_id, experiment_id, run_name, status, start_time, end_time, parent_run_id,"
                    + " last_activity, owner) VALUES ('r2', 'e1', 'older', 'FINISHED', " + (START - 60_000) + ", "
                    + START + ", NULL, " + START + ", NULL)");
            s.execute("INSERT INTO tags VALUES ('r1', 'team', 'risk')");
            s.execute("INSERT INTO latest_metrics VALUES ('r1', 'e1', 'auc', 0.9, 0, 3, " + START + ")");
        }
    }

    private void checkUpgraded(JdbcStore store) {
        assertThat(store.schemaVersion()).isEqualTo(JdbcSchema.CURRENT_VERSION).isGreaterThanOrEqualTo(5);
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(START).plusSeconds(3600));
        JdbcTracker tracker = new JdbcTracker(store, dir.resolve("artifacts"), clock);

        Experiment fraud = tracker.experiment("fraud").orElseThrow();
        assertThat(fraud.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(fraud.tags()).isEmpty();
        RunInfo old = tracker.run("r1").orElseThrow();
        assertThat(old.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(old.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(old.tags()).containsEntry("team", "risk");
        assertThat(old.metric("auc")).contains(0.9);
        assertThat(tracker.searchRuns(RunQuery.in("e1")).runs()).extracting(RunInfo::runId).containsExactly("r1", "r2");

        tracker.deleteRun("r2", Attribution.by("alice", "duplicate"));
        assertThat(tracker.searchRuns(RunQuery.in("e1")).runs()).extracting(RunInfo::runId).containsExactly("r1");
        tracker.deleteExperiment("e1", Attribution.by("alice", "retired model"));
        assertThat(tracker.experiments()).isEmpty();
        assertThat(tracker.experiment("fraud").orElseThrow().tags()).containsEntry(LifecycleAudit.DELETED_BY, "alice");
        assertThat(tracker.searchRuns(RunQuery.in("e1").viewType(ViewType.DELETED_ONLY)).runs()).hasSize(2);
        tracker.restoreExperiment("e1", Attribution.by("bob", "still served"));
        assertThat(tracker.searchRuns(RunQuery.in("e1")).runs()).extracting(RunInfo::runId)
                .isEqualTo(List.of("r1", "r2"));
    }
}
