package org.mlops4j.tracking.mlflow;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunOrder;
import org.mlops4j.tracking.RunStatus;

/**
 * Writes MLflow's search syntax: a filter string of comparisons joined by {@code AND}
 * ({@code metrics.`accuracy` > 0.9 AND params.`trainer` = 'lr'}) and {@code order_by} clauses.
 *
 * <p>Keys are always quoted with backticks, since keys may hold dots, slashes and spaces. MLflow's
 * parser has no escape for a quote inside a string, so a value is written between single quotes,
 * or between double quotes when it holds a single quote; a value holding both, or ending with a
 * backslash, cannot be written and is refused with {@link IllegalArgumentException}.
 *
 * <p>Infinities: MLflow's SQL stores keep +/-Infinity as +/-{@link Double#MAX_VALUE}, its file
 * store as infinities, and {@link RunCodec#readDouble} reads both as infinities. A comparison
 * whose bound is +/-Infinity or +/-{@code Double.MAX_VALUE} is therefore written as a comparison
 * with +/-{@code Double.MAX_VALUE} that selects, on either store, every run whose value as read
 * back satisfies it (and possibly more: the tracker checks every returned run again with
 * {@link RunFilter#matches}); one that every value satisfies ({@code <= Infinity},
 * {@code != Double.MAX_VALUE}) is left out of the filter string.
 */
final class SearchSyntax {

    private SearchSyntax() {
    }

    /**
     * Translates a run filter.
     *
     * @param filter the filter
     * @return the filter string; empty for {@link RunFilter#all()}
     * @throws IllegalArgumentException if a value cannot be written in MLflow's syntax
     */
    static String runFilter(RunFilter filter) {
        StringJoiner and = new StringJoiner(" AND ");
        for (RunFilter.Condition c : filter.conditions()) {
            if (c.field() == RunFilter.Field.METRIC) {
                metric(c.key(), c.op(), (Double) c.value()).ifPresent(and::add);
            } else {
                and.add(clause(c));
            }
        }
        return and.toString();
    }

    /**
     * A metric comparison; empty when every value as read back satisfies it. See the class comment
     * for bounds at or beyond {@link Double#MAX_VALUE}.
     */
    private static Optional<String> metric(String key, RunFilter.Op op, double bound) {
        String lhs = "metrics." + key(key) + " ";
        String max = number(Double.MAX_VALUE);
        if (bound >= Double.MAX_VALUE || bound <= -Double.MAX_VALUE) {
            boolean top = bound > 0;
            // Read back, a value is finite or infinite: none lies between MAX_VALUE and Infinity.
            boolean infinite = Double.isInfinite(bound);
            RunFilter.Op towards = top ? RunFilter.Op.GT : RunFilter.Op.LT;
            RunFilter.Op towardsOrAt = top ? RunFilter.Op.GE : RunFilter.Op.LE;
            RunFilter.Op away = top ? RunFilter.Op.LT : RunFilter.Op.GT;
            RunFilter.Op awayOrAt = top ? RunFilter.Op.LE : RunFilter.Op.GE;
            String extreme = top ? max : "-" + max;
            if (op == towards || op == towardsOrAt || op == RunFilter.Op.EQ) {
                // At most the infinity itself: stored as MAX_VALUE (SQL) or Infinity (file store).
                return Optional.of(lhs + towardsOrAt.sql() + " " + extreme);
            }
            if (op == away || (op == RunFilter.Op.NE && infinite) || (op == awayOrAt && !infinite)) {
                // Every value but that infinity.
                return Optional.of(lhs + away.sql() + " " + extreme);
            }
            return Optional.empty();
        }
        return Optional.of(lhs + op.sql() + " " + number(bound));
    }

    private static String clause(RunFilter.Condition c) {
        switch (c.field()) {
            case PARAM:
                return "params." + key(c.key()) + " " + textOp(c) + " " + value((String) c.value());
            case TAG:
                return "tags." + key(c.key()) + " " + textOp(c) + " " + value((String) c.value());
            case STATUS:
                return "attributes.status " + textOp(c) + " " + value(((RunStatus) c.value()).name());
            case RUN_NAME:
                return "attributes.run_name " + textOp(c) + " " + value((String) c.value());
            case START_TIME:
                return "attributes.start_time " + c.op().sql() + " " + ((Instant) c.value()).toEpochMilli();
            case PARENT_RUN_ID:
                return "tags." + key(RunCodec.PARENT_TAG) + " " + textOp(c) + " " + value((String) c.value());
            default:
                throw new AssertionError(c.field());
        }
    }

    /** MLflow compares strings only with {@code =}, {@code !=} and the LIKE family. */
    private static String textOp(RunFilter.Condition c) {
        if (c.op() != RunFilter.Op.EQ && c.op() != RunFilter.Op.NE) {
            throw new IllegalArgumentException("MLflow compares " + c.field() + " only with = and != but the filter"
                    + " used " + c.op().sql());
        }
        return c.op().sql();
    }

    /**
     * Translates a run order. MLflow then breaks ties by start time (newest first) and run id, as
     * {@link RunOrder} does.
     *
     * @param order the order
     * @return the {@code order_by} clauses
     */
    static List<String> orderBy(RunOrder order) {
        String direction = order.ascending() ? " ASC" : " DESC";
        return List.of(order.metricKey().map(k -> "metrics." + key(k) + direction)
                .orElse("attributes.start_time" + direction));
    }

    /**
     * Quotes a key with backticks.
     *
     * @throws IllegalArgumentException if it holds a backtick
     */
    static String key(String key) {
        if (key.indexOf('`') >= 0) {
            throw new IllegalArgumentException("MLflow's search syntax cannot quote key '" + key + "'");
        }
        return "`" + key + "`";
    }

    /**
     * Quotes a string value.
     *
     * @throws IllegalArgumentException if MLflow's syntax cannot express it
     */
    static String value(String value) {
        return quoted(value).orElseThrow(() -> new IllegalArgumentException("MLflow's search syntax cannot express"
                + " value '" + value + "': it holds both ' and \", or ends with a backslash"));
    }

    /** Quotes a string value if MLflow's syntax can express it. */
    static Optional<String> quoted(String value) {
        if (value.endsWith("\\")) {
            return Optional.empty();
        }
        if (value.indexOf('\'') < 0) {
            return Optional.of("'" + value + "'");
        }
        if (value.indexOf('"') < 0) {
            return Optional.of("\"" + value + "\"");
        }
        return Optional.empty();
    }

    /** Writes a finite number without an exponent. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("MLflow's search syntax has no literal for " + value);
        }
        return BigDecimal.valueOf(value).toPlainString();
    }
}
