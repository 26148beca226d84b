package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.Clock;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunNotFoundException;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tag;

/**
 * What one write of the SQLite tracker reads and rewrites: the run's last activity only when it
 * has moved by a second or more, and the latest value of exactly the keys written, whether they
 * are read by name (up to 100 keys) or all at once (more).
 */
class JdbcTrackerWritesTest {

    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

    @TempDir
    Path dir;

    private ManualClock clock;
    private JdbcTracker tracker;
    private String runId;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(T0);
        tracker = new JdbcTracker(JdbcStore.sqlite(dir.resolve("mlops.db")), dir.resolve("artifacts"), clock);
        runId = tracker.startRun("writes", RunConfig.ofDefaults().recordSource(false)).id();
    }

    @AfterEach
    void closeTracker() {
        tracker.close();
    }

    @Test
    void lastActivityIsRewrittenOnlyOnceItIsASecondOld() throws SQLException {
        String second = tracker.startRun("writes", RunConfig.ofDefaults().recordSource(false)).id();
        assertThat(lastActivity()).isEqualTo(T0.toEpochMilli());
        clock.advance(Duration.ofMillis(999));
        tracker.logMetric(runId, "loss", 1, 1, clock.now());
        assertThat(lastActivity()).as("999 ms later: not rewritten").isEqualTo(T0.toEpochMilli());
        clock.advance(Duration.ofMillis(1));
        tracker.logMetric(runId, "loss", 2, 2, clock.now());
        assertThat(lastActivity()).as("1 s later: rewritten").isEqualTo(T0.toEpochMilli() + 1_000);
        clock.advance(Duration.ofMillis(1_500));
        tracker.logMetric(runId, "loss", 3, 3, clock.now());
        assertThat(lastActivity()).isEqualTo(T0.toEpochMilli() + 2_500);
        // Within the second after a record the statement is skipped, and the second counts from the
        // record, not from the skipped writes.
        clock.advance(Duration.ofMillis(600));
        tracker.logMetric(runId, "loss", 4, 4, clock.now());
        assertThat(lastActivity()).isEqualTo(T0.toEpochMilli() + 2_500);
        clock.advance(Duration.ofMillis(400));
        tracker.logMetric(runId, "loss", 5, 5, clock.now());
        assertThat(lastActivity()).as("1 s after the record, 0.4 s after a skipped write").isEqualTo(
                T0.toEpochMilli() + 3_500);
        assertThat(tracker.metricHistory(runId, "loss")).hasSize(5);
        // The second run, started at T0, written 0.2 s after the first run's record: its own record
        // is 3.7 s old, so it is rewritten (what this tracker recorded last was another run's).
        clock.advance(Duration.ofMillis(200));
        tracker.logMetric(second, "loss", 1, 1, clock.now());
        assertThat(lastActivity(second)).isEqualTo(T0.toEpochMilli() + 3_700);
    }

    @Test
    void lastActivityFollowsAClockThatWentBackAndAnotherWriterOfTheRun() throws SQLException {
        // A clock that can be set back, which a ManualClock cannot.
        AtomicLong millis = new AtomicLong(T0.toEpochMilli());
        Clock settable = new Clock() {
            @Override
            public Instant now() {
                return Instant.ofEpochMilli(millis.get());
            }

            @Override
            public long nanoTime() {
                return millis.get() * 1_000_000L;
            }
        };
        try (JdbcTracker own = new JdbcTracker(JdbcStore.sqlite(dir.resolve("mlops.db")), dir.resolve("a1"), settable)) {
            millis.set(T0.toEpochMilli() + 5_000);
            own.logMetric(runId, "loss", 1, 1, T0);
            assertThat(lastActivity()).isEqualTo(T0.toEpochMilli() + 5_000);
            millis.set(T0.toEpochMilli() + 3_000);
            own.logMetric(runId, "loss", 2, 2, T0);
            assertThat(lastActivity()).as("the clock went back: its word is taken").isEqualTo(T0.toEpochMilli() + 3_000);
            // Another tracker (another process) records a later activity. This one's next single
            // metric, over a second after its own record, checks the stored value and leaves the
            // other's record, half a second old; a second after the other's it records its own.
            clock.advance(Duration.ofMillis(4_100));
            tracker.logMetric(runId, "loss", 3, 3, T0);
            assertThat(lastActivity()).isEqualTo(T0.toEpochMilli() + 4_100);
            millis.set(T0.toEpochMilli() + 4_600);
            own.logMetric(runId, "loss", 4, 4, T0);
            assertThat(lastActivity()).as("0.5 s after the other's record: not rewritten")
                    .isEqualTo(T0.toEpochMilli() + 4_100);
            millis.set(T0.toEpochMilli() + 5_100);
            own.logMetric(runId, "loss", 5, 5, T0);
            assertThat(lastActivity()).isEqualTo(T0.toEpochMilli() + 5_100);
        }
        assertThat(tracker.run(runId).orElseThrow().metric("loss")).contains(5.0);
    }

    @Test
    void aSingleMetricForARunThatCannotTakeItSaysWhyAndWritesNothing() throws SQLException {
        String missing = "0123456789abcdef0123456789abcdef";
        assertThatThrownBy(() -> tracker.logMetric(missing, "loss", 1, 1, T0))
                .isInstanceOf(RunNotFoundException.class).hasMessageContaining(missing);
        String ended = tracker.startRun("writes", RunConfig.ofDefaults().recordSource(false)).id();
        tracker.endRun(ended, RunStatus.FINISHED);
        assertThatThrownBy(() -> tracker.logMetric(ended, "loss", 1, 1, T0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FINISHED");
        tracker.logMetric(runId, "loss", 1, 1, T0);
        tracker.deleteRun(runId, Attribution.by("ann", "cleanup"));
        assertThatThrownBy(() -> tracker.logMetric(runId, "loss", 2, 2, T0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("deleted");
        assertThat(count("metrics")).as("only the one accepted metric").isEqualTo(1);
        assertThat(count("latest_metrics")).isEqualTo(1);
        // The refused writes left the kept connection usable.
        tracker.restoreRun(runId, Attribution.by("ann", "undo"));
        tracker.logMetric(runId, "loss", 3, 3, T0);
        assertThat(tracker.run(runId).orElseThrow().metric("loss")).contains(3.0);
    }

    @Test
    void aBatchOfOneMetricWithParamsOrTagsWritesThemAll() {
        tracker.logBatch(runId, List.of(new Metric("loss", 0.5, 1, T0)), List.of(new Param("lr", "0.1")), List.of());
        tracker.logBatch(runId, List.of(new Metric("loss", 0.4, 2, T0)), List.of(), List.of(new Tag("phase", "fit")));
        tracker.logBatch(runId, List.of(new Metric("acc", 0.9, 2, T0), new Metric("loss", 0.3, 3, T0)), List.of(),
                List.of());
        var run = tracker.run(runId).orElseThrow();
        assertThat(run.params()).containsEntry("lr", "0.1");
        assertThat(run.tags()).containsEntry("phase", "fit");
        assertThat(run.metric("loss")).contains(0.3);
        assertThat(run.metric("acc")).contains(0.9);
        assertThat(tracker.metricHistory(runId, "loss")).hasSize(3);
    }

    @Test
    void activityNeedsWriteAtTheBoundaries() {
        assertThat(JdbcTracker.activityNeedsWrite(null, 5)).isTrue();
        assertThat(JdbcTracker.activityNeedsWrite(1_000L, 1_000)).isFalse();
        assertThat(JdbcTracker.activityNeedsWrite(1_000L, 1_999)).isFalse();
        assertThat(JdbcTracker.activityNeedsWrite(1_000L, 2_000)).isTrue();
        assertThat(JdbcTracker.activityNeedsWrite(1_000L, 999)).isTrue();
    }

    @Test
    void latestValuesOfAFewKeysAreReadByNameAndKeptRight() {
        tracker.logBatch(runId, List.of(new Metric("a", 5, 10, T0), new Metric("b", 1, 1, T0)), List.of(), List.of());
        // An older step of a, a newer step of b, and a key that is new: only b and c move.
        tracker.logBatch(runId, List.of(new Metric("a", 9, 3, T0), new Metric("b", 2, 2, T0),
                new Metric("c", 7, 0, T0)), List.of(), List.of());
        var run = tracker.run(runId).orElseThrow();
        assertThat(run.metric("a")).contains(5.0);
        assertThat(run.metric("b")).contains(2.0);
        assertThat(run.metric("c")).contains(7.0);
    }

    @Test
    void latestValuesOfManyKeysAreReadAllAtOnceAndKeptRight() {
        List<Metric> first = new ArrayList<>();
        List<Metric> second = new ArrayList<>();
        for (int k = 0; k < 150; k++) {
            first.add(new Metric("k" + k, k, 10, T0));
            // Even keys go back a step (kept), odd keys move forward (replaced).
            second.add(new Metric("k" + k, -k, k % 2 == 0 ? 5 : 11, T0));
        }
        tracker.logBatch(runId, first, List.of(), List.of());
        tracker.logBatch(runId, second, List.of(), List.of());
        var run = tracker.run(runId).orElseThrow();
        assertThat(run.latestMetrics()).hasSize(150);
        for (int k = 0; k < 150; k++) {
            assertThat(run.metric("k" + k)).as("k%d", k).contains(k % 2 == 0 ? (double) k : (double) -k);
        }
    }

    @Test
    void sameStepAndTimeKeepTheLargerValueAsBefore() {
        tracker.logBatch(runId, List.of(new Metric("x", 3, 1, T0), new Metric("x", 2, 1, T0)), List.of(), List.of());
        tracker.logMetric(runId, "x", 1, 1, T0);
        assertThat(tracker.run(runId).orElseThrow().metric("x")).contains(3.0);
        tracker.logMetric(runId, "x", 1, 1, T0.plusMillis(1));
        assertThat(tracker.run(runId).orElseThrow().metric("x")).contains(1.0);
    }

    @Test
    void existingKeysAreUpdatedInPlaceAndNewKeysInserted() throws SQLException {
        tracker.logMetric(runId, "a", 1, 1, T0);
        long rowid = latestRowid("a");
        tracker.logMetric(runId, "a", 2, 2, T0);
        tracker.logBatch(runId, List.of(new Metric("a", 3, 3, T0), new Metric("b", 4, 0, T0)), List.of(), List.of());
        assertThat(latestRowid("a")).as("updated in place, not deleted and inserted").isEqualTo(rowid);
        var run = tracker.run(runId).orElseThrow();
        assertThat(run.metric("a")).contains(3.0);
        assertThat(run.metric("b")).contains(4.0);
    }

    @Test
    void anUpdateThatFindsNoRowFailsTheWholeWriteInsteadOfLosingTheValue() throws SQLException {
        tracker.logBatch(runId, List.of(new Metric("a", 1, 1, T0), new Metric("b", 1, 1, T0)), List.of(), List.of());
        // A trigger that silently skips updates of "b": the one way to make the update miss its row.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlops.db"))) {
            c.createStatement().execute("CREATE TRIGGER skip_b BEFORE UPDATE ON latest_metrics"
                    + " WHEN old.metric_key = 'b' BEGIN SELECT RAISE(IGNORE); END");
        }
        // (A single metric on SQLite keeps its latest value in the metric_writes trigger, not here.)
        assertThatThrownBy(() -> tracker.logBatch(runId, List.of(new Metric("b", 2, 2, T0), new Metric("c", 2, 2, T0)),
                List.of(), List.of()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("latest value of metric 'b' of run " + runId);
        assertThatThrownBy(() -> tracker.logBatch(runId, List.of(new Metric("a", 3, 3, T0), new Metric("b", 3, 3, T0)),
                List.of(), List.of()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("metric 'b'");
        assertThat(tracker.metricHistory(runId, "a")).as("rolled back whole").hasSize(1);
        assertThat(tracker.metricHistory(runId, "b")).hasSize(1);
        assertThat(tracker.metricHistory(runId, "c")).isEmpty();
        assertThat(tracker.run(runId).orElseThrow().metric("a")).contains(1.0);
    }

    private long latestRowid(String key) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlops.db"));
             PreparedStatement ps = c.prepareStatement(
                     "SELECT rowid FROM latest_metrics WHERE run_id = ? AND metric_key = ?")) {
            ps.setString(1, runId);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    private long count(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlops.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private long lastActivity() throws SQLException {
        return lastActivity(runId);
    }

    private long lastActivity(String run) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlops.db"));
             PreparedStatement ps = c.prepareStatement("SELECT last_activity FROM runs WHERE run_id = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }
}
