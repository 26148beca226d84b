package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.SourceInfo;

/**
 * An export round trip through a real MLflow server (skipped unless {@value RealMlflowServer#ENV}
 * and {@value MlflowPython#ENV} are set): runs, models, versions and aliases written by mlops4j and
 * by MLflow's own Python client, exported with {@link MlflowExport}, then read back by MLflow's own
 * Python client from the server and from the exported file store
 * ({@code src/test/resources/mlflow/real_export.py}), and compared field for field.
 */
class RealMlflowExportTest {


    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-02-03T04:05:06Z"));

    @Test
    void mlflowsOwnClientReadsTheExportAsItReadsTheServer() throws Exception {
        String url = RealMlflowServer.uri().toString();
        MlflowPython.packagePath();
        RealMlflowServer.reset();
        MlflowTracker tracker = new MlflowTracker(RealMlflowServer.config(clock));
        MlflowModelRegistry registry = new MlflowModelRegistry(RealMlflowServer.config(clock));

        // Written by mlops4j.
        Run parent = tracker.startRun("fraud", RunConfig.ofDefaults().name("sweep").recordSource(false));
        Run child = tracker.startRun("fraud", RunConfig.ofDefaults().name("trial 'a'").parent(parent.id())
                .recordSource(false).tag(SourceInfo.GIT_COMMIT, "abc123").tag("team", "risk"));
        child.logParam("optimiser/lr", 0.1).logParam("epochs", 3);
        for (int step = 0; step < 3; step++) {
            child.logMetric("loss", 1.0 / (step + 1), step).logMetric("acc", 0.5 + step / 10.0, step);
            clock.advance(Duration.ofSeconds(1));
        }
        child.logText("{\"a\":1}", "eval/report.json");
        Path plot = Files.write(dir.resolve("roc.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        child.logArtifact(plot, "plots");
        child.close();
        parent.end(RunStatus.KILLED);
        Path weights = Files.writeString(dir.resolve("weights.bin"), "model-bytes");
        registry.register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(weights))
                .sourceRunId(child.id()).tag("stage", "candidate").build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("ci", "first model"));

        // Written by MLflow's own client: a run with a model directory, versions of it by runs:/ and
        // by mlflow-artifacts: source, one whose source the server cannot serve (s3:), one with
        // nothing behind its source, one whose source is a single file, and one naming a run the
        // server does not have.
        Path work = Files.createDirectories(dir.resolve("work"));
        JsonNode seeded = python("seed", url, work);
        String pyRun = seeded.get("run_id").asText();

        Path out = dir.resolve("mlruns");
        MlflowExportSummary summary = MlflowExport.export(tracker, registry, out);

        JsonNode server = python("dump", url, work);
        JsonNode exported = python("dump", out.toUri().toString(), work);

        assertThat(summary.experiments()).isEqualTo(2);
        assertThat(summary.runs()).isEqualTo(3);
        assertThat(summary.metricValues()).isEqualTo(10);
        assertThat(summary.artifacts()).isEqualTo(4);
        assertThat(summary.models()).isEqualTo(2);
        assertThat(summary.modelVersions()).isEqualTo(7);
        assertThat(summary.skippedVersionFiles()).isEqualTo(3);
        assertThat(summary.skipped()).hasSize(3);
        assertThat(summary.skipped().get(0)).startsWith("model 'py-model' version 3 exported without its files:"
                + " its source 's3://mlops4j-test-nowhere/model' is not behind the server's artifact proxy");
        assertThat(summary.skipped().get(1)).isEqualTo("model 'py-model' version 4 exported without its files:"
                + " its source 'mlflow-artifacts:/mlops4j-test-nothing/model' has no files on the server");
        assertThat(summary.skipped().get(2)).isEqualTo("model 'py-model' version 6 exported without its files:"
                + " its source 'runs:/0123456789abcdef0123456789abcdef/model' names run"
                + " 0123456789abcdef0123456789abcdef, which the server does not have");

        // Experiments: the same, plus MLflow's default experiment the export adds when the server has
        // none active (the harness retired it).
        ObjectNode serverExperiments = ((ObjectNode) server.get("experiments")).deepCopy();
        ObjectNode exportedExperiments = ((ObjectNode) exported.get("experiments")).deepCopy();
        serverExperiments.remove("0");
        assertThat(exportedExperiments.remove("0").get("name").asText()).isEqualTo("Default");
        assertThat(exportedExperiments).isEqualTo(serverExperiments);

        // Runs, field for field: user_id, tags (none added), params, metric histories, artifacts.
        assertThat(exported.get("runs")).isEqualTo(server.get("runs"));
        JsonNode childRun = exported.get("runs").get(child.id());
        assertThat(childRun.get("user_id").asText()).isEqualTo(
                server.get("runs").get(child.id()).get("user_id").asText()).isNotEqualTo("mlops4j");
        assertThat(childRun.get("tags").has("mlflow.user")).isFalse();
        assertThat(childRun.get("tags").get("mlflow.parentRunId").asText()).isEqualTo(parent.id());
        assertThat(childRun.get("metrics").get("loss")).hasSize(3);
        assertThat(childRun.get("artifacts").get("plots/roc.png").asText()).isEqualTo(ModelArtifact.sha256Of(plot));
        assertThat(childRun.get("artifacts").get("eval/report.json").asText()).isEqualTo(
                ModelArtifact.sha256Of(Files.writeString(dir.resolve("report.json"), "{\"a\":1}")));
        JsonNode pythonRun = exported.get("runs").get(pyRun);
        assertThat(pythonRun.get("user_id").asText()).isNotEmpty().isNotEqualTo("mlops4j")
                .isEqualTo(pythonRun.get("tags").get("mlflow.user").asText());
        assertThat(pythonRun.get("artifacts").size()).isEqualTo(2);

        // Models and versions: the same but for the sources, which point into the export where the
        // files were copied; the files themselves have the server's SHA-256s.
        String exportedRoot = "file://" + out.toAbsolutePath();
        List<String> copied = new ArrayList<>();
        for (Map.Entry<String, JsonNode> model : iterable(server.get("models"))) {
            JsonNode mine = exported.get("models").get(model.getKey());
            assertThat(mine).as(model.getKey()).isNotNull();
            for (Map.Entry<String, JsonNode> version : iterable(model.getValue().get("versions"))) {
                ObjectNode theirs = (ObjectNode) version.getValue().deepCopy();
                ObjectNode ours = (ObjectNode) mine.get("versions").get(version.getKey()).deepCopy();
                // Why the client could not read a source's files is its own business (the server
                // answers, the file store raises); that it could not is compared below.
                theirs.remove("files_error");
                ours.remove("files_error");
                String theirSource = theirs.remove("source").asText();
                String ourSource = ours.remove("source").asText();
                String ref = model.getKey() + " v" + version.getKey();
                if (theirs.get("files").isNull()) {
                    assertThat(ourSource).as(ref).isEqualTo(theirSource);
                } else {
                    assertThat(ourSource).as(ref).isEqualTo(exportedRoot + "/models/" + model.getKey() + "/version-"
                            + version.getKey() + "/artifacts");
                    copied.add(ref);
                }
                assertThat(ours).as(ref).isEqualTo(theirs);
            }
            ObjectNode theirs = ((ObjectNode) model.getValue()).deepCopy();
            ObjectNode ours = ((ObjectNode) mine).deepCopy();
            theirs.remove("versions");
            ours.remove("versions");
            assertThat(ours).as(model.getKey()).isEqualTo(theirs);
        }
        assertThat(copied).containsExactlyInAnyOrder("fraud v1", "py-model v1", "py-model v2", "py-model v5");
        assertThat(exported.get("models").get("fraud").get("versions").get("1").get("files").get("weights.bin")
                .asText()).isEqualTo(ModelArtifact.sha256Of(weights));
        assertThat(exported.get("models").get("fraud").get("aliases").get("champion").asText()).isEqualTo("1");
        assertThat(exported.get("models").get("py-model").get("aliases").get("prod").asText()).isEqualTo("2");
        assertThat(exported.get("models").get("py-model").get("versions").get("1").get("files").size()).isEqualTo(2);
        assertThat(exported.get("models").get("py-model").get("versions").get("5").get("files").has("MLmodel"))
                .isTrue();
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node.properties();
    }

    /** Runs the script with MLflow's Python package; its JSON answer, or fails with its output. */
    private JsonNode python(String command, String target, Path work) throws Exception {
        Path script = MlflowPython.script("real_export.py", dir);
        Map<String, String> env = new HashMap<>();
        env.put("MLFLOW_TRACKING_URI", null);
        // A source with nothing behind it answers HTTP 500, which the client would retry for a minute.
        env.put("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0");
        return JSON.readTree(MlflowPython.run(dir, Duration.ofSeconds(300), env,
                List.of(script.toString(), command, target, work.toString())));
    }
}
