package org.mlops4j.tracking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A typed filter over runs: comparisons on latest metric values, params, tags and attributes,
 * joined with AND. Stores translate it to their query language; {@link #matches(RunInfo)} is the
 * reference semantics.
 *
 * <pre>{@code
 * RunFilter f = RunFilter.metric("accuracy").gt(0.9)
 *         .and(RunFilter.param("trainer").eq("LogisticRegression"))
 *         .and(RunFilter.status(RunStatus.FINISHED));
 * }</pre>
 *
 * <p>Semantics: a metric comparison needs the run to have the metric with a value that is not
 * NaN; a param or tag comparison needs the run to have the key ({@code ne} does not match runs
 * without it), as in MLflow's search. Immutable.
 */
public final class RunFilter {

    /** What a condition compares. */
    public enum Field {
        /** The latest value of a metric. */
        METRIC,
        /** A param's value. */
        PARAM,
        /** A tag's value. */
        TAG,
        /** The run's status. */
        STATUS,
        /** The run's name. */
        RUN_NAME,
        /** The run's start time. */
        START_TIME,
        /** The parent run id. */
        PARENT_RUN_ID
    }

    /** The comparison operator. */
    public enum Op {
        /** Equal. */
        EQ("="),
        /** Not equal. */
        NE("!="),
        /** Greater than. */
        GT(">"),
        /** Greater than or equal. */
        GE(">="),
        /** Less than. */
        LT("<"),
        /** Less than or equal. */
        LE("<=");

        private final String sql;

        Op(String sql) {
            this.sql = sql;
        }

        /** @return the SQL spelling of the operator */
        public String sql() {
            return sql;
        }

        boolean test(int cmp) {
            switch (this) {
                case EQ: return cmp == 0;
                case NE: return cmp != 0;
                case GT: return cmp > 0;
                case GE: return cmp >= 0;
                case LT: return cmp < 0;
                case LE: return cmp <= 0;
                default: throw new AssertionError(this);
            }
        }
    }

    /**
     * One comparison.
     *
     * @param field what is compared
     * @param key the metric, param or tag key; empty for attributes
     * @param op the operator
     * @param value a {@link Double} for metrics, an {@link Instant} for start time, a
     *     {@link RunStatus} for status, a {@link String} otherwise
     */
    public record Condition(Field field, String key, Op op, Object value) {
        /**
         * Validates the condition.
         *
         * @param field what is compared
         * @param key the metric, param or tag key; empty for attributes
         * @param op the operator
         * @param value a {@link Double} for metrics, an {@link Instant} for start time, a
         *     {@link RunStatus} for status, a {@link String} otherwise
         */
        public Condition {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
        }
    }

    private static final RunFilter ALL = new RunFilter(List.of());

    private final List<Condition> conditions;

    private RunFilter(List<Condition> conditions) {
        this.conditions = conditions;
    }

    /** @return the filter that matches every run */
    public static RunFilter all() {
        return ALL;
    }

    /**
     * Starts a comparison on a metric's latest value.
     *
     * @param key the metric key
     * @return the comparison builder
     */
    public static NumberComparison metric(String key) {
        return new NumberComparison(TrackingLimits.checkKey(key, "metric"));
    }

    /**
     * Starts a comparison on a param.
     *
     * @param key the param key
     * @return the comparison builder
     */
    public static TextComparison param(String key) {
        return new TextComparison(Field.PARAM, TrackingLimits.checkKey(key, "param"));
    }

    /**
     * Starts a comparison on a tag.
     *
     * @param key the tag key
     * @return the comparison builder
     */
    public static TextComparison tag(String key) {
        return new TextComparison(Field.TAG, TrackingLimits.checkKey(key, "tag"));
    }

    /**
     * Runs with the given status.
     *
     * @param status the status
     * @return the filter
     */
    public static RunFilter status(RunStatus status) {
        return of(new Condition(Field.STATUS, "", Op.EQ, Objects.requireNonNull(status, "status")));
    }

    /**
     * Runs with the given name.
     *
     * @param name the run name
     * @return the filter
     */
    public static RunFilter runName(String name) {
        return of(new Condition(Field.RUN_NAME, "", Op.EQ, Objects.requireNonNull(name, "name")));
    }

    /**
     * Children of a run (a sweep's trials).
     *
     * @param parentRunId the parent run id
     * @return the filter
     */
    public static RunFilter childrenOf(String parentRunId) {
        return of(new Condition(Field.PARENT_RUN_ID, "", Op.EQ, Objects.requireNonNull(parentRunId, "parentRunId")));
    }

    /**
     * Runs started at or after an instant.
     *
     * @param time the instant
     * @return the filter
     */
    public static RunFilter startedSince(Instant time) {
        return of(new Condition(Field.START_TIME, "", Op.GE, Objects.requireNonNull(time, "time")));
    }

    /**
     * Runs started before an instant.
     *
     * @param time the instant
     * @return the filter
     */
    public static RunFilter startedBefore(Instant time) {
        return of(new Condition(Field.START_TIME, "", Op.LT, Objects.requireNonNull(time, "time")));
    }

    private static RunFilter of(Condition c) {
        return new RunFilter(List.of(c));
    }

    /**
     * Joins two filters: a run must match both.
     *
     * @param other the other filter
     * @return the combined filter
     */
    public RunFilter and(RunFilter other) {
        Objects.requireNonNull(other, "other");
        List<Condition> all = new ArrayList<>(conditions);
        all.addAll(other.conditions);
        return new RunFilter(List.copyOf(all));
    }

    /** @return the conditions, all of which must hold */
    public List<Condition> conditions() {
        return conditions;
    }

    /**
     * Tests a run: the reference semantics every store follows.
     *
     * @param run the run
     * @return true when every condition holds
     */
    public boolean matches(RunInfo run) {
        Objects.requireNonNull(run, "run");
        for (Condition c : conditions) {
            if (!holds(c, run)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(Condition c, RunInfo run) {
        switch (c.field()) {
            case METRIC: {
                Metric m = run.latestMetrics().get(c.key());
                return m != null && !Double.isNaN(m.value()) && c.op().test(Double.compare(m.value(), (Double) c.value()));
            }
            case PARAM: {
                String v = run.params().get(c.key());
                return v != null && c.op().test(v.compareTo((String) c.value()));
            }
            case TAG: {
                String v = run.tags().get(c.key());
                return v != null && c.op().test(v.compareTo((String) c.value()));
            }
            case STATUS:
                return c.op().test(run.status() == c.value() ? 0 : 1);
            case RUN_NAME:
                return c.op().test(run.runName().compareTo((String) c.value()));
            case START_TIME:
                return c.op().test(Long.compare(run.startTime().toEpochMilli(), ((Instant) c.value()).toEpochMilli()));
            case PARENT_RUN_ID:
                return run.parentRunId().isPresent() && c.op().test(run.parentRunId().get().compareTo((String) c.value()));
            default:
                throw new AssertionError(c.field());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunFilter f && f.conditions.equals(conditions);
    }

    @Override
    public int hashCode() {
        return conditions.hashCode();
    }

    @Override
    public String toString() {
        return conditions.isEmpty() ? "RunFilter.all()" : "RunFilter" + conditions;
    }

    /** Builds a numeric comparison on a metric. */
    public static final class NumberComparison {
        private final String key;

        private NumberComparison(String key) {
            this.key = key;
        }

        private RunFilter op(Op op, double value) {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("cannot compare metric '" + key + "' with NaN");
            }
            return of(new Condition(Field.METRIC, key, op, value));
        }

        /**
         * @param value the bound
         * @return the filter {@code metric > value}
         */
        public RunFilter gt(double value) {
            return op(Op.GT, value);
        }

        /**
         * @param value the bound
         * @return the filter {@code metric >= value}
         */
        public RunFilter ge(double value) {
            return op(Op.GE, value);
        }

        /**
         * @param value the bound
         * @return the filter {@code metric < value}
         */
        public RunFilter lt(double value) {
            return op(Op.LT, value);
        }

        /**
         * @param value the bound
         * @return the filter {@code metric <= value}
         */
        public RunFilter le(double value) {
            return op(Op.LE, value);
        }

        /**
         * @param value the value
         * @return the filter {@code metric = value}
         */
        public RunFilter eq(double value) {
            return op(Op.EQ, value);
        }

        /**
         * @param value the value
         * @return the filter {@code metric != value}
         */
        public RunFilter ne(double value) {
            return op(Op.NE, value);
        }
    }

    /** Builds an equality comparison on a param or tag. */
    public static final class TextComparison {
        private final Field field;
        private final String key;

        private TextComparison(Field field, String key) {
            this.field = field;
            this.key = key;
        }

        /**
         * @param value the value
         * @return the filter {@code key = value}
         */
        public RunFilter eq(String value) {
            return of(new Condition(field, key, Op.EQ, Objects.requireNonNull(value, "value")));
        }

        /**
         * @param value the value
         * @return the filter {@code key != value} (runs having the key)
         */
        public RunFilter ne(String value) {
            return of(new Condition(field, key, Op.NE, Objects.requireNonNull(value, "value")));
        }
    }
}
