package org.mlops4j.tracking.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlops4j.core.Clock;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.tracking.AbstractTracker;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.Goal;
import org.mlops4j.tracking.LifecycleAudit;
import org.mlops4j.tracking.LifecycleStage;
import org.mlops4j.tracking.LocalArtifactStore;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.ParamConflictException;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunNotFoundException;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunPage;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.TrackingLimits;
import org.mlops4j.tracking.ViewType;
import org.mlops4j.tracking.internal.LifecycleChecks;

/**
 * A {@link org.mlops4j.tracking.Tracker} on a {@link JdbcStore} (SQLite or PostgreSQL), with run
 * artifacts in a local directory.
 *
 * <p>Every write is one transaction: a batch of metrics, params and tags is stored entirely or not
 * at all, and a write that returned is durable. The latest value of each metric is kept in its own
 * indexed table, so searching and ordering thousands of runs by a metric reads one row per run.
 * Times are stored in epoch milliseconds. Thread-safe; several processes may share one database.
 */
public final class JdbcTracker extends AbstractTracker {

    private final JdbcStore store;

    /**
     * Creates a tracker.
     *
     * @param store the database
     * @param artifactRoot the directory of run artifacts
     * @param clock the clock
     */
    public JdbcTracker(JdbcStore store, Path artifactRoot, Clock clock) {
        super(clock, new LocalArtifactStore(artifactRoot));
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Experiment getOrCreateExperiment(String name) {
        TrackingLimits.checkExperimentName(name);
        Optional<Experiment> existing = experiment(name);
        if (existing.isPresent()) {
            return requireActive(existing.get());
        }
        // ON CONFLICT DO NOTHING makes racing creators (threads or processes) converge on one row.
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO experiments (experiment_id, name, creation_time)"
                    + " VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, newId());
                ps.setString(2, name);
                ps.setLong(3, clock().now().toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
        return requireActive(experiment(name).orElseThrow(() -> new IllegalStateException("experiment '" + name
                + "' vanished right after it was created")));
    }

    private static Experiment requireActive(Experiment e) {
        if (e.isDeleted()) {
            throw new IllegalStateException("experiment '" + e.name() + "' (id " + e.id() + ") is deleted; restore it"
                    + " (restoreExperiment) or choose another name");
        }
        return e;
    }

    @Override
    public Optional<Experiment> experiment(String name) {
        TrackingLimits.checkExperimentName(name);
        return store.read(c -> experimentsWhere(c, "WHERE e.name = ?", name).stream().findFirst());
    }

    @Override
    public List<Experiment> experiments(ViewType view) {
        Objects.requireNonNull(view, "view");
        return store.read(c -> switch (view) {
            case ACTIVE_ONLY -> experimentsWhere(c, "WHERE e.lifecycle_stage = ?", LifecycleStage.ACTIVE.wireName());
            case DELETED_ONLY -> experimentsWhere(c, "WHERE e.lifecycle_stage = ?", LifecycleStage.DELETED.wireName());
            case ALL -> experimentsWhere(c, "", null);
        });
    }

    /** Reads experiments ({@code e}) with their tags, by name; {@code where} takes at most one argument. */
    private static List<Experiment> experimentsWhere(Connection c, String where, String arg) throws SQLException {
        Map<String, Object[]> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT e.experiment_id, e.name, e.creation_time,"
                + " e.lifecycle_stage FROM experiments e " + where + " ORDER BY e.name")) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new Object[] {rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                        LifecycleStage.fromWireName(rs.getString(4))});
                }
            }
        }
        Map<String, Map<String, String>> tags = new HashMap<>();
        if (!rows.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT t.experiment_id, t.tag_key, t.tag_value"
                    + " FROM experiment_tags t JOIN experiments e ON e.experiment_id = t.experiment_id "
                    + where)) {
                if (arg != null) {
                    ps.setString(1, arg);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tags.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
                    }
                }
            }
        }
        List<Experiment> out = new ArrayList<>(rows.size());
        for (Map.Entry<String, Object[]> e : rows.entrySet()) {
            Object[] a = e.getValue();
            out.add(new Experiment(e.getKey(), (String) a[0], (Instant) a[1], (LifecycleStage) a[2],
                    tags.getOrDefault(e.getKey(), Map.of())));
        }
        return out;
    }

    @Override
    protected void changeRun(String runId, LifecycleStage target, Map<String, String> audit) {
        Objects.requireNonNull(runId, "runId");
        store.write(c -> {
            LifecycleChecks.requireTransition("run", runId, stageOf(c, runId, true), target);
            upsertTags(c, runId, audit);
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET lifecycle_stage = ? WHERE run_id = ?")) {
                ps.setString(1, target.wireName());
                ps.setString(2, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Changes the experiment's stage and, as MLflow does, the stage of every run in it, in one transaction. */
    @Override
    protected void changeExperiment(String experimentId, LifecycleStage target, Map<String, String> audit) {
        Objects.requireNonNull(experimentId, "experimentId");
        store.write(c -> {
            LifecycleChecks.requireTransition("experiment", experimentId, experimentStage(c, experimentId), target);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO experiment_tags (experiment_id, tag_key,"
                    + " tag_value) VALUES (?, ?, ?) ON CONFLICT (experiment_id, tag_key)"
                    + " DO UPDATE SET tag_value = excluded.tag_value")) {
                for (Map.Entry<String, String> e : audit.entrySet()) {
                    ps.setString(1, experimentId);
                    ps.setString(2, e.getKey());
                    ps.setString(3, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (String table : List.of("experiments", "runs")) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET lifecycle_stage = ?"
                        + " WHERE experiment_id = ?")) {
                    ps.setString(1, target.wireName());
                    ps.setString(2, experimentId);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Reads and locks an experiment's stage. */
    private LifecycleStage experimentStage(Connection c, String experimentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT lifecycle_stage, name FROM experiments"
                + " WHERE experiment_id = ?" + store.dialect().forUpdate())) {
            ps.setString(1, experimentId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no experiment with id '" + experimentId + "'");
                }
                return LifecycleStage.fromWireName(rs.getString(1));
            }
        }
    }

    @Override
    public RunInfo createRun(String experimentId, RunConfig options) {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(options, "options");
        String id = newId();
        String name = options.name().orElse("run-" + id.substring(0, 8));
        long start = clock().now().toEpochMilli();
        store.write(c -> {
            if (experimentStage(c, experimentId) == LifecycleStage.DELETED) {
                throw new IllegalStateException("experiment " + experimentId + " is deleted; restore it"
                        + " (restoreExperiment) before creating runs in it");
            }
            if (options.parentRunId().isPresent()) {
                statusOf(c, options.parentRunId().get(), false);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (run_id, experiment_id, run_name, status,"
                    + " start_time, end_time, parent_run_id, last_activity, owner) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, experimentId);
                ps.setString(3, name);
                ps.setString(4, RunStatus.RUNNING.name());
                ps.setLong(5, start);
                ps.setString(6, options.parentRunId().orElse(null));
                ps.setLong(7, start);
                ps.setString(8, StaleRuns.OWNER);
                ps.executeUpdate();
            }
            upsertTags(c, id, options.tags());
            return null;
        });
        return run(id).orElseThrow(() -> new RunNotFoundException(id));
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(tags, "tags");
        TrackingLimits.checkTimestamps(metrics);
        if (metrics.isEmpty() && params.isEmpty() && tags.isEmpty()) {
            status(runId);
            return;
        }
        if (metrics.size() == 1 && params.isEmpty() && tags.isEmpty() && store.dialect() == SqlDialect.SQLITE) {
            logOneMetricOnSqlite(runId, metrics.get(0));
            return;
        }
        store.write(c -> {
            RunningRun run = requireRunning(c, runId, metrics);
            writeParams(c, runId, params);
            Map<String, String> tagMap = new LinkedHashMap<>();
            for (Tag t : tags) {
                tagMap.put(t.key(), t.value());
            }
            upsertTags(c, runId, tagMap);
            writeMetrics(c, runId, run, metrics);
            long now = clock().now().toEpochMilli();
            if (activityNeedsWrite(run.lastActivity(), now)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET last_activity = ? WHERE run_id = ?")) {
                    ps.setLong(1, now);
                    ps.setString(2, runId);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * A single metric on SQLite: one statement into the {@code metric_writes} view, whose trigger
     * checks the run, inserts the metric and keeps the key's latest value (schema version 9), and
     * once a second per run the run's activity. The raw loop it is measured against runs one
     * {@code INSERT} between {@code BEGIN} and {@code COMMIT}; the run check, the latest value's read
     * and its update were three more statements, about 45 us of CPU after an fsync.
     */
    private void logOneMetricOnSqlite(String runId, Metric metric) {
        long recorded = store.write(c -> {
            // Read under the write lock, as the batch path does: a time read before a wait for the
            // lock would be older than a record another writer made meanwhile.
            long now = clock().now().toEpochMilli();
            RecentActivity recent = recentActivity;
            boolean activity = recent == null || !recent.runId().equals(runId)
                    || activityNeedsWrite(recent.millis(), now);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO metric_writes (run_id, metric_key,"
                    + " metric_value, is_nan, step, ts) VALUES (?, ?, ?, ?, ?, ?)")) {
                RunRows.bindMetric(ps, runId, metric);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (e.getMessage() != null && e.getMessage().contains(JdbcSchema.RUN_NOT_WRITABLE)) {
                    // Says which: missing, deleted or not running.
                    requireRunning(c, runId, List.of());
                }
                throw e;
            }
            if (!activity) {
                return NOT_RECORDED;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET last_activity = ? WHERE run_id = ?"
                    + " AND (last_activity IS NULL OR last_activity > ? OR last_activity <= ?)")) {
                ps.setLong(1, now);
                ps.setString(2, runId);
                ps.setLong(3, now);
                ps.setLong(4, now - ACTIVITY_RESOLUTION_MILLIS);
                return ps.executeUpdate() == 1 ? now : NOT_RECORDED;
            }
        });
        if (recorded != NOT_RECORDED) {
            recentActivity = new RecentActivity(runId, recorded);
        }
    }

    /** {@link #logOneMetricOnSqlite}'s answer when it recorded no activity. */
    private static final long NOT_RECORDED = Long.MIN_VALUE;

    /**
     * The run whose activity this tracker recorded last and when (its clock, epoch ms), or null: a
     * single metric for that run within {@link #ACTIVITY_RESOLUTION_MILLIS} after it skips the
     * activity's statement, as the stored value is at least that recent (unless a writer whose clock
     * is behind this one's has recorded since, which moves it back by less than the skew). One run
     * only: single metrics that alternate between runs run the conditional statement every time.
     */
    private volatile RecentActivity recentActivity;

    private record RecentActivity(String runId, long millis) {
    }

    /**
     * How stale a run's recorded {@code last_activity} may get before a write records it again, in
     * milliseconds. Rewriting it on every write would rewrite the run's row and its
     * {@code runs_by_status} entry: two more pages in every transaction, a third of a single
     * metric's durable write. Stale runs are found by durations of minutes or hours, and a run a
     * dead process left is ended at its last activity, now to within this second.
     */
    static final long ACTIVITY_RESOLUTION_MILLIS = 1_000;

    /**
     * Whether a write at {@code now} records it as the run's last activity: when none is recorded,
     * when the recorded one is {@link #ACTIVITY_RESOLUTION_MILLIS} or more older, or when the clock
     * has gone back before it (then, as before, the clock's word is taken).
     */
    static boolean activityNeedsWrite(Long recorded, long now) {
        return recorded == null || now < recorded || now - recorded >= ACTIVITY_RESOLUTION_MILLIS;
    }

    /**
     * The run row a write checked, its experiment and recorded last activity (null if none), and the
     * stored latest value of each metric key the write names (all the run's, for many keys).
     */
    private record RunningRun(String experimentId, Long lastActivity, Map<String, Metric> latest) {
    }

    /** The most keys whose latest values are read by name; a write of more reads all of the run's. */
    private static final int LATEST_BY_KEY_LIMIT = 100;

    /**
     * The run check's texts, built once: with the latest values of all keys, of 1, 2, 4 ... 128
     * named keys, and of none.
     */
    private final String[] runCheckSql = new String[Integer.numberOfTrailingZeros(Integer.highestOneBit(
            LATEST_BY_KEY_LIMIT * 2 - 1)) + 3];

    /**
     * Reads and locks the run's row, checks that it is active and running, and reads the stored
     * latest values of the metrics' keys: in one statement on SQLite (each statement of a one-metric
     * write costs 2-5 us of CPU there, two to three times that after an fsync), after a statement
     * that locks the run on PostgreSQL.
     */
    private RunningRun requireRunning(Connection c, String runId, List<Metric> metrics) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        for (Metric m : metrics) {
            keys.add(m.key());
            if (keys.size() > LATEST_BY_KEY_LIMIT) {
                break;
            }
        }
        boolean byKey = keys.size() <= LATEST_BY_KEY_LIMIT;
        // The placeholders come in powers of two (the last key repeated), so that a connection's
        // statement cache holds at most ten texts of this query, not one per number of keys.
        int placeholders = keys.isEmpty() || !byKey ? 0 : Integer.highestOneBit(keys.size() * 2 - 1);
        if (!metrics.isEmpty() && store.dialect() != SqlDialect.SQLITE) {
            // PostgreSQL (READ COMMITTED): a statement sees the data as of its start, and after waiting
            // for the run's lock re-reads only the locked row. Joined with the lock, the latest values
            // would be those from before the write that held the lock, which this write would then
            // overwrite; so the run is locked first and its latest values read by the next statement.
            // SQLite's BEGIN IMMEDIATE already holds the database's one write lock.
            try (PreparedStatement lock = c.prepareStatement(runAndLatestSql(true, 0))) {
                lock.setString(1, runId);
                lock.executeQuery().close();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(runAndLatestSql(metrics.isEmpty(), placeholders))) {
            int i = 1;
            String last = null;
            for (String key : keys) {
                if (i > placeholders) {
                    break;
                }
                ps.setString(i++, key);
                last = key;
            }
            while (i <= placeholders) {
                ps.setString(i++, last);
            }
            ps.setString(i, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new RunNotFoundException(runId);
                }
                LifecycleChecks.requireActiveRun(runId, LifecycleStage.fromWireName(rs.getString(1)));
                RunStatus status = RunStatus.valueOf(rs.getString(2));
                if (status != RunStatus.RUNNING) {
                    throw notRunning(runId, status);
                }
                String experimentId = rs.getString(3);
                long activity = rs.getLong(4);
                Long lastActivity = rs.wasNull() ? null : activity;
                Map<String, Metric> latest = new HashMap<>();
                if (!metrics.isEmpty()) {
                    do {
                        if (rs.getString(5) != null) {
                            Metric stored = RunRows.metricOf(rs, 5);
                            latest.put(stored.key(), stored);
                        }
                    } while (rs.next());
                }
                return new RunningRun(experimentId, lastActivity, latest);
            }
        }
    }

    /**
     * The run check's text: the run's row alone, or joined with the latest values of its keys
     * (named by {@code placeholders} parameters before the run id, or all of them if none).
     */
    private String runAndLatestSql(boolean runOnly, int placeholders) {
        int slot = runOnly ? runCheckSql.length - 1
                : placeholders == 0 ? 0 : Integer.numberOfTrailingZeros(placeholders) + 1;
        String text = runCheckSql[slot];
        if (text == null) {
            // Racy but benign: every thread computes the same immutable text.
            text = buildRunAndLatestSql(runOnly, placeholders);
            runCheckSql[slot] = text;
        }
        return text;
    }

    private String buildRunAndLatestSql(boolean runOnly, int placeholders) {
        StringBuilder sql = new StringBuilder("SELECT r.lifecycle_stage, r.status, r.experiment_id, r.last_activity");
        if (!runOnly) {
            sql.append(", lm.metric_key, lm.metric_value, lm.is_nan, lm.step, lm.ts");
        }
        sql.append(" FROM runs r");
        if (!runOnly) {
            sql.append(" LEFT JOIN latest_metrics lm ON lm.run_id = r.run_id");
            for (int i = 0; i < placeholders; i++) {
                sql.append(i == 0 ? " AND lm.metric_key IN (?" : ", ?");
            }
            if (placeholders > 0) {
                sql.append(')');
            }
        }
        sql.append(" WHERE r.run_id = ?");
        // Only the run's row alone is locked (PostgreSQL): the joined read runs after that lock, in
        // the same transaction, and PostgreSQL refuses FOR UPDATE on an outer join's nullable side.
        return runOnly ? sql.append(store.dialect().forUpdate()).toString() : sql.toString();
    }

    private static void writeParams(Connection c, String runId, List<Param> params) throws SQLException {
        if (params.isEmpty()) {
            return;
        }
        Map<String, String> existing = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT param_key, param_value FROM params WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        Map<String, String> fresh = new LinkedHashMap<>();
        for (Param p : params) {
            String before = existing.containsKey(p.key()) ? existing.get(p.key()) : fresh.get(p.key());
            if (before != null && !before.equals(p.value())) {
                throw new ParamConflictException(runId, p.key(), before, p.value());
            }
            if (!existing.containsKey(p.key())) {
                fresh.put(p.key(), p.value());
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO params (run_id, param_key, param_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : fresh.entrySet()) {
                ps.setString(1, runId);
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void upsertTags(Connection c, String runId, Map<String, String> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tags (run_id, tag_key, tag_value) VALUES (?, ?, ?)"
                + " ON CONFLICT (run_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value")) {
            for (Map.Entry<String, String> e : tags.entrySet()) {
                ps.setString(1, runId);
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeMetrics(Connection c, String runId, RunningRun run, List<Metric> metrics)
            throws SQLException {
        if (metrics.isEmpty()) {
            return;
        }
        Map<String, Metric> stored = run.latest();
        Map<String, Metric> changed = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO metrics (run_id, metric_key, metric_value, is_nan,"
                + " step, ts) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Metric m : metrics) {
                // Stored in milliseconds: the latest value is compared as it will read back.
                Metric kept = m.timestamp().getNano() % 1_000_000 == 0 ? m
                        : new Metric(m.key(), m.value(), m.step(), Instant.ofEpochMilli(m.timestamp().toEpochMilli()));
                RunRows.bindMetric(ps, runId, kept);
                if (metrics.size() == 1) {
                    ps.executeUpdate();
                } else {
                    ps.addBatch();
                }
                Metric current = changed.get(m.key());
                if (current == null) {
                    current = stored.get(m.key());
                }
                if (current == null || kept.supersedes(current)) {
                    changed.put(m.key(), kept);
                }
            }
            if (metrics.size() > 1) {
                ps.executeBatch();
            }
        }
        List<Metric> updates = new ArrayList<>(changed.size());
        List<Metric> inserts = new ArrayList<>(changed.size());
        for (Metric m : changed.values()) {
            (stored.containsKey(m.key()) ? updates : inserts).add(m);
        }
        // A key the run already has is updated in place: half the cost of an upsert in SQLite. The
        // run's row is locked and latest values are never deleted, so each update finds its row; one
        // that did not fails the write (rolled back whole) rather than lose the value.
        if (!updates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE latest_metrics SET metric_value = ?, is_nan = ?,"
                    + " step = ?, ts = ? WHERE run_id = ? AND metric_key = ?")) {
                for (Metric m : updates) {
                    boolean nan = Double.isNaN(m.value());
                    ps.setDouble(1, nan ? 0.0 : m.value());
                    ps.setInt(2, nan ? 1 : 0);
                    ps.setLong(3, m.step());
                    ps.setLong(4, m.timestamp().toEpochMilli());
                    ps.setString(5, runId);
                    ps.setString(6, m.key());
                    if (updates.size() == 1) {
                        requireUpdated(ps.executeUpdate(), runId, m);
                    } else {
                        ps.addBatch();
                    }
                }
                if (updates.size() > 1) {
                    int[] counts = ps.executeBatch();
                    for (int i = 0; i < counts.length; i++) {
                        requireUpdated(counts[i], runId, updates.get(i));
                    }
                }
            }
        }
        if (inserts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO latest_metrics (run_id, metric_key, metric_value,"
                + " is_nan, step, ts, experiment_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, metric_key)"
                + " DO UPDATE SET metric_value = excluded.metric_value, is_nan = excluded.is_nan, step = excluded.step,"
                + " ts = excluded.ts")) {
            for (Metric m : inserts) {
                RunRows.bindMetric(ps, runId, m);
                ps.setString(7, run.experimentId());
                if (inserts.size() == 1) {
                    ps.executeUpdate();
                } else {
                    ps.addBatch();
                }
            }
            if (inserts.size() > 1) {
                ps.executeBatch();
            }
        }
    }

    private static void requireUpdated(int count, String runId, Metric m) throws SQLException {
        // SUCCESS_NO_INFO (-2) from a driver's batch is a success without a count.
        if (count == 0) {
            throw new SQLException("the latest value of metric '" + m.key() + "' of run " + runId
                    + " was read but could not be updated; the write is rolled back");
        }
    }

    @Override
    public void endRun(String runId, RunStatus status) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("a run can only end with a terminal status, not " + status);
        }
        store.write(c -> {
            LifecycleChecks.requireActiveRun(runId, stageOf(c, runId, true));
            RunStatus current = statusOf(c, runId, false);
            if (current != RunStatus.RUNNING) {
                throw new IllegalStateException("run " + runId + " has already ended as " + current);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE runs SET status = ?, end_time = ? WHERE run_id = ?")) {
                ps.setString(1, status.name());
                ps.setLong(2, clock().now().toEpochMilli());
                ps.setString(3, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Reads the runs table's {@code last_activity}, set at creation and by writes, to within
     * {@link #ACTIVITY_RESOLUTION_MILLIS}.
     */
    @Override
    public List<RunInfo> staleRuns(Duration olderThan) {
        long cutoff = staleCutoff(olderThan).toEpochMilli();
        return store.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id FROM runs WHERE status = ?"
                    + " AND COALESCE(last_activity, start_time) < ? AND lifecycle_stage = 'active'"
                    + " ORDER BY start_time, run_id")) {
                ps.setString(1, RunStatus.RUNNING.name());
                ps.setLong(2, cutoff);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return RunRows.load(c, ids);
        });
    }

    /** Ends the stale runs with one conditional {@code UPDATE}, in one transaction. */
    @Override
    public int endStaleRuns(Duration olderThan, RunStatus status) {
        requireTerminal(status);
        long cutoff = staleCutoff(olderThan).toEpochMilli();
        long now = clock().now().toEpochMilli();
        return store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, end_time = ?"
                    + " WHERE status = ? AND COALESCE(last_activity, start_time) < ? AND lifecycle_stage = 'active'")) {
                ps.setString(1, status.name());
                ps.setLong(2, now);
                ps.setString(3, RunStatus.RUNNING.name());
                ps.setLong(4, cutoff);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<RunInfo> run(String runId) {
        Objects.requireNonNull(runId, "runId");
        List<RunInfo> runs = store.read(c -> RunRows.load(c, List.of(runId)));
        return runs.stream().findFirst();
    }

    @Override
    public RunPage searchRuns(RunQuery query) {
        Objects.requireNonNull(query, "query");
        return store.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT r.run_id FROM runs r");
            List<Object> args = new ArrayList<>();
            String orderKey = query.order().metricKey().orElse(null);
            if (orderKey != null) {
                sql.append(" LEFT JOIN latest_metrics om ON om.run_id = r.run_id AND om.metric_key = ?");
                args.add(orderKey);
            }
            sql.append(" WHERE r.experiment_id IN (");
            for (int i = 0; i < query.experimentIds().size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
                args.add(query.experimentIds().get(i));
            }
            sql.append(")");
            if (query.viewType() != ViewType.ALL) {
                sql.append(" AND r.lifecycle_stage = ?");
                args.add((query.viewType() == ViewType.ACTIVE_ONLY ? LifecycleStage.ACTIVE : LifecycleStage.DELETED)
                        .wireName());
            }
            for (RunFilter.Condition cond : query.filter().conditions()) {
                RunRows.appendCondition(sql, args, cond);
            }
            if (orderKey != null) {
                sql.append(" ORDER BY CASE WHEN om.metric_value IS NULL OR om.is_nan = 1 THEN 1 ELSE 0 END,")
                        // Missing and NaN values share one group; a constant keeps NULL ordering (which
                        // differs between SQLite and PostgreSQL) out of the tie-break.
                        .append(" CASE WHEN om.metric_value IS NULL OR om.is_nan = 1 THEN 0 ELSE om.metric_value END ")
                        .append(query.order().ascending() ? "ASC" : "DESC")
                        .append(", r.start_time DESC, r.run_id ASC");
            } else {
                sql.append(query.order().ascending() ? " ORDER BY r.start_time ASC, r.run_id ASC"
                        : " ORDER BY r.start_time DESC, r.run_id ASC");
            }
            sql.append(" LIMIT ? OFFSET ?");
            args.add(query.maxResults() + 1);
            args.add(query.offset());
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                RunRows.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return RunPage.fromFetched(RunRows.load(c, ids), query);
        });
    }

    /**
     * Finds the best run with two index seeks: the best value of the metric in the experiment,
     * then the newest run holding it (the same tie-break as {@link org.mlops4j.tracking.RunOrder}).
     */
    @Override
    public Optional<RunInfo> bestRun(String experimentName, String metric, Goal goal) {
        TrackingLimits.checkKey(metric, "metric");
        Objects.requireNonNull(goal, "goal");
        Optional<Experiment> experiment = experiment(experimentName);
        if (experiment.isEmpty()) {
            return Optional.empty();
        }
        String id = experiment.get().id();
        String direction = goal == Goal.MAX ? "DESC" : "ASC";
        return store.read(c -> {
            double best;
            try (PreparedStatement ps = c.prepareStatement("SELECT lm.metric_value FROM latest_metrics lm JOIN runs r"
                    + " ON r.run_id = lm.run_id WHERE lm.experiment_id = ? AND lm.metric_key = ? AND lm.is_nan = 0"
                    + " AND r.lifecycle_stage = 'active' ORDER BY lm.metric_value " + direction + " LIMIT 1")) {
                ps.setString(1, id);
                ps.setString(2, metric);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<RunInfo>empty();
                    }
                    best = rs.getDouble(1);
                }
            }
            String runId;
            try (PreparedStatement ps = c.prepareStatement("SELECT lm.run_id FROM latest_metrics lm JOIN runs r"
                    + " ON r.run_id = lm.run_id WHERE lm.experiment_id = ? AND lm.metric_key = ? AND lm.is_nan = 0"
                    + " AND lm.metric_value = ? AND r.lifecycle_stage = 'active' ORDER BY r.start_time DESC, r.run_id ASC"
                    + " LIMIT 1")) {
                ps.setString(1, id);
                ps.setString(2, metric);
                ps.setDouble(3, best);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    runId = rs.getString(1);
                }
            }
            return RunRows.load(c, List.of(runId)).stream().findFirst();
        });
    }

    @Override
    public List<Metric> metricHistory(String runId, String key) {
        Objects.requireNonNull(runId, "runId");
        TrackingLimits.checkKey(key, "metric");
        return store.read(c -> {
            statusOf(c, runId, false);
            List<Metric> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT metric_key, metric_value, is_nan, step, ts"
                    + " FROM metrics WHERE run_id = ? AND metric_key = ? ORDER BY step, ts, id")) {
                ps.setString(1, runId);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(RunRows.metricOf(rs, 1));
                    }
                }
            }
            return out;
        });
    }

    @Override
    protected RunStatus status(String runId) {
        Objects.requireNonNull(runId, "runId");
        return store.read(c -> statusOf(c, runId, false));
    }

    @Override
    protected LifecycleStage lifecycleStage(String runId) {
        Objects.requireNonNull(runId, "runId");
        return store.read(c -> stageOf(c, runId, false));
    }

    private LifecycleStage stageOf(Connection c, String runId, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT lifecycle_stage FROM runs WHERE run_id = ?"
                + (lock ? store.dialect().forUpdate() : ""))) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new RunNotFoundException(runId);
                }
                return LifecycleStage.fromWireName(rs.getString(1));
            }
        }
    }

    private RunStatus statusOf(Connection c, String runId, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM runs WHERE run_id = ?"
                + (lock ? store.dialect().forUpdate() : ""))) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new RunNotFoundException(runId);
                }
                return RunStatus.valueOf(rs.getString(1));
            }
        }
    }

    /**
     * Closes the connection the store keeps for its writes ({@link JdbcStore#close()}). The store
     * stays usable: a tracker or registry sharing it opens a connection again at its next write.
     */
    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "JdbcTracker[" + store + "]";
    }
}
