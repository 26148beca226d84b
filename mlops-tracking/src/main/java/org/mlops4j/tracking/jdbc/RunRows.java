package org.mlops4j.tracking.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import org.mlops4j.tracking.LifecycleStage;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunStatus;

/**
 * The row mapping of {@link JdbcTracker}: metrics to and from rows (NaN as a flag), the SQL of a
 * {@link RunFilter} condition, and loading runs with their params, tags and latest metrics a
 * chunk of ids per query.
 */
final class RunRows {

    private static final int IN_CHUNK = 500;

    private RunRows() {
    }

    /** NaN is stored as 0 with is_nan = 1: SQLite turns a bound NaN into NULL (MLflow does the same). */
    static void bindMetric(PreparedStatement ps, String runId, Metric m) throws SQLException {
        ps.setString(1, runId);
        ps.setString(2, m.key());
        boolean nan = Double.isNaN(m.value());
        ps.setDouble(3, nan ? 0.0 : m.value());
        ps.setInt(4, nan ? 1 : 0);
        ps.setLong(5, m.step());
        ps.setLong(6, m.timestamp().toEpochMilli());
    }

    /** Reads key/value/is_nan/step/ts starting at column {@code first}. */
    static Metric metricOf(ResultSet rs, int first) throws SQLException {
        double value = rs.getInt(first + 2) == 1 ? Double.NaN : rs.getDouble(first + 1);
        return new Metric(rs.getString(first), value, rs.getLong(first + 3), Instant.ofEpochMilli(rs.getLong(first + 4)));
    }

    static void appendCondition(StringBuilder sql, List<Object> args, RunFilter.Condition cond) {
        String op = cond.op().sql();
        switch (cond.field()) {
            case METRIC:
                sql.append(" AND EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_id = r.run_id AND m.metric_key = ?"
                        + " AND m.is_nan = 0 AND m.metric_value ").append(op).append(" ?)");
                args.add(cond.key());
                args.add(cond.value());
                break;
            case PARAM:
                sql.append(" AND EXISTS (SELECT 1 FROM params p WHERE p.run_id = r.run_id AND p.param_key = ?"
                        + " AND p.param_value ").append(op).append(" ?)");
                args.add(cond.key());
                args.add(cond.value());
                break;
            case TAG:
                sql.append(" AND EXISTS (SELECT 1 FROM tags t WHERE t.run_id = r.run_id AND t.tag_key = ?"
                        + " AND t.tag_value ").append(op).append(" ?)");
                args.add(cond.key());
                args.add(cond.value());
                break;
            case STATUS:
                sql.append(" AND r.status ").append(op).append(" ?");
                args.add(((RunStatus) cond.value()).name());
                break;
            case RUN_NAME:
                sql.append(" AND r.run_name ").append(op).append(" ?");
                args.add(cond.value());
                break;
            case START_TIME:
                sql.append(" AND r.start_time ").append(op).append(" ?");
                args.add(((Instant) cond.value()).toEpochMilli());
                break;
            case PARENT_RUN_ID:
                sql.append(" AND r.parent_run_id ").append(op).append(" ?");
                args.add(cond.value());
                break;
            default:
                throw new AssertionError(cond.field());
        }
    }

    static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    /** Loads full runs in the given order, a chunk of ids per query. */
    static List<RunInfo> load(Connection c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Object[]> attributes = new HashMap<>();
        Map<String, Map<String, String>> params = new HashMap<>();
        Map<String, Map<String, String>> tags = new HashMap<>();
        Map<String, Map<String, Metric>> metrics = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String in = "(" + "?, ".repeat(chunk.size() - 1) + "?)";
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, experiment_id, run_name, status, start_time,"
                    + " end_time, parent_run_id, lifecycle_stage FROM runs WHERE run_id IN " + in)) {
                bindIds(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long end = rs.getLong(6);
                        boolean hasEnd = !rs.wasNull();
                        attributes.put(rs.getString(1), new Object[] {rs.getString(2), rs.getString(3),
                            RunStatus.valueOf(rs.getString(4)), Instant.ofEpochMilli(rs.getLong(5)),
                            hasEnd ? Optional.of(Instant.ofEpochMilli(end)) : Optional.empty(),
                            Optional.ofNullable(rs.getString(7)), LifecycleStage.fromWireName(rs.getString(8))});
                    }
                }
            }
            readPairs(c, "SELECT run_id, param_key, param_value FROM params WHERE run_id IN " + in, chunk, params);
            readPairs(c, "SELECT run_id, tag_key, tag_value FROM tags WHERE run_id IN " + in, chunk, tags);
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, metric_key, metric_value, is_nan, step, ts"
                    + " FROM latest_metrics WHERE run_id IN " + in)) {
                bindIds(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Metric m = metricOf(rs, 2);
                        metrics.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(m.key(), m);
                    }
                }
            }
        }
        List<RunInfo> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            Object[] a = attributes.get(id);
            if (a == null) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Optional<Instant> end = (Optional<Instant>) a[4];
            @SuppressWarnings("unchecked")
            Optional<String> parent = (Optional<String>) a[5];
            out.add(new RunInfo(id, (String) a[0], (String) a[1], (RunStatus) a[2], (Instant) a[3], end, parent,
                    params.getOrDefault(id, Map.of()), metrics.getOrDefault(id, Map.of()),
                    tags.getOrDefault(id, Map.of()), (LifecycleStage) a[6]));
        }
        return out;
    }

    static void readPairs(Connection c, String sql, List<String> ids, Map<String, Map<String, String>> into)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindIds(ps, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
    }

    static void bindIds(PreparedStatement ps, List<String> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            ps.setString(i + 1, ids.get(i));
        }
    }
}
