package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.Clock;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.tracking.LifecycleAudit;
import org.mlops4j.tracking.LifecycleStage;
import org.mlops4j.tracking.ViewType;
import org.mlops4j.tracking.internal.LifecycleChecks;
import org.mlops4j.tracking.internal.ArtifactPaths;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.ParamConflictException;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunNotFoundException;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunPage;
import org.mlops4j.tracking.RunOrder;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.internal.SourceTags;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tracking.TrackingLimits;

/**
 * A {@link Tracker} on an MLflow tracking server, through its REST API 2.0, with artifacts through
 * the server's artifact proxy. Runs logged here show up in the MLflow UI like any other.
 *
 * <pre>{@code
 * Tracker tracker = new MlflowTracker(MlflowConfig.of(URI.create("http://mlflow:5000")));
 * try (Run run = tracker.startRun("fraud")) {
 *     run.logParam("lr", 0.1).logMetric("auc", 0.93);
 * }
 * }</pre>
 *
 * <p>How the tracker contract maps to MLflow:
 * <ul>
 *   <li>Run and metric times come from the configured clock; experiment creation times from the
 *       server. A nested run's parent is MLflow's {@code mlflow.parentRunId} tag. That tag and
 *       {@code mlflow.runName}, which MLflow reads as the run's parent and name, are refused as
 *       tags with {@link IllegalArgumentException}.</li>
 *   <li>MLflow accepts writes to ended runs; the contract does not, so every write and every end
 *       first reads the run ({@code runs/get}) and refuses a run that is not running. That is one
 *       extra request per call; put an {@code AsyncTracker} in front for hot loops.</li>
 *   <li>{@link #logBatch} is split to MLflow's log-batch limits (1,000 metrics, 100 params, 100 tags,
 *       1,000 entities, 1 MB per request). Params are checked against the run before anything is
 *       sent, so a param conflict writes nothing; but a batch that needs several requests is not
 *       atomic if the server fails midway (requests are retried, and repeating one is harmless).</li>
 *   <li>Searches translate {@code RunFilter} and {@code RunOrder} to MLflow's filter and order
 *       syntax; page tokens are the server's (prefixed when ordered by a metric, see
 *       {@link #searchRuns}). The runs a page returns are checked again against
 *       {@link org.mlops4j.tracking.RunFilter#matches}, because MLflow's SQL stores compare a NaN
 *       metric as 0: a page may then hold fewer runs than asked for.</li>
 *   <li>MLflow's SQL stores keep +/-Infinity as +/-{@code Double.MAX_VALUE}; the tracker reads
 *       +/-{@code Double.MAX_VALUE} back as +/-Infinity from any MLflow store (so a genuine
 *       {@code Double.MAX_VALUE} reads as Infinity), and writes filters on infinities so that they
 *       select the same runs on MLflow's SQL and file stores.</li>
 * </ul>
 *
 * <p>Thread-safe. A run ended concurrently by another client between the status check and a write
 * can still receive that write, as MLflow has no conditional update.
 */
public final class MlflowTracker implements Tracker {

    private static final int EXPERIMENT_PAGE = 1000;
    private static final int HISTORY_PAGE = 25_000;
    /** Starts the page tokens of a search ordered by a metric, among the runs with a value. */
    private static final String VALUES_TOKEN = "v:";
    /** Starts the page tokens of a search ordered by a metric, among the runs without a value. */
    private static final String REST_TOKEN = "r:";

    private final MlflowClient client;
    private final ObjectMapper json;
    private final Clock clock;
    private final RunArtifacts artifacts;
    private final SourceTags sourceTags = new SourceTags();

    /**
     * Creates a tracker.
     *
     * @param config the server, auth, timeouts, retries and clock
     */
    public MlflowTracker(MlflowConfig config) {
        this(new MlflowClient(Objects.requireNonNull(config, "config")));
    }

    MlflowTracker(MlflowClient client) {
        this.client = client;
        this.json = client.json();
        this.clock = client.config().clock();
        this.artifacts = new RunArtifacts(client);
    }

