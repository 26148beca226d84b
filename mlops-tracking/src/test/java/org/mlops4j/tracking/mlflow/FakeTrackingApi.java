package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.mlops4j.core.Clock;

/**
 * The tracking half of the fake MLflow server: experiments, runs, log-batch, run search and metric
 * history, with MLflow's JSON shapes and validation. One lock guards the state, so each request is
 * atomic, as in MLflow's SQL stores (a refused log-batch writes nothing).
 *
 * <p>It answers like MLflow 2.12.2's SQL store, as checked against a real server: an experiment's
 * {@code creation_time} is the server's wall clock (the request carries none); +/-Infinity metrics
 * are kept, and returned, as +/-{@link Double#MAX_VALUE}; the metric history comes whole in one
 * response (2.12.2 ignores {@code max_results} and {@code page_token} there) unless
 * {@link #pageHistory} makes it page as a newer server might.
 */
final class FakeTrackingApi {

    static final int MAX_METRICS = 1000;
    static final int MAX_PARAMS = 100;
    static final int MAX_TAGS = 100;
    static final int MAX_ENTITIES = 1000;
    static final int MAX_REQUEST_BYTES = 1_000_000;

    private static final Pattern KEY = Pattern.compile("[/\\w.\\- ]*", Pattern.UNICODE_CHARACTER_CLASS);

    private record Experiment(String id, String name, long creationTime, boolean deleted, Map<String, String> tags) {

        Experiment withDeleted(boolean value) {
            return new Experiment(id, name, creationTime, value, tags);
        }
    }

    record MetricValue(String key, double value, long timestamp, long step) {
    }

    /** A run's mutable state; guarded by the API's lock. */
    static final class Run {
        final String id;
        final String experimentId;
        String name;
        String status = "RUNNING";
        boolean deleted;
        final long startTime;
        Long endTime;
        final Map<String, String> params = new LinkedHashMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        final List<MetricValue> history = new ArrayList<>();

        Run(String id, String experimentId, String name, long startTime) {
            this.id = id;
            this.experimentId = experimentId;
            this.name = name;
            this.startTime = startTime;
        }

        MetricValue latest(String key) {
            MetricValue best = null;
            for (MetricValue m : history) {
                if (m.key().equals(key) && (best == null || newer(m, best))) {
                    best = m;
                }
            }
            return best;
        }

        private static boolean newer(MetricValue a, MetricValue b) {
            if (a.step() != b.step()) {
                return a.step() > b.step();
            }
            if (a.timestamp() != b.timestamp()) {
                return a.timestamp() > b.timestamp();
            }
            return Double.compare(a.value(), b.value()) > 0;
        }
    }

    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, Experiment> experiments = new LinkedHashMap<>();
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private long nextExperimentId = 1;
    private int historyPage;

