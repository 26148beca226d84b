package org.mlops4j.tracking.jdbc;

import java.util.List;

/**
 * The tables of the tracking and registry store, version by version. Each migration is a list of
 * statements applied in one transaction; {@code mlops_schema_version} records which have run.
 * Types and statements are portable between SQLite and PostgreSQL; the only difference, the
 * automatically numbered key, comes from the {@link SqlDialect}.
 */
final class JdbcSchema {

    /** The schema version this code reads and writes. */
    static final int CURRENT_VERSION = 9;

    /** The table that marks a database as mlops4j's. */
    static final String VERSION_TABLE = "mlops_schema_version";

    private JdbcSchema() {
    }

    /** The statements that bring a database from {@code version - 1} to {@code version}. */
    static List<String> migration(int version, SqlDialect dialect) {
        switch (version) {
            case 1:
                return version1(dialect);
            case 2:
                return version2();
            case 3:
                return version3();
            case 4:
                return version4(dialect);
            case 5:
                return version5();
            case 6:
                return version6();
            case 7:
                return version7(dialect);
            case 8:
                return version8();
            case 9:
                return version9(dialect);
            default:
                throw new IllegalArgumentException("no migration to schema version " + version);
        }
    }

    /**
     * Version 2: what finds runs a dead process left running. {@code last_activity} is the time
     * (epoch ms, the tracker's clock) of a run's creation or latest write; {@code owner} names the
     * process that created it ({@link StaleRuns#OWNER}). Runs from before get their start time, or
     * their newest metric's time when later, and no owner.
     */
    private static List<String> version2() {
        return List.of(
                "ALTER TABLE runs ADD COLUMN last_activity BIGINT",
                "ALTER TABLE runs ADD COLUMN owner VARCHAR(250)",
                "UPDATE runs SET last_activity = start_time",
                "UPDATE runs SET last_activity = (SELECT MAX(lm.ts) FROM latest_metrics lm WHERE lm.run_id = runs.run_id)"
                        + " WHERE (SELECT MAX(lm.ts) FROM latest_metrics lm WHERE lm.run_id = runs.run_id) > start_time",
                "CREATE INDEX runs_by_status ON runs (status, last_activity)");
    }

    /**
     * Version 3: soft delete of runs and experiments, as MLflow's {@code lifecycle_stage}
     * ({@code active} or {@code deleted}); rows from before are active. Experiments get tags, which
     * hold the audit trail of their deletes and restores.
     */
    private static List<String> version3() {
        return List.of(
                "ALTER TABLE experiments ADD COLUMN lifecycle_stage VARCHAR(16) NOT NULL DEFAULT 'active'",
                "ALTER TABLE runs ADD COLUMN lifecycle_stage VARCHAR(16) NOT NULL DEFAULT 'active'",
                "CREATE TABLE experiment_tags (experiment_id VARCHAR(32) NOT NULL REFERENCES experiments (experiment_id),"
                        + " tag_key VARCHAR(250) NOT NULL, tag_value VARCHAR(5000) NOT NULL,"
                        + " PRIMARY KEY (experiment_id, tag_key))");
    }

    /**
     * Version 4, the registry side of issue 17: a version's signature ({@code signature}, the JSON of
     * {@code org.mlops4j.tracking.internal.SignatureJson}, null when none was registered; versions from
     * before have none) and the lifecycle audit history (archive, restore, version and model
     * deletions; {@code version} null for a model deletion). Neither history table refers to the
     * model's rows, so both outlive a deleted model.
     */
    private static List<String> version4(SqlDialect dialect) {
        return List.of(
                "ALTER TABLE model_versions ADD COLUMN signature TEXT",
                "CREATE TABLE model_lifecycle_history (id " + dialect.autoIncrementKey() + ", name VARCHAR(256) NOT NULL,"
                        + " action VARCHAR(32) NOT NULL, version INTEGER, actor VARCHAR(250) NOT NULL,"
                        + " reason VARCHAR(5000) NOT NULL, ts BIGINT NOT NULL)",
                "CREATE INDEX lifecycle_history_by_model ON model_lifecycle_history (name, id)");
    }