    /** The client of this server, for {@link MlflowExport} to read what the interface does not carry. */
    MlflowClient client() {
        return client;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** Detects the source once per tracker: running git for every run would cost milliseconds each. */
    @Override
    public Map<String, String> sourceTags() {
        return sourceTags.get();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if MLflow holds a deleted experiment of that name (MLflow keeps
     *     deleted experiments' names taken until they are purged)
     */
    @Override
    public Experiment getOrCreateExperiment(String name) {
        Optional<JsonNode> existing = experimentNode(name);
        if (existing.isPresent()) {
            return active(name, existing.get());
        }
        try {
            client.post("experiments/create", json.createObjectNode().put("name", name), true);
        } catch (MlflowRequestException e) {
            // Another caller created it first: both then read the same experiment back.
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
        return active(name, experimentNode(name).orElseThrow(() -> new StoreException("MLflow created experiment '"
                + name + "' but cannot find it by name")));
    }

    private static Experiment active(String name, JsonNode node) {
        Experiment e = RunCodec.experiment(node);
        if (e.isDeleted()) {
            throw new IllegalStateException("experiment '" + name + "' (id " + e.id() + ") is deleted; restore it"
                    + " (restoreExperiment) or choose another name");
        }
        return e;
    }

    @Override
    public Optional<Experiment> experiment(String name) {
        return experimentNode(name).map(RunCodec::experiment);
    }

    private Optional<JsonNode> experimentNode(String name) {
        TrackingLimits.checkExperimentName(name);
        try {
            return Optional.of(client.get("experiments/get-by-name", Map.of("experiment_name", name))
                    .path("experiment"));
        } catch (MlflowRequestException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** MLflow's {@code experiments/search} with {@code view_type}, whose names are those of {@link ViewType}. */
    @Override
    public List<Experiment> experiments(ViewType view) {
        Objects.requireNonNull(view, "view");
        List<Experiment> out = new ArrayList<>();
        String token = null;
        do {
            ObjectNode body = json.createObjectNode().put("max_results", EXPERIMENT_PAGE)
                    .put("view_type", view.name());
            if (token != null) {
                body.put("page_token", token);
            }
            JsonNode page = client.post("experiments/search", body, true);
            page.path("experiments").forEach(e -> out.add(RunCodec.experiment(e)));
            token = nextToken(page);
        } while (token != null);
        out.sort(Comparator.comparing(Experiment::name));
        return out;
    }

    /** Records the audit tags while the run still takes them, then calls MLflow's {@code runs/delete}. */
    @Override
    public void deleteRun(String runId, Attribution by) {
        Map<String, String> audit = LifecycleAudit.deletion(by, clock.now());
        LifecycleChecks.requireTransition("run", runId, RunCodec.lifecycleStage(requireRun(runId).path("info")),
                LifecycleStage.DELETED);
        setRunTags(runId, audit);
        client.post("runs/delete", json.createObjectNode().put("run_id", runId), true);
    }

    /** Calls MLflow's {@code runs/restore}, then records the audit tags (MLflow refuses tags on deleted runs). */
    @Override
    public void restoreRun(String runId, Attribution by) {
        Map<String, String> audit = LifecycleAudit.restoration(by, clock.now());
        LifecycleChecks.requireTransition("run", runId, RunCodec.lifecycleStage(requireRun(runId).path("info")),
                LifecycleStage.ACTIVE);
        client.post("runs/restore", json.createObjectNode().put("run_id", runId), true);
        setRunTags(runId, audit);
    }

    private void setRunTags(String runId, Map<String, String> tags) {
        ObjectNode body = json.createObjectNode().put("run_id", runId);
        body.set("tags", RunCodec.keyValues(json, tags));
        client.post("runs/log-batch", body, true);
    }

    /**
     * Records the audit tags on the experiment, then calls MLflow's {@code experiments/delete}, which
     * deletes the experiment's runs with it (MLflow's SQL stores; its file store leaves the runs
     * active).
     */
    @Override
    public void deleteExperiment(String experimentId, Attribution by) {
        Map<String, String> audit = LifecycleAudit.deletion(by, clock.now());
        LifecycleChecks.requireTransition("experiment", experimentId, experimentStage(experimentId),
                LifecycleStage.DELETED);
        setExperimentTags(experimentId, audit);
        client.post("experiments/delete", json.createObjectNode().put("experiment_id", experimentId), false);
    }

    /** Calls MLflow's {@code experiments/restore}, which restores the runs too, then records the audit tags. */
    @Override
    public void restoreExperiment(String experimentId, Attribution by) {
        Map<String, String> audit = LifecycleAudit.restoration(by, clock.now());
        LifecycleChecks.requireTransition("experiment", experimentId, experimentStage(experimentId),
                LifecycleStage.ACTIVE);
        client.post("experiments/restore", json.createObjectNode().put("experiment_id", experimentId), false);
        setExperimentTags(experimentId, audit);
    }

    private void setExperimentTags(String experimentId, Map<String, String> tags) {
        for (Map.Entry<String, String> t : tags.entrySet()) {
            client.post("experiments/set-experiment-tag", json.createObjectNode().put("experiment_id", experimentId)
                    .put("key", t.getKey()).put("value", t.getValue()), true);
        }
    }

    private LifecycleStage experimentStage(String experimentId) {
        Objects.requireNonNull(experimentId, "experimentId");
        try {
            return RunCodec.lifecycleStage(client.get("experiments/get", Map.of("experiment_id", experimentId))
                    .path("experiment"));
        } catch (MlflowRequestException e) {
            if (e.isNotFound()) {
                throw new IllegalArgumentException("no experiment with id '" + experimentId + "'", e);
            }
            throw e;
        }
    }

    @Override
    public RunInfo createRun(String experimentId, RunConfig options) {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(options, "options");
        options.tags().keySet().forEach(MlflowTracker::checkNotReserved);
        Map<String, String> tags = new LinkedHashMap<>(options.tags());
        options.parentRunId().ifPresent(parent -> {
            requireRun(parent);
            tags.put(RunCodec.PARENT_TAG, parent);
        });
        ObjectNode body = json.createObjectNode().put("experiment_id", experimentId)
                .put("start_time", clock.now().toEpochMilli());
        options.name().ifPresent(n -> body.put("run_name", n));
        body.set("tags", RunCodec.keyValues(json, tags));
        try {
            // Not repeatable: a retry after the server acted would create a second run.
            return RunCodec.runInfo(client.post("runs/create", body, false).path("run"));
        } catch (MlflowRequestException e) {
            if (e.isNotFound()) {
                throw new IllegalArgumentException("no experiment with id '" + experimentId + "'", e);
            }
            throw e;
        } catch (IllegalArgumentException e) {
            if (MlflowErrors.isNotActive(e)) {
                throw new IllegalStateException("experiment " + experimentId + " is deleted; restore it"
                        + " (restoreExperiment) before creating runs in it", e);
            }
            throw new IllegalArgumentException("cannot create a run in experiment '" + experimentId + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(tags, "tags");
        TrackingLimits.checkTimestamps(metrics);
        tags.forEach(t -> checkNotReserved(t.key()));
        JsonNode run = requireRunning(runId);
        Map<String, String> logged = RunCodec.keyValues(run.path("data").path("params"));
        Map<String, String> incoming = new HashMap<>();
        List<Param> toSend = new ArrayList<>();
        for (Param p : params) {
            String prior = logged.containsKey(p.key()) ? logged.get(p.key()) : incoming.get(p.key());
            if (prior != null && !prior.equals(p.value())) {
                throw new ParamConflictException(runId, p.key(), prior, p.value());
            }
            if (prior == null) {
                incoming.put(p.key(), p.value());
                toSend.add(p);
            }
        }
        for (ObjectNode body : LogBatches.split(json, runId, metrics, toSend, tags)) {
            try {
                client.post("runs/log-batch", body, true);
            } catch (IllegalArgumentException e) {
                throw MlflowErrors.isParamChange(e) ? conflictAfterRace(runId, toSend, e) : e;
            }
        }
    }

    /**
     * Refuses MLflow's tags that hold a run's name and parent: MLflow renames the run on
     * {@code mlflow.runName} and takes {@code mlflow.parentRunId} as its parent, so they
     * would change {@link RunInfo#runName()} and {@link RunInfo#parentRunId()} instead of adding a tag.
     */
    private static void checkNotReserved(String tagKey) {
        if (tagKey.equals(RunCodec.RUN_NAME_TAG) || tagKey.equals(RunCodec.PARENT_TAG)) {
            throw new IllegalArgumentException("tag '" + tagKey + "' is reserved on MLflow, which reads it as the"
                    + " run's " + (tagKey.equals(RunCodec.RUN_NAME_TAG) ? "name (use RunConfig.name)"
                    : "parent (use RunConfig.parent)"));
        }
    }

    /** Another writer logged one of our params between our check and our write: name it. */
    private RuntimeException conflictAfterRace(String runId, List<Param> sent, IllegalArgumentException refusal) {
        Map<String, String> now = run(runId).map(RunInfo::params).orElse(Map.of());
        for (Param p : sent) {
            String stored = now.get(p.key());
            if (stored != null && !stored.equals(p.value())) {
                ParamConflictException conflict = new ParamConflictException(runId, p.key(), stored, p.value());
                conflict.addSuppressed(refusal);
                return conflict;
            }
        }
        return refusal;
    }

    @Override
    public void logArtifact(String runId, Path source, String artifactDir) {
        JsonNode run = requireRunning(runId);
        artifacts.upload(RunCodec.artifactRoot(run), ArtifactPaths.filesToCopy(source, artifactDir));
    }

    @Override
    public List<String> listArtifacts(String runId) {
        return artifacts.list(RunCodec.artifactRoot(requireRun(runId)));
    }

    @Override
    public InputStream openArtifact(String runId, String path) {
        if (ArtifactPaths.check(path).isEmpty()) {
            throw new IllegalArgumentException("artifact path must name a file but was empty");
        }
        return artifacts.open(RunCodec.artifactRoot(requireRun(runId)), path, runId);
    }

    @Override
    public void endRun(String runId, RunStatus status) {
        Objects.requireNonNull(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("a run can only end with a terminal status, not " + status);
        }
        JsonNode run = requireRun(runId);
        LifecycleChecks.requireActiveRun(runId, RunCodec.lifecycleStage(run.path("info")));
        RunStatus current = RunCodec.status(run);
        if (current != RunStatus.RUNNING) {
            throw new IllegalStateException("run " + runId + " has already ended as " + current);
        }
        client.post("runs/update", json.createObjectNode().put("run_id", runId).put("status", status.name())
                .put("end_time", clock.now().toEpochMilli()), true);
    }

    @Override
    public Optional<RunInfo> run(String runId) {
        return fetch(runId).map(RunCodec::runInfo);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Ordered by a metric, MLflow's stores put runs whose latest value is NaN before runs without
     * the metric, where {@link RunOrder} puts both in one group ordered by start time. Such a search
     * therefore reads the runs with a value in MLflow's metric order, then the rest in start-time
     * order, skipping the runs with a value; its page tokens say which (they start with
     * {@code v:} or {@code r:}, followed by the server's token). The second part
     * reads every run the filter selects, so ordering a large experiment by a metric few runs have is
     * slower than filtering on that metric first.
     */
    @Override
    public RunPage searchRuns(RunQuery query) {
        Objects.requireNonNull(query, "query");
        String filter = SearchSyntax.runFilter(query.filter());
        Optional<String> metric = query.order().metricKey();
        if (metric.isEmpty()) {
            JsonNode page = searchPage(query, filter, query.order(), query.maxResults(), query.pageToken().orElse(null));
            List<RunInfo> runs = new ArrayList<>();
            for (JsonNode r : page.path("runs")) {
                // Checked with the tags the server's search saw, returned without MLflow's own.
                if (query.filter().matches(RunCodec.runInfo(r, true))) {
                    runs.add(RunCodec.runInfo(r));
                }
            }
            return new RunPage(runs, Optional.ofNullable(nextToken(page)));
        }
        String key = metric.get();
        String token = query.pageToken().orElse(VALUES_TOKEN);
        List<RunInfo> runs = new ArrayList<>();
        int room = query.maxResults();
        if (token.startsWith(VALUES_TOKEN)) {
            JsonNode page = searchPage(query, filter, query.order(), room, serverToken(token));
            boolean restReached = false;
            for (JsonNode r : page.path("runs")) {
                RunInfo seen = RunCodec.runInfo(r, true);
                if (!hasValue(seen, key)) {
                    // MLflow orders NaN and missing values after every value: the rest follows.
                    restReached = true;
                    break;
                }
                if (query.filter().matches(seen)) {
                    runs.add(RunCodec.runInfo(r));
                }
            }
            String next = nextToken(page);
            if (!restReached) {
                return new RunPage(runs, Optional.ofNullable(next).map(t -> VALUES_TOKEN + t));
            }
            // A run without a value was on this page, so it held fewer than maxResults runs with one.
            room = query.maxResults() - runs.size();
            token = REST_TOKEN;
        } else if (!token.startsWith(REST_TOKEN)) {
            throw new IllegalArgumentException("page token '" + token + "' was not returned by a search ordered by"
                    + " a metric on MLflow (use a token returned by searchRuns for the same query)");
        }
        JsonNode page = searchPage(query, filter, RunOrder.newestFirst(), room, serverToken(token));
        for (JsonNode r : page.path("runs")) {
            RunInfo seen = RunCodec.runInfo(r, true);
            if (!hasValue(seen, key) && query.filter().matches(seen)) {
                runs.add(RunCodec.runInfo(r));
            }
        }
        return new RunPage(runs, Optional.ofNullable(nextToken(page)).map(t -> REST_TOKEN + t));
    }

    /** One {@code runs/search} request. */
    private JsonNode searchPage(RunQuery query, String filter, RunOrder order, int maxResults, String serverToken) {
        ObjectNode body = json.createObjectNode();
        ArrayNode ids = body.putArray("experiment_ids");
        query.experimentIds().forEach(ids::add);
        if (!filter.isEmpty()) {
            body.put("filter", filter);
        }
        body.put("run_view_type", query.viewType().name()).put("max_results", maxResults);
        ArrayNode orderBy = body.putArray("order_by");
        SearchSyntax.orderBy(order).forEach(orderBy::add);
        if (serverToken != null) {
            body.put("page_token", serverToken);
        }
        try {
            return client.post("runs/search", body, true);
        } catch (IllegalArgumentException e) {
            if (query.pageToken().isPresent()) {
                throw new IllegalArgumentException("MLflow refused the search with page token '"
                        + query.pageToken().get() + "' (use a token returned by searchRuns): " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The server's token inside one of ours; null for the first page of a part. */
    private static String serverToken(String token) {
        // Both prefixes are two characters long.
        String server = token.substring(2);
        return server.isEmpty() ? null : server;
    }

    private static boolean hasValue(RunInfo run, String key) {
        Metric m = run.latestMetrics().get(key);
        return m != null && !Double.isNaN(m.value());
    }

    @Override
    public List<Metric> metricHistory(String runId, String key) {
        TrackingLimits.checkKey(key, "metric");
        Objects.requireNonNull(runId, "runId");
        List<Metric> out = new ArrayList<>();
        String token = null;
        try {
            do {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("run_id", runId);
                query.put("metric_key", key);
                query.put("max_results", Integer.toString(HISTORY_PAGE));
                if (token != null) {
                    query.put("page_token", token);
                }
                JsonNode page = client.get("metrics/get-history", query);
                page.path("metrics").forEach(m -> out.add(RunCodec.metric(m)));
                token = nextToken(page);
            } while (token != null);
        } catch (MlflowRequestException e) {
            if (e.isNotFound()) {
                throw new RunNotFoundException(runId);
            }
            throw e;
        }
        if (out.isEmpty()) {
            // MLflow's SQL stores answer an unknown run with an empty history.
            requireRun(runId);
        }
        out.sort(Comparator.comparingLong(Metric::step).thenComparing(Metric::timestamp));
        return out;
    }

    /** Reads a run, deleted or not. */
    private Optional<JsonNode> fetch(String runId) {
        Objects.requireNonNull(runId, "runId");
        try {
            return Optional.of(client.get("runs/get", Map.of("run_id", runId)).path("run"));
        } catch (MlflowRequestException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private JsonNode requireRun(String runId) {
        return fetch(runId).orElseThrow(() -> new RunNotFoundException(runId));
    }

    private JsonNode requireRunning(String runId) {
        JsonNode run = requireRun(runId);
        LifecycleChecks.requireActiveRun(runId, RunCodec.lifecycleStage(run.path("info")));
        RunStatus status = RunCodec.status(run);
        if (status != RunStatus.RUNNING) {
            throw new IllegalStateException("run " + runId + " is " + status
                    + ": an ended run accepts no more params, metrics, tags or artifacts");
        }
        return run;
    }

    private static String nextToken(JsonNode page) {
        String token = page.path("next_page_token").asText("");
        return token.isEmpty() ? null : token;
    }

    @Override
    public String toString() {
        return "MlflowTracker[" + client.config().baseUri() + "]";
    }
}
