package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.Tag;

/**
 * Runs on a real MLflow server beyond the tracker contract: generated names, identical metric
 * points, long histories, large batches and artifact names (skipped unless
 * {@value RealMlflowServer#ENV} is set).
 */
class RealMlflowRunTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T09:00:00Z"));
    private MlflowTracker tracker;
    private MlflowClient client;
    private String experiment;

    @TempDir
    Path tempDir;

    @BeforeEach
    void emptyServer() {
        RealMlflowServer.reset();
        tracker = new MlflowTracker(RealMlflowServer.config(clock));
        client = new MlflowClient(RealMlflowServer.config(clock));
        experiment = tracker.getOrCreateExperiment("runs").id();
    }

    @Test
    void aRunWithoutANameGetsTheServersGeneratedNameAndNoNameTag() {
        RunInfo run = tracker.createRun(experiment, RunConfig.ofDefaults());

        JsonNode raw = client.get("runs/get", Map.of("run_id", run.runId())).path("run");
        String serverName = raw.path("info").path("run_name").asText();
        // MLflow 2.12.2 names it <adjective>-<noun>-<number>, also in its mlflow.runName tag.
        assertThat(serverName).matches("[a-z]+-[a-z]+-\\d+");
        assertThat(RunCodec.keyValues(raw.path("data").path("tags"))).containsEntry("mlflow.runName", serverName);
        assertThat(raw.path("info").path("user_id").asText()).isEmpty();
        assertThat(run.runName()).isEqualTo(serverName);
        assertThat(run.tags()).doesNotContainKey("mlflow.runName");
        assertThat(tracker.searchRuns(RunQuery.in(experiment).filter(RunFilter.runName(serverName))).runs())
                .extracting(RunInfo::runId).containsExactly(run.runId());
    }

    @Test
    void theTagsMlflowReadsAsNameAndParentAreRefused() {
        RunInfo run = tracker.createRun(experiment, RunConfig.ofDefaults().name("orig"));
        // What MLflow does with them when another client sets them: the run is renamed and re-parented.
        ObjectNode body = client.json().createObjectNode().put("run_id", run.runId());
        body.putArray("tags").add(RunCodec.keyValue(client.json(), "mlflow.runName", "renamed"))
                .add(RunCodec.keyValue(client.json(), "mlflow.parentRunId", "nope"));
        client.post("runs/log-batch", body, true);
        RunInfo changed = tracker.run(run.runId()).orElseThrow();
        assertThat(changed.runName()).isEqualTo("renamed");
        assertThat(changed.parentRunId()).contains("nope");

        assertThatThrownBy(() -> tracker.setTag(run.runId(), "mlflow.runName", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mlflow.runName'");
        assertThatThrownBy(() -> tracker.createRun(experiment, RunConfig.ofDefaults().tag("mlflow.parentRunId", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mlflow.parentRunId'");
        assertThat(tracker.run(run.runId()).orElseThrow().runName()).isEqualTo("renamed");
    }

    @Test
    void identicalMetricPointsAreKeptOnceByTheSqlStore() {
        RunInfo run = tracker.createRun(experiment, RunConfig.ofDefaults().name("dup"));
        Metric point = new Metric("loss", 0.5, 3, clock.now());
        tracker.logBatch(run.runId(), List.of(point, point), List.of(), List.of());
        tracker.logBatch(run.runId(), List.of(point, new Metric("loss", 0.25, 3, clock.now())), List.of(), List.of());

        // Its metrics table's key is (key, timestamp, step, run, value, is_nan): the repeats are dropped.
        assertThat(tracker.metricHistory(run.runId(), "loss")).extracting(Metric::value).containsExactly(0.25, 0.5);
        assertThat(tracker.run(run.runId()).orElseThrow().metric("loss")).contains(0.5);
    }

    @Test
    void aHistoryOfThirtyThousandValuesComesWholeInOneResponse() {
        RunInfo run = tracker.createRun(experiment, RunConfig.ofDefaults().name("long"));
        List<Metric> values = new ArrayList<>();
        for (int step = 0; step < 30_000; step++) {
            values.add(new Metric("loss", 1.0 / (step + 1), step, clock.now().plusMillis(step)));
        }
        tracker.logBatch(run.runId(), values, List.of(), List.of());

        JsonNode raw = client.get("metrics/get-history", Map.of("run_id", run.runId(), "metric_key", "loss",
                "max_results", "100"));
        // MLflow 2.12.2 ignores max_results here and sends no page token.
        assertThat(raw.path("metrics")).hasSize(30_000);
        assertThat(raw.has("next_page_token")).isFalse();
        List<Metric> history = tracker.metricHistory(run.runId(), "loss");
        assertThat(history).hasSize(30_000).isEqualTo(values);
    }

    @Test
    void aBatchOverOneMegabyteIsSplitAndArrivesWhole() {
        RunInfo run = tracker.createRun(experiment, RunConfig.ofDefaults().name("big"));
        List<Param> params = new ArrayList<>();
        List<Tag> tags = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            params.add(new Param("p" + i, Character.toString('a' + i % 26).repeat(6000)));
            tags.add(new Tag("t" + i, "\u00FC".repeat(5000)));
        }
        for (int i = 0; i < 2500; i++) {
            metrics.add(new Metric("m" + i % 7, i, i, clock.now()));
        }
        List<ObjectNode> requests = LogBatches.split(client.json(), run.runId(), metrics, params, tags);
        assertThat(requests).hasSizeGreaterThanOrEqualTo(4);

        tracker.logBatch(run.runId(), metrics, params, tags);

        RunInfo read = tracker.run(run.runId()).orElseThrow();
        Map<String, String> expectedParams = new LinkedHashMap<>();
        params.forEach(p -> expectedParams.put(p.key(), p.value()));
        Map<String, String> expectedTags = new LinkedHashMap<>();
        tags.forEach(t -> expectedTags.put(t.key(), t.value()));
        assertThat(read.params()).isEqualTo(expectedParams);
        assertThat(read.tags()).containsAllEntriesOf(expectedTags);
        assertThat(read.latestMetrics()).hasSize(7);
        assertThat(tracker.metricHistory(run.runId(), "m0")).hasSize(358);
    }

    @Test
    void mlflowDoesNotEnforceItsOneMegabyteLimitSoTheSplitIsOnlyPrudence() {
        RunInfo run = tracker.createRun(experiment, RunConfig.ofDefaults().name("raw"));
        ObjectNode body = client.json().createObjectNode().put("run_id", run.runId());
        for (int i = 0; i < 100; i++) {
            body.withArray("params").add(RunCodec.keyValue(client.json(), "p" + i, "x".repeat(6000)));
            body.withArray("tags").add(RunCodec.keyValue(client.json(), "t" + i, "y".repeat(5000)));
        }
        assertThat(body.toString().length()).isGreaterThan(1_100_000);

        // 2.12.2 checks len() of the parsed JSON object (its number of fields), not its bytes.
        client.post("runs/log-batch", body, true);

        assertThat(tracker.run(run.runId()).orElseThrow().params()).hasSize(100);
    }

    @Test
    void artifactsWithSpacesUnicodeAndEmptyFilesRoundTrip() throws IOException {
        Path dir = Files.createDirectories(tempDir.resolve("out/sub dir"));
        Files.writeString(dir.resolve("r\u00E9sum\u00E9 1.txt"), "caf\u00E9", StandardCharsets.UTF_8);
        Files.write(tempDir.resolve("out/empty.bin"), new byte[0]);
        byte[] binary = new byte[300_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31);
        }
        Files.write(tempDir.resolve("out/model.bin"), binary);
        RunInfo run = tracker.createRun(experiment, RunConfig.ofDefaults().name("files"));

        tracker.logArtifact(run.runId(), tempDir.resolve("out"), "a b");

        assertThat(tracker.listArtifacts(run.runId())).containsExactly("a b/empty.bin", "a b/model.bin",
                "a b/sub dir/r\u00E9sum\u00E9 1.txt");
        try (InputStream in = tracker.openArtifact(run.runId(), "a b/sub dir/r\u00E9sum\u00E9 1.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("caf\u00E9");
        }
        try (InputStream in = tracker.openArtifact(run.runId(), "a b/empty.bin")) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        try (InputStream in = tracker.openArtifact(run.runId(), "a b/model.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(binary);
        }
    }

    @Test
    void aPathMlflowWouldRefuseIsRefusedBeforeAnyFileIsSent() throws IOException {
        Path dir = Files.createDirectories(tempDir.resolve("out"));
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.writeString(dir.resolve("issue #7.txt"), "b");
        Files.writeString(dir.resolve("z.txt"), "z");
        RunInfo run = tracker.createRun(experiment, RunConfig.ofDefaults().name("hash"));

        // What MLflow answers when asked directly.
        Path single = Files.writeString(tempDir.resolve("x.txt"), "x");
        String root = RunCodec.artifactRoot(client.get("runs/get", Map.of("run_id", run.runId())).path("run"));
        assertThatThrownBy(() -> client.upload(root + "/issue #7.txt", single))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid path");
        assertThatThrownBy(() -> client.upload(root + "/issue %2523.txt", single))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid path");

        assertThatThrownBy(() -> tracker.logArtifact(run.runId(), dir, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'issue #7.txt'");
        assertThatThrownBy(() -> tracker.logArtifact(run.runId(), single, "50%2523"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'50%2523/x.txt'");
        assertThat(tracker.listArtifacts(run.runId())).isEmpty();
        tracker.logArtifact(run.runId(), single, "100%");
        assertThat(tracker.listArtifacts(run.runId())).containsExactly("100%/x.txt");
    }

    @Test
    void negativeZeroReadsBackAsZero() {
        RunInfo run = tracker.createRun(experiment, RunConfig.ofDefaults().name("zero"));
        tracker.logBatch(run.runId(), List.of(new Metric("m", -0.0, 0, clock.now())), List.of(), List.of());

        double read = tracker.run(run.runId()).orElseThrow().metric("m").orElseThrow();
        assertThat(Double.doubleToRawLongBits(read)).isEqualTo(Double.doubleToRawLongBits(0.0));
    }

    @Test
    void metricStepsAndTimestampsKeepTheirFullRange() {
        RunInfo run = tracker.createRun(experiment, RunConfig.ofDefaults().name("range"));
        clock.advance(Duration.ofDays(1));
        List<Metric> values = List.of(new Metric("m", -2.5, -5, clock.now()),
                new Metric("m", 4.9e-324, Long.MAX_VALUE, clock.now()), new Metric("m", -1e-300, 0, clock.now()));
        tracker.logBatch(run.runId(), values, List.of(), List.of());

        assertThat(tracker.metricHistory(run.runId(), "m")).extracting(Metric::step)
                .containsExactly(-5L, 0L, Long.MAX_VALUE);
        assertThat(tracker.metricHistory(run.runId(), "m")).extracting(Metric::value)
                .containsExactly(-2.5, -1e-300, 4.9e-324);
        assertThat(tracker.run(run.runId()).orElseThrow().metric("m")).contains(4.9e-324);
    }
}