    /**
     * Version 5, the fleet of issue 18: each replica's closed monitoring windows
     * ({@link JdbcFleetWindows}), one row per endpoint, variant, model version, replica and window
     * start (epoch ms); {@code aggregate} is the Base64 of {@code VariantAggregate.encode()}, text so
     * that one type serves SQLite and PostgreSQL. The index on {@code window_end} serves expiry.
     */
    private static List<String> version5() {
        return List.of(
                "CREATE TABLE fleet_windows (endpoint VARCHAR(256) NOT NULL, variant VARCHAR(256) NOT NULL,"
                        + " model_name VARCHAR(256) NOT NULL, model_version INTEGER NOT NULL,"
                        + " replica VARCHAR(250) NOT NULL, window_start BIGINT NOT NULL, window_end BIGINT NOT NULL,"
                        + " aggregate TEXT NOT NULL,"
                        + " PRIMARY KEY (endpoint, variant, model_name, model_version, replica, window_start))",
                "CREATE INDEX fleet_windows_by_end ON fleet_windows (window_end)");
    }

    /**
     * Version 6, the controller lease of issue 18 ({@link JdbcControllerLease}): one row per lease
     * name holding its holder (empty when free), its fencing epoch, which only grows, and when the
     * tenure ends (epoch ms of the database's clock).
     */
    private static List<String> version6() {
        return List.of(
                "CREATE TABLE controller_leases (name VARCHAR(256) NOT NULL PRIMARY KEY, holder VARCHAR(250) NOT NULL,"
                        + " epoch BIGINT NOT NULL, expires_at BIGINT NOT NULL)");
    }

    /**
     * Version 7, the fleet's shared state of issue 18 ({@link JdbcFleetState}): compare-and-set
     * registers ({@code version} counts the writes), each replica's cumulative counters per scope
     * (summed by the reader), and durable queues whose rows are taken (deleted) once, oldest
     * {@code id} first; {@code item_key} is unique per queue so a retried offer queues once.
     */
    private static List<String> version7(SqlDialect dialect) {
        return List.of(
                "CREATE TABLE fleet_registers (reg_key VARCHAR(250) NOT NULL PRIMARY KEY,"
                        + " reg_value VARCHAR(4000) NOT NULL, version BIGINT NOT NULL)",
                "CREATE TABLE fleet_counters (scope VARCHAR(250) NOT NULL, replica VARCHAR(250) NOT NULL,"
                        + " counter VARCHAR(250) NOT NULL, counter_value DOUBLE PRECISION NOT NULL,"
                        + " PRIMARY KEY (scope, replica, counter))",
                "CREATE TABLE fleet_queue (id " + dialect.autoIncrementKey() + ", queue VARCHAR(250) NOT NULL,"
                        + " item_key VARCHAR(250) NOT NULL, payload TEXT NOT NULL, UNIQUE (queue, item_key))",
                "CREATE INDEX fleet_queue_by_age ON fleet_queue (queue, id)");
    }

    /**
     * Version 8, the durable human review loop of issue 19 ({@link JdbcReviewStore}): one row per
     * queue and prediction id holding the item (times in epoch microseconds of the store's clock,
     * {@code confidence} null for none), its stored status ({@code PENDING}, {@code CLAIMED},
     * {@code RESOLVED}, {@code EXPIRED}), the last claim (reviewer, end, and a token that grows on
     * every claim) and the decision. The partial index on waiting rows serves the review order
     * (priority descending, age, id) and expiry by deadline; the index on {@code resolved_at} serves
     * {@code resolvedSince} and retention.
     */
    private static List<String> version8() {
        return List.of(
                "CREATE TABLE review_items (queue VARCHAR(200) NOT NULL, prediction_id VARCHAR(200) NOT NULL,"
                        + " input_text TEXT NOT NULL, model_answer_text TEXT NOT NULL, confidence DOUBLE PRECISION,"
                        + " model VARCHAR(200) NOT NULL, enqueued_at BIGINT NOT NULL, priority INTEGER NOT NULL,"
                        + " deadline BIGINT NOT NULL, status VARCHAR(16) NOT NULL, claimed_by VARCHAR(200),"
                        + " claimed_until BIGINT, claim_token BIGINT NOT NULL, decision_text TEXT,"
                        + " reviewer VARCHAR(200), review_comment TEXT, agrees INTEGER, resolved_at BIGINT,"
                        + " PRIMARY KEY (queue, prediction_id))",
                "CREATE INDEX review_items_waiting ON review_items (queue, priority DESC, enqueued_at, prediction_id)"
                        + " WHERE status IN ('PENDING', 'CLAIMED')",
                "CREATE INDEX review_items_deadline ON review_items (queue, deadline)"
                        + " WHERE status IN ('PENDING', 'CLAIMED')",
                "CREATE INDEX review_items_closed ON review_items (queue, resolved_at, prediction_id)");
    }

