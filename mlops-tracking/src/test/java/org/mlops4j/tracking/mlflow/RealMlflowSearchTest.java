package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.tracking.InMemoryTracker;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.Tracker;

/**
 * Searches on a real MLflow server where its SQL store differs from the other stores: infinities
 * kept as +/-{@code Double.MAX_VALUE}, NaN compared as 0, and quoting in filter strings (skipped
 * unless {@value RealMlflowServer#ENV} is set).
 */
class RealMlflowSearchTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T09:00:00Z"));
    private MlflowTracker mlflow;
    private MlflowClient client;

    @TempDir
    Path tempDir;

    @BeforeEach
    void emptyServer() {
        RealMlflowServer.reset();
        mlflow = new MlflowTracker(RealMlflowServer.config(clock));
        client = new MlflowClient(RealMlflowServer.config(clock));
    }

    /** loss: r0 +Infinity, r1 1e308, r2 0.5, r3 -Infinity, r4 NaN, r5 none, r6 -1e308. */
    private static final double[] LOSS = {INF, 1e308, 0.5, -INF, Double.NaN, -1, -1e308};

    private String seed(Tracker tracker) {
        String exp = tracker.getOrCreateExperiment("inf").id();
        for (int i = 0; i < LOSS.length; i++) {
            RunInfo run = tracker.createRun(exp, RunConfig.ofDefaults().name("r" + i));
            List<Metric> metrics = LOSS[i] == -1 ? List.of() : List.of(new Metric("loss", LOSS[i], 0, clock.now()));
            tracker.logBatch(run.runId(), metrics, List.of(), List.of());
            clock.advance(Duration.ofSeconds(1));
        }
        return exp;
    }

    private static List<String> names(Tracker tracker, String exp, RunFilter filter) {
        return tracker.searchRuns(RunQuery.in(exp).filter(filter)).runs().stream().map(RunInfo::runName).toList();
    }

    @Test
    void filtersOnInfinitiesFindTheSameRunsAsTheInMemoryStore() {
        String onMlflow = seed(mlflow);
        Tracker memory = new InMemoryTracker(clock, tempDir);
        String inMemory = seed(memory);
        Map<String, RunFilter> filters = new LinkedHashMap<>();
        for (double bound : new double[] {INF, -INF, Double.MAX_VALUE, -Double.MAX_VALUE, 1e308}) {
            filters.put("= " + bound, RunFilter.metric("loss").eq(bound));
            filters.put("!= " + bound, RunFilter.metric("loss").ne(bound));
            filters.put("> " + bound, RunFilter.metric("loss").gt(bound));
            filters.put(">= " + bound, RunFilter.metric("loss").ge(bound));
            filters.put("< " + bound, RunFilter.metric("loss").lt(bound));
            filters.put("<= " + bound, RunFilter.metric("loss").le(bound));
        }
        List<String> differences = new ArrayList<>();
        filters.forEach((text, filter) -> {
            List<String> expected = names(memory, inMemory, filter);
            List<String> actual = names(mlflow, onMlflow, filter);
            if (!actual.equals(expected)) {
                differences.add("loss " + text + ": MLflow " + actual + ", in memory " + expected);
            }
        });

        assertThat(differences).isEmpty();
        assertThat(names(mlflow, onMlflow, RunFilter.metric("loss").ge(INF))).containsExactly("r0");
        assertThat(names(mlflow, onMlflow, RunFilter.metric("loss").le(-INF))).containsExactly("r3");
        assertThat(names(mlflow, onMlflow, RunFilter.metric("loss").le(INF)))
                .containsExactly("r6", "r3", "r2", "r1", "r0");
        assertThat(names(mlflow, onMlflow, RunFilter.metric("loss").ne(INF))).containsExactly("r6", "r3", "r2", "r1");
    }

    @Test
    void theSqlStoreKeepsInfinityAsTheLargestDoubleAndAnInfiniteLiteralFindsNothing() {
        String exp = seed(mlflow);
        String r0 = mlflow.searchRuns(RunQuery.in(exp).filter(RunFilter.runName("r0"))).runs().get(0).runId();

        JsonNode stored = client.get("runs/get", Map.of("run_id", r0)).path("run").path("data").path("metrics").get(0);
        assertThat(stored.path("value").isNumber()).isTrue();
        assertThat(stored.path("value").doubleValue()).isEqualTo(Double.MAX_VALUE);
        // What the tracker wrote for an infinite bound before: MLflow's float() reads it as
        // Infinity, which no stored MAX_VALUE reaches.
        assertThat(rawSearch(exp, "metrics.`loss` >= 1e309")).isEmpty();
        assertThat(rawSearch(exp, "metrics.`loss` >= " + SearchSyntax.number(Double.MAX_VALUE))).containsExactly(r0);
        assertThat(mlflow.run(r0).orElseThrow().metric("loss")).contains(INF);
        assertThat(mlflow.metricHistory(r0, "loss").get(0).value()).isEqualTo(INF);
    }

    @Test
    void aGenuineMaxValueReadsBackAsInfinity() {
        String exp = mlflow.getOrCreateExperiment("max").id();
        RunInfo run = mlflow.createRun(exp, RunConfig.ofDefaults().name("max"));
        mlflow.logBatch(run.runId(), List.of(new Metric("big", Double.MAX_VALUE, 0, clock.now()),
                new Metric("almost", Math.nextDown(Double.MAX_VALUE), 0, clock.now())), List.of(), List.of());

        RunInfo read = mlflow.run(run.runId()).orElseThrow();
        assertThat(read.metric("big")).contains(INF);
        assertThat(read.metric("almost")).contains(Math.nextDown(Double.MAX_VALUE));
        assertThat(names(mlflow, exp, RunFilter.metric("big").eq(INF))).containsExactly("max");
    }

    @Test
    void theServerComparesNaNAsZeroButTheTrackerDoesNot() {
        String exp = mlflow.getOrCreateExperiment("nan").id();
        RunInfo run = mlflow.createRun(exp, RunConfig.ofDefaults().name("nan"));
        mlflow.logBatch(run.runId(), List.of(new Metric("acc", Double.NaN, 0, clock.now())), List.of(), List.of());

        assertThat(rawSearch(exp, "metrics.`acc` = 0")).containsExactly(run.runId());
        assertThat(names(mlflow, exp, RunFilter.metric("acc").eq(0.0))).isEmpty();
        assertThat(names(mlflow, exp, RunFilter.metric("acc").le(INF))).isEmpty();
    }

    @Test
    void quotesBackslashesAndUnicodeInValuesAreFoundExactly() {
        String exp = mlflow.getOrCreateExperiment("quotes").id();
        List<String> values = List.of("it's", "say \"hi\"", "back\\slash", "a\\'b", "50% of_all", "na\u00EFve \u2713",
                "", " padded ");
        for (int i = 0; i < values.size(); i++) {
            RunInfo run = mlflow.createRun(exp, RunConfig.ofDefaults().name("q" + i));
            mlflow.logBatch(run.runId(), List.of(), List.of(new Param("note", values.get(i))), List.of());
        }
        for (int i = 0; i < values.size(); i++) {
            assertThat(names(mlflow, exp, RunFilter.param("note").eq(values.get(i)))).as(values.get(i))
                    .containsExactly("q" + i);
            assertThat(names(mlflow, exp, RunFilter.param("note").ne(values.get(i)))).as(values.get(i))
                    .hasSize(values.size() - 1).doesNotContain("q" + i);
        }
    }

    private List<String> rawSearch(String exp, String filter) {
        ObjectNode body = client.json().createObjectNode().put("filter", filter);
        body.putArray("experiment_ids").add(exp);
        List<String> ids = new ArrayList<>();
        client.post("runs/search", body, true).path("runs").forEach(r -> ids.add(RunCodec.runId(r)));
        return ids;
    }
}
