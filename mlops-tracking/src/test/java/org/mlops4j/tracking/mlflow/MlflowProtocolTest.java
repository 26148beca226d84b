package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.LifecycleStage;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.ParamConflictException;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.ViewType;
import org.mlops4j.tracking.mlflow.FakeMlflowServer.RecordedRequest;

/** What {@link MlflowTracker} puts on the wire, checked against the fake server's request record. */
class MlflowProtocolTest {

    @TempDir
    Path tempDir;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T09:00:00Z"));
    private FakeMlflowServer server;
    private MlflowTracker tracker;
    private Run run;

    @BeforeEach
    void start() throws Exception {
        server = new FakeMlflowServer(clock, tempDir.resolve("artifacts"));
        tracker = new MlflowTracker(MlflowConfig.of(server.uri()).withClock(clock)
                .withRetries(1, Duration.ofMillis(1)));
        run = tracker.startRun("fraud", RunConfig.ofDefaults().name("baseline").recordSource(false));
        server.clearRequests();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<RecordedRequest> batches() {
        return server.requests("runs/log-batch");
    }

    private List<Metric> metrics(String key, int count) {
        List<Metric> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new Metric(key, i, i, clock.now()));
        }
        return out;
    }

    private static List<Param> params(int count, String value) {
        List<Param> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new Param("p" + i, value));
        }
        return out;
    }

    @Test
    void twentyFiveHundredMetricsGoInThreeRequests() {
        tracker.logBatch(run.id(), metrics("loss", 2500), List.of(), List.of());

        assertThat(batches()).extracting(r -> r.json().path("metrics").size()).containsExactly(1000, 1000, 500);
        assertThat(tracker.metricHistory(run.id(), "loss")).hasSize(2500);
    }

    @Test
    void oneHundredFiftyParamsGoInTwoRequests() {
        tracker.logBatch(run.id(), List.of(), params(150, "v"), List.of());

        assertThat(batches()).extracting(r -> r.json().path("params").size()).containsExactly(100, 50);
        assertThat(run.info().params()).hasSize(150);
    }

    @Test
    void noRequestHoldsMoreThanOneThousandEntitiesParamsFirst() {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tags.add(new Tag("t" + i, "x"));
        }
        tracker.logBatch(run.id(), metrics("m", 900), params(100, "v"), tags);

        List<RecordedRequest> sent = batches();
        assertThat(sent).hasSize(2);
        JsonNode first = sent.get(0).json();
        assertThat(first.path("params").size()).isEqualTo(100);
        assertThat(first.path("tags").size()).isEqualTo(100);
        assertThat(first.path("metrics").size()).isEqualTo(800);
        assertThat(sent.get(1).json().path("metrics").size()).isEqualTo(100);
        assertThat(sent.get(1).json().has("params")).isFalse();
    }

    @Test
    void noRequestIsLargerThanOneMegabyte() {
        // 100 params of 6,000 two-byte characters: 1.2 MB, within the count limits.
        tracker.logBatch(run.id(), List.of(), params(100, "é".repeat(6000)), List.of());

        List<RecordedRequest> sent = batches();
        assertThat(sent).hasSizeGreaterThan(1)
                .allSatisfy(r -> assertThat(r.bodyBytes()).isLessThanOrEqualTo(LogBatches.MAX_BYTES));
        assertThat(sent.stream().mapToInt(r -> r.json().path("params").size()).sum()).isEqualTo(100);
        assertThat(run.info().params()).hasSize(100);
    }

    @Test
    void theFakeServerRefusesBatchesOverMlflowsLimits() {
        MlflowClient client = new MlflowClient(MlflowConfig.of(server.uri()));
        var body = client.json().createObjectNode().put("run_id", run.id());
        var array = body.putArray("params");
        for (int i = 0; i < 101; i++) {
            array.addObject().put("key", "p" + i).put("value", "v");
        }

        assertThatThrownBy(() -> client.post("runs/log-batch", body, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 100 params");
        assertThat(run.info().params()).isEmpty();
    }

    /**
     * mlops4j logs only timestamps from the epoch to 9999, but reads what another client wrote:
     * here microseconds by mistake (year 55,000 read as milliseconds), which MLflow accepts.
     */
    @Test
    void aTimestampAnotherClientWroteOutOfRangeIsStillRead() {
        MlflowClient client = new MlflowClient(MlflowConfig.of(server.uri()));
        long micros = 1_738_555_506_000_000L;
        var body = client.json().createObjectNode().put("run_id", run.id());
        body.putArray("metrics").addObject().put("key", "loss").put("value", 0.5).put("timestamp", micros)
                .put("step", 0);
        client.post("runs/log-batch", body, true);

        assertThat(tracker.metricHistory(run.id(), "loss")).singleElement()
                .satisfies(m -> assertThat(m.timestamp()).isEqualTo(java.time.Instant.ofEpochMilli(micros)));
        assertThat(run.info().metric("loss")).contains(0.5);
        assertThatThrownBy(() -> tracker.logMetric(run.id(), "loss", 0.4, 1, java.time.Instant.ofEpochMilli(micros)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'loss'");
    }

    @Test
    void aParamConflictSendsNothingAndRepeatedParamsAreNotResent() {
        run.logParam("lr", 0.1);
        server.clearRequests();

        assertThatThrownBy(() -> tracker.logBatch(run.id(), metrics("loss", 3), List.of(new Param("lr", "0.2")),
                List.of())).isInstanceOf(ParamConflictException.class);
        assertThatThrownBy(() -> tracker.logBatch(run.id(), List.of(),
                List.of(new Param("a", "1"), new Param("a", "2")), List.of()))
                .isInstanceOf(ParamConflictException.class);
        assertThat(batches()).isEmpty();

        run.logParam("lr", "0.1");
        assertThat(batches()).isEmpty();
    }

    @Test
    void nonFiniteMetricsTravelAsMlflowsStrings() {
        tracker.logBatch(run.id(), List.of(new Metric("a", Double.NaN, 0, clock.now()),
                new Metric("b", Double.POSITIVE_INFINITY, 0, clock.now()),
                new Metric("c", Double.NEGATIVE_INFINITY, 0, clock.now()),
                new Metric("d", 0.25, 3, clock.now())), List.of(), List.of());

        String body = batches().get(0).body();
        assertThat(body).contains("\"value\":\"NaN\"", "\"value\":\"Infinity\"", "\"value\":\"-Infinity\"",
                "\"value\":0.25", "\"step\":3", "\"timestamp\":" + clock.now().toEpochMilli());
        assertThat(RunCodec.readDouble(new com.fasterxml.jackson.databind.node.TextNode("-Infinity")))
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(run.info().metric("c")).contains(Double.NEGATIVE_INFINITY);
    }

    @Test
    void writesToAnEndedRunAreRefusedWithoutWriting() {
        run.close();
        server.clearRequests();

        assertThatThrownBy(() -> run.logMetric("loss", 1.0)).isInstanceOf(IllegalStateException.class);
        assertThat(server.requests()).extracting(RecordedRequest::endpoint).containsExactly("runs/get");
    }

    @Test
    void runsAreCreatedWithOurClockNameTagsAndParentTag() {
        String experiment = run.experimentId();
        clock.advance(Duration.ofSeconds(5));
        tracker.createRun(experiment, RunConfig.ofDefaults().name("trial-1").parent(run.id()).tag("team", "risk"));

        JsonNode create = server.requests("runs/create").get(0).json();
        assertThat(create.path("start_time").asLong()).isEqualTo(clock.now().toEpochMilli());
        assertThat(create.path("run_name").asText()).isEqualTo("trial-1");
        assertThat(RunCodec.keyValues(create.path("tags")))
                .containsEntry("team", "risk").containsEntry("mlflow.parentRunId", run.id());
        assertThat(server.requests("runs/get")).extracting(r -> r.query().get("run_id")).containsExactly(run.id());
    }

    @Test
    void endingSendsStatusAndEndTime() {
        clock.advance(Duration.ofMinutes(2));
        run.close();

        JsonNode update = server.requests("runs/update").get(0).json();
        assertThat(update.path("status").asText()).isEqualTo("FINISHED");
        assertThat(update.path("end_time").asLong()).isEqualTo(clock.now().toEpochMilli());
    }

    @Test
    void searchSendsFilterOrderPageSizeAndTheServersToken() {
        for (int i = 0; i < 3; i++) {
            tracker.createRun(run.experimentId(), RunConfig.ofDefaults().name("n" + i));
            clock.advance(Duration.ofSeconds(1));
        }
        server.clearRequests();
        RunQuery query = RunQuery.in(run.experimentId()).filter(RunFilter.param("missing").ne("x").and(RunFilter.all()))
                .maxResults(2);

        tracker.searchRuns(RunQuery.in(run.experimentId()).filter(RunFilter.runName("n1")));
        var page = tracker.searchRuns(RunQuery.in(run.experimentId()).maxResults(2));
        tracker.searchRuns(RunQuery.in(run.experimentId()).maxResults(2).pageToken(page.nextPageToken().orElseThrow()));
        tracker.searchRuns(query);

        List<RecordedRequest> searches = server.requests("runs/search");
        JsonNode first = searches.get(0).json();
        assertThat(first.path("filter").asText()).isEqualTo("attributes.run_name = 'n1'");
        assertThat(first.path("order_by").get(0).asText()).isEqualTo("attributes.start_time DESC");
        assertThat(first.path("experiment_ids").get(0).asText()).isEqualTo(run.experimentId());
        assertThat(searches.get(1).json().path("max_results").asInt()).isEqualTo(2);
        assertThat(searches.get(2).json().path("page_token").asText()).isEqualTo(page.nextPageToken().get());
        assertThat(searches.get(3).json().path("filter").asText()).isEqualTo("params.`missing` != 'x'");
    }

    @Test
    void tagsMlflowReadsAsTheRunsNameOrParentAreRefusedBeforeSending() {
        server.clearRequests();

        assertThatThrownBy(() -> run.setTag("mlflow.runName", "other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mlflow.runName'")
                .hasMessageContaining("RunConfig.name");
        assertThatThrownBy(() -> tracker.logBatch(run.id(), List.of(), List.of(),
                List.of(new Tag("ok", "1"), new Tag("mlflow.parentRunId", "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mlflow.parentRunId'")
                .hasMessageContaining("parent (use RunConfig.parent)");
        assertThatThrownBy(() -> tracker.createRun(run.experimentId(), RunConfig.ofDefaults().tag("mlflow.runName", "n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mlflow.runName'");
        assertThat(server.requests()).isEmpty();
        run.setTag("mlflow.note", "other mlflow.* tags are fine");
        assertThat(run.info().tags()).containsEntry("mlflow.note", "other mlflow.* tags are fine");
    }

    @Test
    void aDirectoryWithAPathMlflowRefusesSendsNoFileAtAll() throws Exception {
        Path dir = Files.createDirectories(tempDir.resolve("out"));
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.writeString(dir.resolve("issue #7.txt"), "b");
        server.clearRequests();

        assertThatThrownBy(() -> run.logArtifact(dir, "docs"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'docs/issue #7.txt'");
        assertThatThrownBy(() -> run.logArtifact(dir.resolve("a.txt"), "x/%2e%2E"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x/%2e%2E/a.txt'");
        assertThat(server.requests()).filteredOn(r -> r.method().equals("PUT")).isEmpty();
        RunArtifacts.checkAcceptedByMlflow("100%/50%25 of it.txt");
    }

    @Test
    void artifactsAreUploadedUnderTheRunsProxyPath() throws Exception {
        Path file = Files.writeString(tempDir.resolve("my report.txt"), "hello");
        run.logArtifact(file, "charts/q1");

        String root = run.experimentId() + "/" + run.id() + "/artifacts";
        List<RecordedRequest> puts = server.requests().stream().filter(r -> r.method().equals("PUT")).toList();
        assertThat(puts).extracting(RecordedRequest::path)
                .containsExactly(FakeMlflowServer.ARTIFACTS + "/" + root + "/charts/q1/my report.txt");
        assertThat(puts.get(0).body()).isEqualTo("hello");
        assertThat(server.artifactRoot().resolve(root).resolve("charts/q1/my report.txt")).hasContent("hello");

        server.clearRequests();
        assertThat(tracker.listArtifacts(run.id())).containsExactly("charts/q1/my report.txt");
        assertThat(server.requests()).filteredOn(r -> r.path().equals(FakeMlflowServer.ARTIFACTS))
                .extracting(r -> r.query().get("path"))
                .containsExactly(root, root + "/charts", root + "/charts/q1");
    }

    @Test
    void anExperimentDeletedByAnotherClientIsFoundDeletedAndItsNameStaysTaken() {
        MlflowClient client = new MlflowClient(MlflowConfig.of(server.uri()));
        client.post("experiments/delete", client.json().createObjectNode().put("experiment_id", run.experimentId()),
                true);

        assertThat(tracker.experiment("fraud")).get().extracting(Experiment::lifecycleStage)
                .isEqualTo(LifecycleStage.DELETED);
        assertThat(tracker.experiments()).isEmpty();
        assertThat(tracker.experiments(ViewType.DELETED_ONLY)).extracting(Experiment::name).containsExactly("fraud");
        assertThat(tracker.run(run.id())).get().extracting(RunInfo::lifecycleStage).isEqualTo(LifecycleStage.DELETED);
        assertThatThrownBy(() -> tracker.getOrCreateExperiment("fraud"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'fraud' (id " + run.experimentId()
                        + ") is deleted");
    }

    @Test
    void aMissingArtifactIsFoundMissingByListingNotByAFailedDownload() {
        assertThatThrownBy(() -> tracker.openArtifact(run.id(), "eval/none.json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eval/none.json");

        assertThat(server.requests()).extracting(r -> r.method() + " " + r.path())
                .containsExactly("GET /api/2.0/mlflow/runs/get", "GET " + FakeMlflowServer.ARTIFACTS);
    }

    @Test
    void metricHistoryFollowsTheServersPages() {
        // MLflow 2.12.2 answers with the whole history (RealMlflowRunTest); a server may page it.
        server.tracking().pageHistory(25_000);
        tracker.logBatch(run.id(), metrics("loss", 25_001), List.of(), List.of());
        server.clearRequests();

        List<Metric> history = tracker.metricHistory(run.id(), "loss");

        assertThat(history).hasSize(25_001);
        assertThat(history.get(25_000).step()).isEqualTo(25_000L);
        List<RecordedRequest> pages = server.requests("metrics/get-history");
        assertThat(pages).hasSize(2);
        assertThat(pages.get(1).query()).containsKey("page_token");
        assertThat(pages.get(0).query()).containsAllEntriesOf(Map.of("run_id", run.id(), "metric_key", "loss"));
    }

    @Test
    void aMetricOrderedSearchRechecksTheServersMatchesAndRefusesAForeignToken() {
        String exp = run.experimentId();
        // The fake, like MLflow's SQL store, compares a NaN metric as 0: the server matches "a".
        try (Run a = tracker.startRun("fraud", RunConfig.ofDefaults().name("a").recordSource(false));
             Run b = tracker.startRun("fraud", RunConfig.ofDefaults().name("b").recordSource(false))) {
            a.logMetric("acc", 0.9).logMetric("loss", Double.NaN);
            b.logMetric("acc", 0.8).logMetric("loss", 0.0);
        }
        org.mlops4j.tracking.RunQuery query = org.mlops4j.tracking.RunQuery.in(exp)
                .filter(org.mlops4j.tracking.RunFilter.metric("loss").eq(0.0))
                .orderBy(org.mlops4j.tracking.RunOrder.byMetric("acc", org.mlops4j.tracking.Goal.MAX));

        assertThat(tracker.searchRuns(query).runs()).extracting(org.mlops4j.tracking.RunInfo::runName)
                .containsExactly("b");
        assertThatThrownBy(() -> tracker.searchRuns(query.pageToken("x:1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("page token 'x:1' was not returned by a search ordered by a metric");
    }
}
