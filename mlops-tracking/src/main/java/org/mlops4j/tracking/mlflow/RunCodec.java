package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mlops4j.core.StoreException;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.LifecycleStage;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunStatus;

/**
 * MLflow's JSON for experiments, runs, metrics, params and tags. Times are epoch milliseconds;
 * non-finite doubles are the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}, as
 * protobuf's JSON mapping writes them.
 *
 * <p>MLflow's SQL stores cannot hold infinities and keep +/-Infinity as +/-{@link Double#MAX_VALUE}
 * (its file store keeps them as they are). So that a metric reads back the same from either,
 * {@link #readDouble} reads +/-{@code Double.MAX_VALUE} as +/-Infinity: a genuine
 * {@code Double.MAX_VALUE} logged to MLflow reads back as Infinity. {@link SearchSyntax} writes
 * comparisons with infinities to match. A nested run's parent is MLflow's {@value #PARENT_TAG} tag and
 * its name also lives in {@value #RUN_NAME_TAG}; both become {@link RunInfo} fields, not tags.
 */
final class RunCodec {

    /** MLflow's tag holding a nested run's parent. */
    static final String PARENT_TAG = "mlflow.parentRunId";
    /** MLflow's tag mirroring the run name. */
    static final String RUN_NAME_TAG = "mlflow.runName";

    private static final String ARTIFACT_SCHEME = "mlflow-artifacts:";

    private RunCodec() {
    }

    static ObjectNode metric(ObjectMapper json, Metric m) {
        ObjectNode node = json.createObjectNode().put("key", m.key());
        putDouble(node, "value", m.value());
        return node.put("timestamp", m.timestamp().toEpochMilli()).put("step", m.step());
    }

    static ObjectNode keyValue(ObjectMapper json, String key, String value) {
        return json.createObjectNode().put("key", key).put("value", value);
    }

    /** Writes a double, spelling non-finite values as protobuf's JSON mapping does. */
    static void putDouble(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.put(field, "NaN");
        } else if (Double.isInfinite(value)) {
            node.put(field, value > 0 ? "Infinity" : "-Infinity");
        } else {
            node.put(field, value);
        }
    }

    /**
     * Reads a double written as a number or as {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"};
     * +/-{@link Double#MAX_VALUE}, how MLflow's SQL stores keep infinities, reads as +/-Infinity.
     */
    static double readDouble(JsonNode node) {
        if (node.isNumber()) {
            return fromStore(node.doubleValue());
        }
        String text = node.asText("");
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return fromStore(Double.parseDouble(text));
                } catch (NumberFormatException e) {
                    throw new StoreException("MLflow returned '" + text + "' where a number was expected", e);
                }
        }
    }

    /** Undoes MLflow's SQL stores' infinity substitution: +/-MAX_VALUE is +/-Infinity. */
    private static double fromStore(double value) {
        if (value == Double.MAX_VALUE) {
            return Double.POSITIVE_INFINITY;
        }
        return value == -Double.MAX_VALUE ? Double.NEGATIVE_INFINITY : value;
    }

    static Metric metric(JsonNode node) {
        return new Metric(node.path("key").asText(), readDouble(node.path("value")), node.path("step").asLong(0),
                Instant.ofEpochMilli(node.path("timestamp").asLong(0)));
    }

    /** Reads a list of {@code {key, value}} objects, absent when empty (protobuf omits empty lists). */
    static Map<String, String> keyValues(JsonNode array) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode kv : array) {
            out.put(kv.path("key").asText(), kv.path("value").asText(""));
        }
        return out;
    }

    static ArrayNode keyValues(ObjectMapper json, Map<String, String> entries) {
        ArrayNode array = json.createArrayNode();
        entries.forEach((k, v) -> array.add(keyValue(json, k, v)));
        return array;
    }

    static Experiment experiment(JsonNode node) {
        return new Experiment(node.path("experiment_id").asText(), node.path("name").asText(),
                Instant.ofEpochMilli(node.path("creation_time").asLong(0)), lifecycleStage(node),
                keyValues(node.path("tags")));
    }

    /** Reads an experiment's or a run info's {@code lifecycle_stage}; absent means active. */
    static LifecycleStage lifecycleStage(JsonNode entity) {
        String stage = entity.path("lifecycle_stage").asText("active");
        try {
            return LifecycleStage.fromWireName(stage);
        } catch (IllegalArgumentException e) {
            throw new StoreException("MLflow returned unknown lifecycle stage '" + stage + "'", e);
        }
    }

    static RunStatus status(JsonNode run) {
        String status = run.path("info").path("status").asText("RUNNING");
        if (status.equals("SCHEDULED")) {
            return RunStatus.RUNNING;
        }
        try {
            return RunStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new StoreException("MLflow returned unknown run status '" + status + "'", e);
        }
    }

    static String runId(JsonNode run) {
        JsonNode info = run.path("info");
        return info.hasNonNull("run_id") ? info.get("run_id").asText() : info.path("run_uuid").asText();
    }

    static RunInfo runInfo(JsonNode run) {
        return runInfo(run, false);
    }

    /**
     * Reads a run.
     *
     * @param run MLflow's run object
     * @param keepMlflowTags whether to keep {@value #PARENT_TAG} and {@value #RUN_NAME_TAG} among the
     *     tags, as the server's search sees them
     */
    static RunInfo runInfo(JsonNode run, boolean keepMlflowTags) {
        JsonNode info = run.path("info");
        JsonNode data = run.path("data");
        String runId = runId(run);
        Map<String, String> tags = keyValues(data.path("tags"));
        String parent = keepMlflowTags ? tags.get(PARENT_TAG) : tags.remove(PARENT_TAG);
        String nameTag = keepMlflowTags ? tags.get(RUN_NAME_TAG) : tags.remove(RUN_NAME_TAG);
        String name = info.path("run_name").asText("");
        if (name.isEmpty()) {
            name = nameTag != null ? nameTag : runId;
        }
        RunStatus status = status(run);
        Optional<Instant> end = status.isTerminal() && info.hasNonNull("end_time")
                ? Optional.of(Instant.ofEpochMilli(info.get("end_time").asLong())) : Optional.empty();
        Map<String, Metric> latest = new HashMap<>();
        for (JsonNode m : data.path("metrics")) {
            Metric metric = metric(m);
            Metric current = latest.get(metric.key());
            if (current == null || metric.supersedes(current)) {
                latest.put(metric.key(), metric);
            }
        }
        return new RunInfo(runId, info.path("experiment_id").asText(), name, status,
                Instant.ofEpochMilli(info.path("start_time").asLong(0)), end, Optional.ofNullable(parent),
                keyValues(data.path("params")), latest, tags, lifecycleStage(info));
    }

    /**
     * Returns where a run's artifacts live behind the artifact proxy: the path of its
     * {@code mlflow-artifacts:} artifact URI, for example {@code 3/<run id>/artifacts}.
     *
     * @throws StoreException if the server stores the run's artifacts elsewhere
     */
    static String artifactRoot(JsonNode run) {
        String uri = run.path("info").path("artifact_uri").asText("");
        if (!uri.startsWith(ARTIFACT_SCHEME)) {
            throw new StoreException("run " + runId(run) + " stores its artifacts at '" + uri + "', which is not"
                    + " behind MLflow's artifact proxy; start the server with artifact serving (--serve-artifacts,"
                    + " the default since MLflow 2.0) and an mlflow-artifacts: root");
        }
        String path = uri.substring(ARTIFACT_SCHEME.length());
        if (path.startsWith("//")) {
            int slash = path.indexOf('/', 2);
            path = slash < 0 ? "" : path.substring(slash);
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }
}