    FakeTrackingApi(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * Makes {@code metrics/get-history} answer in pages of at most {@code max_results} values
     * (25,000 by default) with offset page tokens, which MLflow 2.12.2 does not do.
     *
     * @param defaultPage the page size when the request names none
     */
    synchronized void pageHistory(int defaultPage) {
        this.historyPage = defaultPage;
    }

    synchronized JsonNode handle(String route, FakeRequest r, int bodyBytes) {
        switch (route) {
            case "POST experiments/create":
                return createExperiment(r);
            case "GET experiments/get-by-name":
                return experimentByName(r);
            case "POST experiments/delete":
                return changeExperiment(r, true);
            case "POST experiments/restore":
                return changeExperiment(r, false);
            case "GET experiments/get":
                return json.createObjectNode().set("experiment", write(experiment(r.string("experiment_id"))));
            case "POST experiments/set-experiment-tag":
                return setExperimentTag(r);
            case "POST runs/delete":
                return changeRun(r, true);
            case "POST runs/restore":
                return changeRun(r, false);
            case "POST experiments/search":
                return searchExperiments(r);
            case "POST runs/create":
                return createRun(r);
            case "GET runs/get":
                return json.createObjectNode().set("run", write(run(r.string("run_id"))));
            case "POST runs/update":
                return updateRun(r);
            case "POST runs/log-batch":
                return logBatch(r, bodyBytes);
            case "POST runs/search":
                return FakeRunSearch.search(json, r, runs.values(), this::write);
            case "GET metrics/get-history":
                return history(r);
            default:
                return null;
        }
    }

    private JsonNode createExperiment(FakeRequest r) {
        String name = r.string("name");
        if (experiments.values().stream().anyMatch(e -> e.name().equals(name))) {
            throw FakeApiError.exists("Experiment(name=" + name + ") already exists. Error: (raised by the fake"
                    + " MLflow server)");
        }
        String id = Long.toString(nextExperimentId++);
        // MLflow stamps experiments with its own wall clock, not a time the client sends.
        experiments.put(id, new Experiment(id, name, System.currentTimeMillis(), false, new LinkedHashMap<>()));
        return json.createObjectNode().put("experiment_id", id);
    }

    private JsonNode experimentByName(FakeRequest r) {
        String name = r.string("experiment_name");
        return experiments.values().stream().filter(e -> e.name().equals(name)).findFirst()
                .<JsonNode>map(e -> json.createObjectNode().set("experiment", write(e)))
                .orElseThrow(() -> FakeApiError.notFound("Could not find experiment with name '" + name + "'"));
    }

    private Experiment experiment(String id) {
        Experiment e = experiments.get(id);
        if (e == null) {
            throw FakeApiError.notFound("No Experiment with id=" + id + " exists");
        }
        return e;
    }

    /** As MLflow's SQL store: the experiment must be in the other stage, and its runs follow it. */
    private JsonNode changeExperiment(FakeRequest r, boolean delete) {
        String id = r.string("experiment_id");
        Experiment e = experiment(id);
        if (e.deleted() == delete) {
            throw FakeApiError.invalid("No Experiment with id=" + id + " exists"
                    + (delete ? "" : " in the deleted state"));
        }
        experiments.put(id, e.withDeleted(delete));
        runs.values().stream().filter(run -> run.experimentId.equals(id)).forEach(run -> run.deleted = delete);
        return json.createObjectNode();
    }

    private JsonNode setExperimentTag(FakeRequest r) {
        Experiment e = experiment(r.string("experiment_id"));
        if (e.deleted()) {
            throw FakeApiError.invalid("The experiment " + e.id() + " must be in the 'active' state. Current state is"
                    + " deleted.");
        }
        String key = r.string("key");
        e.tags().put(key, r.optional("value", ""));
        return json.createObjectNode();
    }

    /** As MLflow 2.12.2: deleting a deleted run, or restoring an active one, is accepted and changes nothing else. */
    private JsonNode changeRun(FakeRequest r, boolean delete) {
        run(r.string("run_id")).deleted = delete;
        return json.createObjectNode();
    }

    private static void requireActive(Run run) {
        if (run.deleted) {
            throw FakeApiError.invalid("The run " + run.id + " must be in the 'active' state. Current state is"
                    + " deleted.");
        }
    }

    private JsonNode searchExperiments(FakeRequest r) {
        int max = (int) r.longValue("max_results", 1000);
        if (max < 1 || max > 50_000) {
            throw FakeApiError.invalid("Invalid value " + max + " for parameter 'max_results' supplied. It must be"
                    + " at most 50000");
        }
        String view = r.optional("view_type", "ACTIVE_ONLY");
        List<Experiment> all = experiments.values().stream()
                .filter(e -> view.equals("ALL") || e.deleted() == view.equals("DELETED_ONLY")).toList();
        int from = Math.min(offset(r), all.size());
        int to = Math.min(from + max, all.size());
        ObjectNode out = json.createObjectNode();
        if (to > from) {
            ArrayNode array = out.putArray("experiments");
            all.subList(from, to).forEach(e -> array.add(write(e)));
        }
        if (to < all.size()) {
            out.put("next_page_token", FakeSearchGrammar.pageToken(to));
        }
        return out;
    }

    private JsonNode createRun(FakeRequest r) {
        String experimentId = r.string("experiment_id");
        Experiment experiment = experiments.get(experimentId);
        if (experiment == null) {
            throw FakeApiError.notFound("No Experiment with id=" + experimentId + " exists");
        }
        if (experiment.deleted()) {
            throw FakeApiError.invalid("The experiment " + experimentId + " must be in the 'active' state. Current"
                    + " state is deleted.");
        }
        Map<String, String> tags = keyValues(r.array("tags"), "tag");
        String name = r.optional("run_name", tags.getOrDefault("mlflow.runName", ""));
        String id = UUID.randomUUID().toString().replace("-", "");
        if (name.isEmpty()) {
            name = "fake-run-" + id.substring(0, 6);
        }
        Run run = new Run(id, experimentId, name, r.longValue("start_time", clock.now().toEpochMilli()));
        run.tags.putAll(tags);
        run.tags.put("mlflow.runName", name);
        runs.put(id, run);
        return json.createObjectNode().set("run", write(run));
    }

    private JsonNode updateRun(FakeRequest r) {
        Run run = run(r.string("run_id"));
        requireActive(run);
        if (r.has("status")) {
            String status = r.string("status");
            if (!List.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED").contains(status)) {
                throw FakeApiError.invalid("Invalid value \"" + status + "\" for parameter 'status' supplied.");
            }
            run.status = status;
        }
        if (r.has("end_time")) {
            run.endTime = r.longValue("end_time", 0);
        }
        if (r.has("run_name")) {
            run.name = r.string("run_name");
            run.tags.put("mlflow.runName", run.name);
        }
        return json.createObjectNode().set("run_info", writeInfo(run));
    }

    private JsonNode logBatch(FakeRequest r, int bodyBytes) {
        if (bodyBytes > MAX_REQUEST_BYTES) {
            throw FakeApiError.invalid("Batched logging API requests must be at most " + MAX_REQUEST_BYTES
                    + " bytes, got a request of size " + bodyBytes + ".");
        }
        Run run = run(r.string("run_id"));
        requireActive(run);
        JsonNode metrics = r.array("metrics");
        JsonNode params = r.array("params");
        JsonNode tags = r.array("tags");
        limit(metrics.size(), MAX_METRICS, "metrics");
        limit(params.size(), MAX_PARAMS, "params");
        limit(tags.size(), MAX_TAGS, "tags");
        int total = metrics.size() + params.size() + tags.size();
        if (total > MAX_ENTITIES) {
            throw FakeApiError.invalid("A batch logging request can contain at most " + MAX_ENTITIES + " metrics,"
                    + " params, and tags in total. Got " + total + " total. Please split up metrics, params, and tags"
                    + " across multiple requests and try again.");
        }
        List<MetricValue> newMetrics = new ArrayList<>();
        for (JsonNode m : metrics) {
            newMetrics.add(metric(m));
        }
        Map<String, String> newParams = new LinkedHashMap<>();
        for (JsonNode p : params) {
            String key = key(p, "param");
            String value = value(p, key, "param", 6000);
            String dup = newParams.put(key, value);
            if (dup != null && !dup.equals(value)) {
                throw FakeApiError.invalid("Duplicate parameter keys have been submitted: [" + key + "]. Please ensure"
                        + " the request contains only one param value per param key.");
            }
        }
        List<Map<String, String>> changed = new ArrayList<>();
        newParams.forEach((k, v) -> {
            String old = run.params.get(k);
            if (old != null && !old.equals(v)) {
                changed.add(Map.of("key", k, "old_value", old, "new_value", v));
            }
        });
        if (!changed.isEmpty()) {
            throw FakeApiError.invalid("Changing param values is not allowed. Params were already logged='" + changed
                    + "' for run ID='" + run.id + "'.");
        }
        Map<String, String> newTags = new LinkedHashMap<>();
        for (JsonNode t : tags) {
            String key = key(t, "tag");
            newTags.put(key, value(t, key, "tag", 5000));
        }
        // Validated as a whole: now apply, all or nothing.
        run.params.putAll(newParams);
        run.tags.putAll(newTags);
        if (newTags.containsKey("mlflow.runName")) {
            // MLflow renames the run when its name tag is set.
            run.name = newTags.get("mlflow.runName");
        }
        run.history.addAll(newMetrics);
        return json.createObjectNode();
    }

    private JsonNode history(FakeRequest r) {
        String runId = r.string("run_id");
        String key = r.string("metric_key");
        Run run = runs.get(runId);
        // Like MLflow's SQL store, an unknown run has an empty history rather than an error.
        List<MetricValue> values = run == null ? List.of()
                : run.history.stream().filter(m -> m.key().equals(key)).toList();
        int from = 0;
        int to = values.size();
        if (historyPage > 0) {
            from = Math.min(offset(r), values.size());
            to = (int) Math.min(from + r.longValue("max_results", historyPage), values.size());
        }
        ObjectNode out = json.createObjectNode();
        if (to > from) {
            ArrayNode array = out.putArray("metrics");
            values.subList(from, to).forEach(m -> array.add(write(m)));
        }
        if (to < values.size()) {
            out.put("next_page_token", FakeSearchGrammar.pageToken(to));
        }
        return out;
    }

    private static int offset(FakeRequest r) {
        try {
            return FakeSearchGrammar.offset(r.optional("page_token", ""));
        } catch (IllegalArgumentException e) {
            throw FakeApiError.invalid(e.getMessage());
        }
    }

    private Run run(String id) {
        Run run = runs.get(id);
        if (run == null) {
            throw FakeApiError.notFound("Run with id=" + id + " not found");
        }
        return run;
    }

    private static void limit(int count, int max, String kind) {
        if (count > max) {
            throw FakeApiError.invalid("A batch logging request can contain at most " + max + " " + kind + ". Got "
                    + count + " " + kind + ". Please split up " + kind + " across multiple requests and try again.");
        }
    }

    private static String key(JsonNode kv, String kind) {
        String key = kv.path("key").asText("");
        if (key.isEmpty() || key.length() > 250 || !KEY.matcher(key).matches()) {
            throw FakeApiError.invalid("Invalid " + kind + " name: '" + key + "'. Names may only contain alphanumerics,"
                    + " underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).");
        }
        return key;
    }

    private static String value(JsonNode kv, String key, String kind, int max) {
        if (!kv.hasNonNull("value")) {
            throw FakeApiError.invalid("Missing value for required parameter 'value' of " + kind + " '" + key + "'");
        }
        String value = kv.get("value").asText();
        if (value.length() > max) {
            throw FakeApiError.invalid(kind + " value '" + value.substring(0, 20) + "...' had length " + value.length()
                    + ", which exceeded length limit of " + max);
        }
        return value;
    }

    private static MetricValue metric(JsonNode m) {
        String key = key(m, "metric");
        JsonNode v = m.path("value");
        double value;
        if (v.isNumber()) {
            value = v.doubleValue();
        } else if (v.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(v.asText())) {
            value = Double.parseDouble(v.asText());
        } else {
            throw FakeApiError.invalid("Got invalid value " + v + " for metric '" + key + "' (timestamp="
                    + m.path("timestamp") + "). Please specify value as a valid double (64-bit floating point)");
        }
        if (!m.path("timestamp").isIntegralNumber()) {
            throw FakeApiError.invalid("Got invalid timestamp " + m.path("timestamp") + " for metric '" + key
                    + "'. Timestamp must be a nonnegative long (64-bit integer)");
        }
        if (Double.isInfinite(value)) {
            // MLflow's SQL store cannot hold infinities: it keeps the largest finite double instead.
            value = value > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
        }
        return new MetricValue(key, value, m.get("timestamp").longValue(), m.path("step").asLong(0));
    }

    private Map<String, String> keyValues(JsonNode array, String kind) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode kv : array) {
            String key = key(kv, kind);
            out.put(key, value(kv, key, kind, 5000));
        }
        return out;
    }

    private ObjectNode write(Experiment e) {
        ObjectNode node = json.createObjectNode().put("experiment_id", e.id()).put("name", e.name())
                .put("artifact_location", "mlflow-artifacts:/" + e.id())
                .put("lifecycle_stage", e.deleted() ? "deleted" : "active")
                .put("last_update_time", e.creationTime()).put("creation_time", e.creationTime());
        putKeyValues(node, "tags", e.tags());
        return node;
    }

    ObjectNode write(Run run) {
        ObjectNode node = json.createObjectNode();
        node.set("info", writeInfo(run));
        ObjectNode data = node.putObject("data");
        List<MetricValue> latest = new ArrayList<>();
        run.history.stream().map(MetricValue::key).distinct().sorted(Comparator.naturalOrder())
                .forEach(k -> latest.add(run.latest(k)));
        if (!latest.isEmpty()) {
            ArrayNode array = data.putArray("metrics");
            latest.forEach(m -> array.add(write(m)));
        }
        putKeyValues(data, "params", run.params);
        putKeyValues(data, "tags", run.tags);
        node.putObject("inputs");
        return node;
    }

    private ObjectNode writeInfo(Run run) {
        ObjectNode info = json.createObjectNode().put("run_id", run.id).put("run_uuid", run.id)
                .put("run_name", run.name).put("experiment_id", run.experimentId).put("user_id", "")
                .put("status", run.status).put("start_time", run.startTime);
        if (run.endTime != null) {
            info.put("end_time", run.endTime);
        }
        return info.put("artifact_uri", "mlflow-artifacts:/" + run.experimentId + "/" + run.id + "/artifacts")
                .put("lifecycle_stage", run.deleted ? "deleted" : "active");
    }

    private ObjectNode write(MetricValue m) {
        ObjectNode node = json.createObjectNode().put("key", m.key());
        // Protobuf's JSON mapping spells non-finite doubles as strings.
        if (Double.isNaN(m.value()) || Double.isInfinite(m.value())) {
            node.put("value", Double.isNaN(m.value()) ? "NaN" : m.value() > 0 ? "Infinity" : "-Infinity");
        } else {
            node.put("value", m.value());
        }
        return node.put("timestamp", m.timestamp()).put("step", m.step());
    }

    private void putKeyValues(ObjectNode parent, String field, Map<String, String> entries) {
        if (!entries.isEmpty()) {
            ArrayNode array = parent.putArray(field);
            entries.forEach((k, v) -> array.add(json.createObjectNode().put("key", k).put("value", v)));
        }
    }
}
