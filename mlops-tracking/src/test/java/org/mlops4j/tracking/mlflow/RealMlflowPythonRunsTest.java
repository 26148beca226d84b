package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.tracking.InMemoryTracker;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.RunStatus;

/**
 * Runs written by MLflow's own Python client read through {@link MlflowTracker}, and runs written
 * by the tracker read by the Python client, on a real MLflow server (skipped unless
 * {@value RealMlflowServer#ENV} is set and MLflow's Python package is found: {@value MlflowPython#ENV}
 * names it, else a {@code shared/mlflow-server/python} folder above the working directory).
 */
class RealMlflowPythonRunsTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T09:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private MlflowTracker tracker;

    @TempDir
    Path tempDir;

    @BeforeEach
    void emptyServer() {
        RealMlflowServer.reset();
        tracker = new MlflowTracker(RealMlflowServer.config(clock));
    }

    @Test
    void aRunLoggedByMlflowsPythonClientReadsBack() throws Exception {
        python("""
                import mlflow
                mlflow.set_experiment("from-python")
                with mlflow.start_run(run_name="py-run"):
                    mlflow.log_param("lr", 0.1)
                    mlflow.set_tag("team", "risk")
                    mlflow.log_metric("loss", float("inf"))
                    for step in range(3):
                        mlflow.log_metric("acc", 0.5 + step / 10, step=step)
                print("{}")
                """);

        String exp = tracker.experiment("from-python").orElseThrow().id();
        RunInfo run = tracker.searchRuns(RunQuery.in(exp).filter(RunFilter.param("lr").eq("0.1"))).runs().get(0);
        assertThat(run.runName()).isEqualTo("py-run");
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.endTime()).isPresent();
        assertThat(run.tags()).containsEntry("team", "risk").containsKeys("mlflow.user", "mlflow.source.name")
                .doesNotContainKey("mlflow.runName");
        assertThat(run.metric("loss")).contains(Double.POSITIVE_INFINITY);
        assertThat(run.metric("acc")).contains(0.7);
        assertThat(tracker.metricHistory(run.runId(), "acc")).extracting(Metric::step).containsExactly(0L, 1L, 2L);
        assertThat(tracker.searchRuns(RunQuery.in(exp).filter(RunFilter.metric("loss").ge(Double.POSITIVE_INFINITY)))
                .runs()).hasSize(1);
    }

    @Test
    void aRunLoggedByTheTrackerReadsBackInMlflowsPythonClient() throws Exception {
        String parentId;
        String childId;
        try (Run parent = tracker.startRun("from-java", RunConfig.ofDefaults().name("sweep").recordSource(false))) {
            parentId = parent.id();
            try (Run child = tracker.startRun("from-java", RunConfig.ofDefaults().name("trial-1").parent(parent.id())
                    .tag("team", "risk").recordSource(false))) {
                childId = child.id();
                child.logParam("lr", 0.1).logMetric("loss", 0.25, 0).logMetric("loss", 0.125, 1)
                        .logText("caf\u00E9", "notes/readme.txt");
            }
        }

        JsonNode read = python("""
                import json, sys, mlflow
                from mlflow.tracking import MlflowClient
                c = MlflowClient()
                r = c.get_run(sys.argv[1])
                hist = [[m.step, m.value] for m in c.get_metric_history(r.info.run_id, "loss")]
                path = c.download_artifacts(r.info.run_id, "notes/readme.txt", sys.argv[2])
                print(json.dumps({"name": r.info.run_name, "status": r.info.status, "params": r.data.params,
                    "tags": r.data.tags, "metrics": r.data.metrics, "history": hist,
                    "start": r.info.start_time, "end": r.info.end_time,
                    "artifact": open(path, encoding="utf-8").read()}))
                """, childId, tempDir.toString());

        assertThat(read.path("name").asText()).isEqualTo("trial-1");
        assertThat(read.path("status").asText()).isEqualTo("FINISHED");
        assertThat(read.path("params").path("lr").asText()).isEqualTo("0.1");
        assertThat(read.path("tags").path("team").asText()).isEqualTo("risk");
        assertThat(read.path("tags").path("mlflow.parentRunId").asText()).isEqualTo(parentId);
        assertThat(read.path("metrics").path("loss").asDouble()).isEqualTo(0.125);
        assertThat(read.path("history").toString()).isEqualTo("[[0,0.25],[1,0.125]]");
        assertThat(read.path("start").asLong()).isEqualTo(clock.now().toEpochMilli());
        assertThat(read.path("end").asLong()).isEqualTo(clock.now().toEpochMilli());
        assertThat(read.path("artifact").asText()).isEqualTo("caf\u00E9");
    }

    @Test
    void mlflowsFileStoreSelectsTheSameRunsForTheInfinityFiltersTheTrackerWrites() throws Exception {
        // loss: r0 +Infinity, r1 1e308, r2 0.5, r3 -Infinity, r4 NaN, r5 none, r6 -1e308.
        double[] loss = {INF, 1e308, 0.5, -INF, Double.NaN, -1, -1e308};
        InMemoryTracker memory = new InMemoryTracker(clock, tempDir.resolve("memory"));
        String exp = memory.getOrCreateExperiment("inf").id();
        for (int i = 0; i < loss.length; i++) {
            RunInfo run = memory.createRun(exp, RunConfig.ofDefaults().name("r" + i));
            if (loss[i] != -1) {
                memory.logBatch(run.runId(), List.of(new Metric("loss", loss[i], 0, clock.now())), List.of(), List.of());
            }
        }
        List<RunFilter> filters = new ArrayList<>();
        for (double bound : new double[] {INF, -INF, Double.MAX_VALUE, -Double.MAX_VALUE, 1e308}) {
            filters.addAll(List.of(RunFilter.metric("loss").eq(bound), RunFilter.metric("loss").ne(bound),
                    RunFilter.metric("loss").gt(bound), RunFilter.metric("loss").ge(bound),
                    RunFilter.metric("loss").lt(bound), RunFilter.metric("loss").le(bound)));
        }
        ArrayNode written = json.createArrayNode();
        filters.forEach(f -> written.add(SearchSyntax.runFilter(f)));
        Path filterFile = Files.writeString(tempDir.resolve("filters.json"), written.toString());

        JsonNode found = python("""
                import json, math, sys
                from mlflow.entities import Metric, ViewType
                from mlflow.store.tracking.file_store import FileStore
                store = FileStore(sys.argv[1])
                exp = store.create_experiment("inf")
                names = {}
                loss = [math.inf, 1e308, 0.5, -math.inf, math.nan, None, -1e308]
                for i, v in enumerate(loss):
                    run = store.create_run(exp, "", 1000 + i, [], "r%d" % i)
                    names[run.info.run_id] = "r%d" % i
                    if v is not None:
                        store.log_metric(run.info.run_id, Metric("loss", v, 0, 0))
                out = []
                for f in json.load(open(sys.argv[2])):
                    out.append(sorted(names[r.info.run_id] for r in store.search_runs([exp], f, ViewType.ALL)))
                print(json.dumps(out))
                """, tempDir.resolve("mlruns").toString(), filterFile.toString());

        List<String> differences = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            if (written.get(i).asText().isEmpty()) {
                continue; // Every run with a value satisfies it; the tracker's re-check does the rest.
            }
            RunFilter filter = filters.get(i);
            List<String> expected = memory.searchRuns(RunQuery.in(exp).filter(filter)).runs().stream()
                    .map(RunInfo::runName).sorted().toList();
            List<String> actual = new ArrayList<>();
            // The file store compares NaN as Python does (NaN != x holds); the tracker's re-check drops it.
            found.get(i).forEach(n -> actual.add(n.asText()));
            actual.remove("r4");
            List<String> extra = new ArrayList<>(actual);
            extra.removeAll(expected);
            // A superset is enough, as the tracker checks each run again; only the infinite runs may be
            // extra (gt(Infinity) and eq(MAX_VALUE) are sent as >= MAX_VALUE, matching nothing once read).
            if (!actual.containsAll(expected) || !List.of("r0", "r3").containsAll(extra)) {
                differences.add(written.get(i).asText().replaceAll("\\d{20,}", "<MAX>") + ": file store " + actual
                        + ", in memory " + expected);
            }
        }
        assertThat(differences).isEmpty();
    }

    /** Runs a Python script with MLflow's client against the test server; parses its last line as JSON. */
    private JsonNode python(String script, String... args) throws IOException, InterruptedException {
        Path file = Files.writeString(tempDir.resolve("script.py"), script, StandardCharsets.UTF_8);
        List<String> arguments = new ArrayList<>(List.of("-W", "ignore", file.toString()));
        arguments.addAll(List.of(args));
        String out = MlflowPython.run(tempDir, Duration.ofSeconds(120), Map.of("MLFLOW_TRACKING_URI",
                RealMlflowServer.uri().toString(), "GIT_PYTHON_REFRESH", "quiet"), arguments).strip();
        return json.readTree(out.substring(out.lastIndexOf('\n') + 1));
    }
}
