package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.StoreException;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunStatus;

class JdbcStoreTest {

    @TempDir
    Path dir;

    private final OpenedStores stores = new OpenedStores();

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void createsTheSchemaOnceAndRecordsItsVersion() {
        JdbcStore store = stores.sqlite(dir.resolve("mlops.db"));
        assertThat(store.schemaVersion()).isEqualTo(JdbcSchema.CURRENT_VERSION);
        assertThat(store.dialect()).isEqualTo(SqlDialect.SQLITE);
        assertThat(stores.sqlite(dir.resolve("mlops.db")).schemaVersion()).isEqualTo(JdbcSchema.CURRENT_VERSION);
    }

    @Test
    void dataSurvivesReopeningTheDirectory() {
        String runId;
        try (Mlops mlops = Mlops.local(dir)) {
            runId = mlops.tracker().run("fraud", RunConfig.ofDefaults().recordSource(false), run -> {
                run.logParam("lr", 0.1).logMetric("auc", 0.91, 3);
                return run.id();
            });
        }
        assertThat(dir.resolve("mlops.db")).exists();
        assertThat(dir.resolve("artifacts")).isDirectory();
        try (Mlops mlops = Mlops.local(dir)) {
            var run = mlops.tracker().run(runId).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(run.params()).containsEntry("lr", "0.1");
            assertThat(run.metric("auc")).contains(0.91);
        }
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedAndLeftAsItWas() throws Exception {
        Path file = Files.writeString(dir.resolve("mlops.db"), "name,amount\nalice,3\n");
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> Mlops.local(dir))
                .isInstanceOf(StoreException.class).hasMessageContaining("not an SQLite database");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aForeignSqliteDatabaseIsRefusedAndLeftAsItWas() throws Exception {
        Path file = dir.resolve("mlops.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO users (name) VALUES ('alice')");
        }
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> Mlops.local(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not an mlops4j database").hasMessageContaining("users");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(dir.resolve("mlops.db-wal")).doesNotExist();
    }

    @Test
    void aNewerSchemaIsRefused() throws Exception {
        stores.sqlite(dir.resolve("mlops.db"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlops.db"));
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO mlops_schema_version (version, applied_at) VALUES (99, 0)");
        }
        assertThatThrownBy(() -> JdbcStore.sqlite(dir.resolve("mlops.db")))
                .isInstanceOf(StoreException.class).hasMessageContaining("schema version 99");
    }

    @Test
    void aCorruptedDatabaseIsRefusedAndLeftAsItWas() throws Exception {
        try (Mlops mlops = Mlops.local(dir)) {
            mlops.tracker().getOrCreateExperiment("fraud");
        }
        // Checkpoint the WAL into the main file so the corruption hits real pages.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlops.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        Path file = dir.resolve("mlops.db");
        byte[] bytes = Files.readAllBytes(file);
        // Keep the 100-byte header, overwrite the schema page that follows it.
        Arrays.fill(bytes, 100, Math.min(bytes.length, 4096), (byte) 0x7f);
        Files.write(file, bytes);

        assertThatThrownBy(() -> Mlops.local(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString());
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void anyWriteKeepsARunFromGoingStaleNotOnlyAMetric() {
        org.mlops4j.core.ManualClock clock = new org.mlops4j.core.ManualClock(java.time.Instant.parse("2025-03-01T09:00:00Z"));
        JdbcTracker tracker = new JdbcTracker(stores.sqlite(dir.resolve("mlops.db")), dir.resolve("artifacts"), clock);
        String experiment = tracker.getOrCreateExperiment("fraud").id();
        String tagged = tracker.createRun(experiment, RunConfig.ofDefaults().recordSource(false)).runId();
        String param = tracker.createRun(experiment, RunConfig.ofDefaults().recordSource(false)).runId();
        String quiet = tracker.createRun(experiment, RunConfig.ofDefaults().recordSource(false)).runId();
        clock.advance(java.time.Duration.ofHours(2));
        tracker.setTag(tagged, "phase", "evaluating");
        tracker.logParam(param, "lr", "0.1");
        clock.advance(java.time.Duration.ofMinutes(30));

        assertThat(tracker.staleRuns(java.time.Duration.ofHours(1)))
                .extracting(org.mlops4j.tracking.RunInfo::runId).containsExactly(quiet);
    }
}