    /**
     * The message of the {@code RAISE} with which {@code metric_writes} refuses a metric for a run
     * that is missing, deleted or not running; the writer then reads the run to say which.
     */
    static final String RUN_NOT_WRITABLE = "mlops4j: the run is missing, deleted or not running";

    /**
     * Version 9, SQLite only (issue 21): {@code metric_writes}, a view that takes one metric and
     * writes it whole inside SQLite, in the one statement of a single {@code logMetric}: its
     * {@code INSTEAD OF} trigger refuses a run that is missing, deleted or not running
     * ({@link #RUN_NOT_WRITABLE}), inserts the metric and keeps the run's latest value of the key,
     * replacing it only when the new one supersedes it by the rule of
     * {@link org.mlops4j.tracking.Metric#supersedes} (higher step, then later time, then a NaN over a
     * number, then the higher value). Each statement costs SQLite 2-5 us of CPU, two to three times
     * that after an fsync, against about 150 us for the durable commit: four statements per metric
     * became one. Other writers (batches, PostgreSQL, whose version 9 is empty) keep the latest value
     * with their own statements.
     */
    private static List<String> version9(SqlDialect dialect) {
        if (dialect != SqlDialect.SQLITE) {
            return List.of();
        }
        String newer = "excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step"
                + " AND (excluded.ts > latest_metrics.ts OR (excluded.ts = latest_metrics.ts"
                + " AND (excluded.is_nan > latest_metrics.is_nan OR (excluded.is_nan = 0 AND latest_metrics.is_nan = 0"
                + " AND excluded.metric_value > latest_metrics.metric_value)))))";
        return List.of(
                "CREATE VIEW metric_writes AS SELECT run_id, metric_key, metric_value, is_nan, step, ts FROM metrics"
                        + " WHERE 0",
                "CREATE TRIGGER metric_writes_insert INSTEAD OF INSERT ON metric_writes BEGIN"
                        + " SELECT RAISE(ABORT, '" + RUN_NOT_WRITABLE + "') WHERE NOT EXISTS (SELECT 1 FROM runs"
                        + " WHERE run_id = NEW.run_id AND status = 'RUNNING' AND lifecycle_stage = 'active');"
                        + " INSERT INTO metrics (run_id, metric_key, metric_value, is_nan, step, ts)"
                        + " VALUES (NEW.run_id, NEW.metric_key, NEW.metric_value, NEW.is_nan, NEW.step, NEW.ts);"
                        + " INSERT INTO latest_metrics (run_id, metric_key, metric_value, is_nan, step, ts, experiment_id)"
                        + " SELECT NEW.run_id, NEW.metric_key, NEW.metric_value, NEW.is_nan, NEW.step, NEW.ts,"
                        + " r.experiment_id FROM runs r WHERE r.run_id = NEW.run_id"
                        + " ON CONFLICT (run_id, metric_key) DO UPDATE SET metric_value = excluded.metric_value,"
                        + " is_nan = excluded.is_nan, step = excluded.step, ts = excluded.ts WHERE " + newer + ";"
                        + " END");
    }

