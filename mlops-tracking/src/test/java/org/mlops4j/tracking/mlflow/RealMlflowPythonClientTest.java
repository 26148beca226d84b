package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunStatus;

/**
 * MLflow's own Python client reads back what mlops4j wrote to a real MLflow server: runs, params,
 * metric histories, tags and artifacts (byte for byte), registered models, versions, aliases, and
 * the model directories {@code mlflow.artifacts.download_artifacts} fetches for
 * {@code models:/<name>@champion} and {@code models:/<name>/1}.
 *
 * <p>The reader is {@code src/test/resources/mlflow/read_back.py}, run with {@code /usr/bin/python3}
 * and {@code PYTHONPATH} from {@value MlflowPython#ENV} (MLflow 2.12.2's package in
 * {@code ../shared/mlflow-server/python}); it prints one JSON document, compared here field by field
 * with what was written. Skipped unless both {@value RealMlflowServer#ENV} and
 * {@value MlflowPython#ENV} are set.
 */
class RealMlflowPythonClientTest {

    private static final Duration PYTHON_TIMEOUT = Duration.ofSeconds(120);
    private static final String EXPERIMENT = "python-read-back";

    private final ManualClock clock = new ManualClock(Instant.parse("2025-04-01T08:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private URI server;
    private MlflowTracker tracker;
    private MlflowModelRegistry registry;

    @BeforeEach
    void setUp() {
        server = RealMlflowServer.uri();
        MlflowPython.packagePath();
        RealMlflowServer.reset();
        tracker = new MlflowTracker(RealMlflowServer.config(clock));
        registry = new MlflowModelRegistry(RealMlflowServer.config(clock));
    }

    @Test
    void mlflowsClientReadsRunsParamsMetricHistoriesTagsAndArtifacts() throws Exception {
        Run parent = tracker.startRun(EXPERIMENT, RunConfig.ofDefaults().name("sweep").tag("team", "risk"));
        Instant parentStart = clock.now();
        parent.logParam("search", "grid").logMetric("best_auc", 0.91, 0);
        clock.advance(Duration.ofSeconds(1));
        Run child = tracker.startRun(EXPERIMENT, RunConfig.ofDefaults().name("trial 'a' \u00FC").parent(parent.id())
                .tag("stage", "dev").recordSource(false));
        Instant childStart = clock.now();
        child.logParam("lr", 0.1).logParam("optimiser/name", "adam").logParam("note", "gr\u00F6\u00DFe 3");
        Map<String, List<String>> written = new TreeMap<>();
        double[] losses = {1.0, 0.5, 1.0 / 3};
        for (int step = 0; step < losses.length; step++) {
            clock.advance(Duration.ofMillis(250));
            child.logMetric("loss", losses[step], step);
            written.computeIfAbsent("loss", k -> new ArrayList<>()).add(point(step, clock.now(), losses[step]));
        }
        clock.advance(Duration.ofMillis(250));
        child.logMetric("odd", Double.NaN, 0).logMetric("odd", 0.25, 7_000_000_000L);
        written.put("odd", new ArrayList<>(List.of(point(0, clock.now(), Double.NaN),
                point(7_000_000_000L, clock.now(), 0.25))));
        child.logMetric("loss", 0.2, 1); // a second value at a step already logged: both are kept
        written.get("loss").add(point(1, clock.now(), 0.2));
        child.setTag("verdict", "kept \u2713");

        Path tree = Files.createDirectories(dir.resolve("eval/plots"));
        Files.writeString(dir.resolve("eval/report.json"), "{\"auc\":0.93}");
        Files.writeString(tree.resolve("roc.csv"), "fpr,tpr\n0,0\n1,1\n");
        byte[] weights = new byte[70_000];
        new Random(15).nextBytes(weights);
        Path binary = Files.write(Files.createDirectories(dir.resolve("bin")).resolve("weights.bin"), weights);
        child.logArtifact(dir.resolve("eval"), "eval").logArtifact(binary, "model/v1").logText("done\n", "notes.txt");
        clock.advance(Duration.ofSeconds(2));
        child.end(RunStatus.FINISHED);
        Instant childEnd = clock.now();
        clock.advance(Duration.ofSeconds(1));
        parent.end(RunStatus.KILLED);
        Instant parentEnd = clock.now();

        JsonNode doc = readBack("--experiment", EXPERIMENT);

        String experimentId = parent.experimentId();
        assertThat(doc.at("/experiment/id").asText()).isEqualTo(experimentId);
        assertThat(doc.at("/experiment/name").asText()).isEqualTo(EXPERIMENT);
        assertThat(doc.at("/experiment/lifecycle_stage").asText()).isEqualTo("active");
        assertThat(names(doc.get("runs"))).containsExactlyInAnyOrder(parent.id(), child.id());

        JsonNode p = doc.get("runs").get(parent.id());
        assertThat(p.get("name").asText()).isEqualTo("sweep");
        assertThat(p.get("status").asText()).isEqualTo("KILLED");
        assertThat(p.get("experiment_id").asText()).isEqualTo(experimentId);
        assertThat(p.get("start_time").asLong()).isEqualTo(parentStart.toEpochMilli());
        assertThat(p.get("end_time").asLong()).isEqualTo(parentEnd.toEpochMilli());
        assertThat(strings(p.get("params"))).isEqualTo(Map.of("search", "grid"));
        Map<String, String> parentTags = new TreeMap<>(tracker.sourceTags());
        parentTags.put("team", "risk");
        parentTags.put("mlflow.runName", "sweep");
        assertThat(strings(p.get("tags"))).isEqualTo(parentTags);
        assertThat(history(p.get("metrics"))).isEqualTo(Map.of("best_auc", List.of(point(0, parentStart, 0.91))));
        assertThat(p.get("artifacts").size()).isZero();

        JsonNode c = doc.get("runs").get(child.id());
        assertThat(c.get("name").asText()).isEqualTo("trial 'a' \u00FC");
        assertThat(c.get("status").asText()).isEqualTo("FINISHED");
        assertThat(c.get("start_time").asLong()).isEqualTo(childStart.toEpochMilli());
        assertThat(c.get("end_time").asLong()).isEqualTo(childEnd.toEpochMilli());
        assertThat(strings(c.get("params"))).isEqualTo(
                Map.of("lr", "0.1", "optimiser/name", "adam", "note", "gr\u00F6\u00DFe 3"));
        assertThat(strings(c.get("tags"))).isEqualTo(Map.of("mlflow.parentRunId", parent.id(),
                "mlflow.runName", "trial 'a' \u00FC", "stage", "dev", "verdict", "kept \u2713"));
        written.values().forEach(points -> points.sort(null));
        assertThat(history(c.get("metrics"))).isEqualTo(written);

        Map<String, String> artifacts = new TreeMap<>();
        c.get("artifacts").properties().forEach(e -> artifacts.put(e.getKey(),
                e.getValue().get("size").asLong() + " " + e.getValue().get("sha256").asText()));
        assertThat(artifacts).isEqualTo(Map.of(
                "eval/report.json", sized(dir.resolve("eval/report.json")),
                "eval/plots/roc.csv", sized(tree.resolve("roc.csv")),
                "model/v1/weights.bin", sized(binary),
                "notes.txt", "5 " + ModelArtifact.sha256Of(Files.write(dir.resolve("notes.txt"),
                        "done\n".getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void mlflowsClientReadsModelsVersionsTagsDescriptionsAndSources() throws Exception {
        Run run = tracker.startRun(EXPERIMENT, RunConfig.ofDefaults().name("train").recordSource(false));
        run.end(RunStatus.FINISHED);
        ModelArtifact first = artifact("v1", "weights.bin", 4_096, 1);
        ModelArtifact second = artifact("v2", "weights.bin", 5_000, 2);
        ModelVersion v1 = registry.register(ModelRegistration.builder("fraud-detector").artifact(first)
                .sourceRunId(run.id()).description("first cut").tag("team", "risk").build());
        ModelVersion v2 = registry.register(ModelRegistration.builder("fraud-detector").artifact(second)
                .sourceRunId(run.id()).description("retrained on March").tag("team", "risk")
                .tag("data", "2025-03").build());
        ModelVersion churn = registry.register(ModelRegistration.builder("churn").artifact(first).build());

        JsonNode doc = readBack("--model", "fraud-detector", "--model", "churn");

        JsonNode fraud = doc.at("/models/fraud-detector/versions");
        assertThat(names(fraud)).containsExactlyInAnyOrder("1", "2");
        assertVersion(fraud.get("1"), v1, first, run.id(), "first cut", Map.of("team", "risk"));
        assertVersion(fraud.get("2"), v2, second, run.id(), "retrained on March",
                Map.of("team", "risk", "data", "2025-03"));
        JsonNode churnVersions = doc.at("/models/churn/versions");
        assertThat(names(churnVersions)).containsExactly("1");
        assertVersion(churnVersions.get("1"), churn, first, "", "", Map.of());
        assertThat(doc.at("/models/churn/aliases").size()).isZero();
    }

    @Test
    void mlflowsClientResolvesAliasesAndDownloadsModelsByAliasAndVersion() throws Exception {
        ModelArtifact first = artifact("v1", "fraud-model.onnx", 3_000, 3);
        ModelArtifact second = artifact("v2", "fraud-model.onnx", 6_000, 4);
        registry.register(ModelRegistration.builder("fraud-detector").artifact(first).build());
        registry.register(ModelRegistration.builder("fraud-detector").artifact(second).build());
        registry.setAlias("fraud-detector", "champion", 1, Attribution.by("alice", "first model"));
        clock.advance(Duration.ofMinutes(1));
        registry.setAlias("fraud-detector", "challenger", 1, Attribution.by("bob", "baseline"));
        clock.advance(Duration.ofMinutes(1));
        registry.setAlias("fraud-detector", "champion", 2, Attribution.by("rollout:fraud", "canary passed"));

        JsonNode doc = readBack("--model", "fraud-detector", "--downloads");

        JsonNode model = doc.at("/models/fraud-detector");
        assertThat(strings(model.get("aliases"))).isEqualTo(Map.of("champion", "2", "challenger", "1"));
        assertThat(model.at("/versions/1/aliases").toString()).isEqualTo("[\"challenger\"]");
        assertThat(model.at("/versions/2/aliases").toString()).isEqualTo("[\"champion\"]");
        assertThat(model.get("champion_version").asText()).isEqualTo("2");
        List<String> history = new ArrayList<>();
        model.get("tags").properties().forEach(e -> {
            assertThat(e.getKey()).startsWith(AliasHistory.PREFIX);
            history.add(e.getKey() + " " + e.getValue().asText());
        });
        assertThat(history).hasSize(3);
        history.sort(null);
        JsonNode last = json.readTree(history.get(2).substring(history.get(2).indexOf(' ') + 1));
        assertThat(last.get("alias").asText()).isEqualTo("champion");
        assertThat(last.get("previous").asInt()).isEqualTo(1);
        assertThat(last.get("new").asInt()).isEqualTo(2);
        assertThat(last.get("actor").asText()).isEqualTo("rollout:fraud");
        assertThat(last.get("timestamp").asLong()).isEqualTo(clock.now().toEpochMilli());

        assertDownloaded(model.get("download_champion"), second, 2);
        assertDownloaded(model.get("download_version_1"), first, 1);
    }

    /** A version as MLflow's client reads it: the registry's source, run, description and tags. */
    private static void assertVersion(JsonNode read, ModelVersion written, ModelArtifact artifact, String runId,
                                      String description, Map<String, String> tags) {
        assertThat(read.get("source").asText()).isEqualTo(written.artifactLocation().orElseThrow())
                .startsWith(ModelFiles.SCHEME + ModelFiles.ROOT + artifact.sha256() + "/");
        assertThat(read.get("run_id").asText()).isEqualTo(runId);
        assertThat(read.get("description").asText()).isEqualTo(description);
        assertThat(read.get("status").asText()).isEqualTo("READY");
        Map<String, String> expected = new TreeMap<>(tags);
        expected.put(ModelVersionCodec.STATUS_TAG, "READY");
        expected.put(ModelVersionCodec.SHA256_TAG, artifact.sha256());
        assertThat(strings(read.get("tags"))).isEqualTo(expected);
        assertThat(read.get("aliases").size()).isZero();
    }

    /** A model directory MLflow downloaded: the model file with its bytes, and an MLmodel naming it (.onnx). */
    private static void assertDownloaded(JsonNode download, ModelArtifact artifact, int version) throws IOException {
        String file = artifact.file().getFileName().toString();
        JsonNode files = download.get("files");
        // registered_model_meta is written by MLflow's client into a directory it took for a model.
        assertThat(names(files)).as("files downloaded: %s", files)
                .containsExactlyInAnyOrder(file, "MLmodel", "registered_model_meta");
        assertThat(strings(download.get("registered_model_meta")))
                .isEqualTo(Map.of("model_name", "fraud-detector", "model_version", Integer.toString(version)));
        assertThat(files.get(file).asText()).isEqualTo(artifact.sha256());
        JsonNode flavor = download.at("/mlmodel_flavors/mlops4j");
        assertThat(flavor.get("model_file").asText()).as("MLmodel flavors: %s", download.get("mlmodel_flavors"))
                .isEqualTo(file);
        assertThat(flavor.get("sha256").asText()).isEqualTo(artifact.sha256());
        assertThat(flavor.get("size_bytes").asLong()).isEqualTo(Files.size(artifact.file()));
        assertThat(flavor.get("format").asText()).isEqualTo("onnx");
        assertThat(download.get("mlmodel_size_bytes").asLong()).isEqualTo(Files.size(artifact.file()));
    }

    private ModelArtifact artifact(String subdir, String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return ModelArtifact.of(Files.write(Files.createDirectories(dir.resolve(subdir)).resolve(name), bytes));
    }

    /** Runs read_back.py against the server and parses what it prints; fails with its stderr. */
    private JsonNode readBack(String... args) throws Exception {
        Path script = MlflowPython.script("read_back.py", dir);
        List<String> arguments = new ArrayList<>(List.of(script.toString(), server.toString(),
                Files.createDirectories(dir.resolve("downloads")).toString()));
        arguments.addAll(List.of(args));
        // MLflow's client retries a failed request 5 times with growing backoff (a minute): fail fast.
        return json.readTree(MlflowPython.run(dir, PYTHON_TIMEOUT, Map.of("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "1"),
                arguments));
    }

    private static String point(long step, Instant timestamp, double value) {
        String shown = Double.isNaN(value) ? "NaN" : Double.toString(value);
        return "step " + step + " at " + timestamp.toEpochMilli() + ": " + shown;
    }

    /** Metric key to its history as {@link #point} strings, sorted (MLflow promises no order). */
    private static Map<String, List<String>> history(JsonNode metrics) {
        Map<String, List<String>> out = new TreeMap<>();
        metrics.properties().forEach(e -> {
            List<String> points = new ArrayList<>();
            for (JsonNode m : e.getValue()) {
                JsonNode v = m.get("value");
                points.add(point(m.get("step").asLong(), Instant.ofEpochMilli(m.get("timestamp").asLong()),
                        v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble()));
            }
            points.sort(null);
            out.put(e.getKey(), points);
        });
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return new TreeMap<>(out);
    }

    private static String sized(Path file) throws IOException {
        return Files.size(file) + " " + ModelArtifact.sha256Of(file);
    }
}
