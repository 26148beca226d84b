package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.mlops4j.tracking.mlflow.FakeSearchGrammar.Clause;
import org.mlops4j.tracking.mlflow.FakeSearchGrammar.Order;
import org.mlops4j.tracking.mlflow.FakeTrackingApi.MetricValue;
import org.mlops4j.tracking.mlflow.FakeTrackingApi.Run;

/**
 * {@code runs/search} on the fake server, following MLflow's SQL store: AND of comparisons, runs
 * without a compared key never match, {@code order_by} clauses then MLflow's tie-breakers (start
 * time newest first unless ordered by it, then run id), missing values last in either direction,
 * and offset page tokens.
 *
 * <p>NaN metrics, as in MLflow 2.12.2's SQL store: a NaN is stored as 0 with a NaN flag, so a
 * comparison sees 0 (the client guards against that by re-checking every returned run); ordered by
 * a metric, runs with a value come first, then runs whose value is NaN, then runs without the
 * metric, each group in start-time order (newest first) then by run id. Infinities are stored
 * as +/-{@link Double#MAX_VALUE} by {@link FakeTrackingApi} and compared as such.
 */
final class FakeRunSearch {

    private static final Set<String> TEXT_ATTRIBUTES = Set.of("status", "run_name", "run_id", "lifecycle_stage");
    private static final Set<String> NUMERIC_ATTRIBUTES = Set.of("start_time", "end_time");

    private FakeRunSearch() {
    }

    static JsonNode search(ObjectMapper json, FakeRequest r, Collection<Run> runs, Function<Run, ObjectNode> writer) {
        JsonNode ids = r.array("experiment_ids");
        if (ids.size() == 0) {
            throw FakeApiError.invalid("Missing value for required parameter 'experiment_ids'.");
        }
        Set<String> experiments = new HashSet<>();
        ids.forEach(id -> experiments.add(id.asText()));
        long max = r.longValue("max_results", 1000);
        if (max < 1 || max > 50_000) {
            throw FakeApiError.invalid("Invalid value for request parameter max_results. It must be at most 50000,"
                    + " but got value " + max);
        }
        List<Clause> clauses;
        List<Order> orders = new ArrayList<>();
        int offset;
        try {
            clauses = FakeSearchGrammar.parseFilter(r.optional("filter", ""));
            clauses.forEach(FakeRunSearch::validate);
            for (JsonNode o : r.array("order_by")) {
                orders.add(FakeSearchGrammar.parseOrder(o.asText()));
            }
            offset = FakeSearchGrammar.offset(r.optional("page_token", ""));
        } catch (IllegalArgumentException e) {
            throw FakeApiError.invalid(e.getMessage());
        }
        String view = r.optional("run_view_type", "ACTIVE_ONLY");
        if (!List.of("ACTIVE_ONLY", "DELETED_ONLY", "ALL").contains(view)) {
            throw FakeApiError.invalid("Invalid value \"" + view + "\" for parameter 'run_view_type' supplied.");
        }
        List<Run> matching = new ArrayList<>();
        for (Run run : runs) {
            boolean shown = view.equals("ALL") || run.deleted == view.equals("DELETED_ONLY");
            if (shown && experiments.contains(run.experimentId) && clauses.stream().allMatch(c -> holds(c, run))) {
                matching.add(run);
            }
        }
        matching.sort(comparator(orders));
        int from = Math.min(offset, matching.size());
        int to = (int) Math.min(from + max, matching.size());
        ObjectNode out = json.createObjectNode();
        if (to > from) {
            ArrayNode array = out.putArray("runs");
            matching.subList(from, to).forEach(run -> array.add(writer.apply(run)));
        }
        if (to < matching.size()) {
            out.put("next_page_token", FakeSearchGrammar.pageToken(to));
        }
        return out;
    }