    private static List<String> version1(SqlDialect dialect) {
        String id = dialect.autoIncrementKey();
        return List.of(
                "CREATE TABLE " + VERSION_TABLE + " (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)",
                "CREATE TABLE experiments (experiment_id VARCHAR(32) NOT NULL PRIMARY KEY,"
                        + " name VARCHAR(256) NOT NULL UNIQUE, creation_time BIGINT NOT NULL)",
                "CREATE TABLE runs (run_id VARCHAR(32) NOT NULL PRIMARY KEY,"
                        + " experiment_id VARCHAR(32) NOT NULL REFERENCES experiments (experiment_id),"
                        + " run_name VARCHAR(250) NOT NULL, status VARCHAR(16) NOT NULL, start_time BIGINT NOT NULL,"
                        + " end_time BIGINT, parent_run_id VARCHAR(32))",
                "CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time)",
                "CREATE INDEX runs_by_parent ON runs (parent_run_id)",
                "CREATE TABLE params (run_id VARCHAR(32) NOT NULL REFERENCES runs (run_id),"
                        + " param_key VARCHAR(250) NOT NULL, param_value VARCHAR(6000) NOT NULL,"
                        + " PRIMARY KEY (run_id, param_key))",
                "CREATE TABLE tags (run_id VARCHAR(32) NOT NULL REFERENCES runs (run_id),"
                        + " tag_key VARCHAR(250) NOT NULL, tag_value VARCHAR(5000) NOT NULL,"
                        + " PRIMARY KEY (run_id, tag_key))",
                "CREATE TABLE metrics (id " + id + ", run_id VARCHAR(32) NOT NULL REFERENCES runs (run_id),"
                        + " metric_key VARCHAR(250) NOT NULL, metric_value DOUBLE PRECISION NOT NULL,"
                        + " is_nan INTEGER NOT NULL, step BIGINT NOT NULL, ts BIGINT NOT NULL)",
                "CREATE INDEX metrics_by_run_key ON metrics (run_id, metric_key, step)",
                // experiment_id is denormalised from runs so that the best run of an experiment is one
                // index seek (latest_metrics_best) rather than a join over every run.
                "CREATE TABLE latest_metrics (run_id VARCHAR(32) NOT NULL REFERENCES runs (run_id),"
                        + " experiment_id VARCHAR(32) NOT NULL, metric_key VARCHAR(250) NOT NULL,"
                        + " metric_value DOUBLE PRECISION NOT NULL, is_nan INTEGER NOT NULL, step BIGINT NOT NULL,"
                        + " ts BIGINT NOT NULL, PRIMARY KEY (run_id, metric_key))",
                "CREATE INDEX latest_metrics_best ON latest_metrics (experiment_id, metric_key, is_nan, metric_value)",
                "CREATE TABLE registered_models (name VARCHAR(256) NOT NULL PRIMARY KEY,"
                        + " creation_time BIGINT NOT NULL, last_version INTEGER NOT NULL)",
                "CREATE TABLE model_versions (name VARCHAR(256) NOT NULL REFERENCES registered_models (name),"
                        + " version INTEGER NOT NULL, creation_time BIGINT NOT NULL, status VARCHAR(16) NOT NULL,"
                        + " source_run_id VARCHAR(64), description VARCHAR(5000), artifact_location VARCHAR(1024),"
                        + " artifact_sha256 VARCHAR(64), PRIMARY KEY (name, version))",
                "CREATE TABLE model_version_tags (name VARCHAR(256) NOT NULL, version INTEGER NOT NULL,"
                        + " tag_key VARCHAR(250) NOT NULL, tag_value VARCHAR(5000) NOT NULL,"
                        + " PRIMARY KEY (name, version, tag_key), FOREIGN KEY (name, version)"
                        + " REFERENCES model_versions (name, version))",
                "CREATE TABLE model_aliases (name VARCHAR(256) NOT NULL, alias VARCHAR(255) NOT NULL,"
                        + " version INTEGER NOT NULL, PRIMARY KEY (name, alias),"
                        + " FOREIGN KEY (name, version) REFERENCES model_versions (name, version))",
                "CREATE TABLE model_alias_history (id " + id + ", name VARCHAR(256) NOT NULL,"
                        + " alias VARCHAR(255) NOT NULL, previous_version INTEGER, new_version INTEGER,"
                        + " actor VARCHAR(250) NOT NULL, reason VARCHAR(5000) NOT NULL, ts BIGINT NOT NULL)",
                "CREATE INDEX alias_history_by_model ON model_alias_history (name, id)");
    }
}