    private static void validate(Clause c) {
        switch (c.type()) {
            case "metrics":
                FakeSearchGrammar.compareNumber(0, c.op(), c.value());
                return;
            case "params":
            case "tags":
                FakeSearchGrammar.compareText("", c.op(), c.value());
                return;
            case "attributes":
                if (TEXT_ATTRIBUTES.contains(c.key())) {
                    FakeSearchGrammar.compareText("", c.op(), c.value());
                } else if (NUMERIC_ATTRIBUTES.contains(c.key())) {
                    FakeSearchGrammar.compareNumber(0, c.op(), c.value());
                } else {
                    throw new IllegalArgumentException("Invalid attribute key '" + c.key() + "' specified.");
                }
                return;
            default:
                throw new IllegalArgumentException("Invalid identifier '" + c.key() + "': an entity type (metrics,"
                        + " params, tags, attributes) is required");
        }
    }

    private static boolean holds(Clause c, Run run) {
        switch (c.type()) {
            case "metrics": {
                MetricValue m = run.latest(c.key());
                return m != null
                        && FakeSearchGrammar.compareNumber(Double.isNaN(m.value()) ? 0 : m.value(), c.op(), c.value());
            }
            case "params": {
                String v = run.params.get(c.key());
                return v != null && FakeSearchGrammar.compareText(v, c.op(), c.value());
            }
            case "tags": {
                String v = run.tags.get(c.key());
                return v != null && FakeSearchGrammar.compareText(v, c.op(), c.value());
            }
            default:
                return attribute(c, run);
        }
    }

    private static boolean attribute(Clause c, Run run) {
        switch (c.key()) {
            case "status":
                return FakeSearchGrammar.compareText(run.status, c.op(), c.value());
            case "run_name":
                return FakeSearchGrammar.compareText(run.name, c.op(), c.value());
            case "run_id":
                return FakeSearchGrammar.compareText(run.id, c.op(), c.value());
            case "lifecycle_stage":
                return FakeSearchGrammar.compareText(run.deleted ? "deleted" : "active", c.op(), c.value());
            case "start_time":
                return FakeSearchGrammar.compareNumber(run.startTime, c.op(), c.value());
            default:
                return run.endTime != null && FakeSearchGrammar.compareNumber(run.endTime, c.op(), c.value());
        }
    }

    private static Comparator<Run> comparator(List<Order> orders) {
        Comparator<Run> out = (a, b) -> 0;
        boolean byStart = false;
        for (Order o : orders) {
            switch (o.type()) {
                case "metrics":
                    // Values first, then NaN, then missing, in either direction.
                    out = out.thenComparing(Comparator.comparingInt(run -> {
                        MetricValue m = run.latest(o.key());
                        return m == null ? 2 : Double.isNaN(m.value()) ? 1 : 0;
                    }));
                    out = out.thenComparing(nullsLast(run -> {
                        MetricValue m = run.latest(o.key());
                        return m == null || Double.isNaN(m.value()) ? null : m.value();
                    }, o.ascending()));
                    break;
                case "params":
                    out = out.thenComparing(nullsLast(run -> run.params.get(o.key()), o.ascending()));
                    break;
                case "tags":
                    out = out.thenComparing(nullsLast(run -> run.tags.get(o.key()), o.ascending()));
                    break;
                case "attributes":
                    if (o.key().equals("start_time")) {
                        byStart = true;
                        out = out.thenComparing(nullsLast(run -> run.startTime, o.ascending()));
                    } else if (o.key().equals("run_name")) {
                        out = out.thenComparing(nullsLast(run -> run.name, o.ascending()));
                    } else if (o.key().equals("end_time")) {
                        out = out.thenComparing(nullsLast(run -> run.endTime, o.ascending()));
                    } else {
                        throw FakeApiError.invalid("Invalid order_by attribute '" + o.key() + "'");
                    }
                    break;
                default:
                    throw FakeApiError.invalid("Invalid order_by entity type for '" + o.key() + "'");
            }
        }
        if (!byStart) {
            out = out.thenComparing(nullsLast(run -> run.startTime, false));
        }
        return out.thenComparing(run -> run.id);
    }

    private static <T extends Comparable<T>> Comparator<Run> nullsLast(Function<Run, T> key, boolean ascending) {
        return (a, b) -> {
            T x = key.apply(a);
            T y = key.apply(b);
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1;
            }
            return ascending ? x.compareTo(y) : y.compareTo(x);
        };
    }
}
