package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunStatus;

class MlflowExportTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-02-03T04:05:06Z"));
    private Mlops mlops;
    private String experimentId;
    private String parentId;
    private String childId;

    @BeforeEach
    void record() throws Exception {
        mlops = Mlops.local(dir.resolve("store"), clock);
        Run parent = mlops.tracker().startRun("fraud", RunConfig.ofDefaults().name("sweep").recordSource(false));
        parentId = parent.id();
        experimentId = parent.experimentId();
        Run child = mlops.tracker().startRun("fraud", RunConfig.ofDefaults().name("trial 'a'").parent(parentId)
                .recordSource(false).tag(org.mlops4j.tracking.SourceInfo.GIT_COMMIT, "abc123"));
        childId = child.id();
        child.logParam("optimiser/lr", 0.1).logParam("epochs", 3);
        for (int step = 0; step < 3; step++) {
            child.logMetric("loss", 1.0 / (step + 1), step);
            clock.advance(Duration.ofSeconds(1));
        }
        child.logMetric("odd", Double.NaN, 0).logMetric("big", Double.POSITIVE_INFINITY, 0);
        child.logText("{\"a\":1}", "eval/report.json");
        child.close();
        parent.end(RunStatus.KILLED);

        Path weights = Files.writeString(dir.resolve("weights.bin"), "model-bytes");
        mlops.registry().register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(weights))
                .sourceRunId(childId).tag("team", "risk").build());
        mlops.registry().register(ModelRegistration.builder("fraud").build());
        mlops.registry().compareAndSetAlias("fraud", "champion", OptionalInt.empty(), 1,
                Attribution.by("alice", "first"));
    }

    @AfterEach
    void close() {
        mlops.close();
    }

    @Test
    void writesMlflowsFileStoreLayout() throws Exception {
        Path out = dir.resolve("mlruns");
        MlflowExportSummary summary = MlflowExport.export(mlops.tracker(), mlops.registry(), out);

        assertThat(summary.experiments()).isEqualTo(1);
        assertThat(summary.runs()).isEqualTo(2);
        assertThat(summary.metricValues()).isEqualTo(5);
        assertThat(summary.artifacts()).isEqualTo(1);
        assertThat(summary.models()).isEqualTo(1);
        assertThat(summary.modelVersions()).isEqualTo(2);

        assertThat(out.resolve(experimentId + "/meta.yaml")).hasContent(String.join("\n",
                "artifact_location: 'file://" + out.resolve(experimentId) + "'",
                "creation_time: 1738555506000",
                "experiment_id: '" + experimentId + "'",
                "last_update_time: 1738555506000",
                "lifecycle_stage: 'active'",
                "name: 'fraud'", ""));
        assertThat(out.resolve("0/meta.yaml")).content().contains("name: 'Default'", "experiment_id: '0'");

        Path run = out.resolve(experimentId).resolve(childId);
        assertThat(run.resolve("meta.yaml")).content().contains("run_name: 'trial ''a'''", "status: 3",
                "run_uuid: '" + childId + "'", "start_time: 1738555506000", "end_time: 1738555509000",
                "source_version: 'abc123'", "tags: []", "source_type: 4");
        assertThat(run.resolve("params/optimiser/lr")).hasContent("0.1");
        assertThat(run.resolve("params/epochs")).hasContent("3");
        assertThat(Files.readAllLines(run.resolve("metrics/loss"))).containsExactly(
                "1738555506000 1.0 0", "1738555507000 0.5 1", "1738555508000 0.3333333333333333 2");
        assertThat(run.resolve("metrics/odd")).hasContent("1738555509000 NaN 0");
        assertThat(run.resolve("metrics/big")).hasContent("1738555509000 Infinity 0");
        assertThat(run.resolve("tags/mlflow.parentRunId")).hasContent(parentId);
        assertThat(run.resolve("tags/mlflow.runName")).hasContent("trial 'a'");
        assertThat(run.resolve("tags/mlflow.source.git.commit")).hasContent("abc123");
        // No user is recorded locally: none is invented (before: user_id 'mlops4j' and an mlflow.user tag).
        assertThat(run.resolve("meta.yaml")).content().contains("user_id: ''");
        assertThat(run.resolve("tags/mlflow.user")).doesNotExist();
        assertThat(run.resolve("artifacts/eval/report.json")).hasContent("{\"a\":1}");
        assertThat(out.resolve(experimentId).resolve(parentId).resolve("meta.yaml")).content().contains("status: 5");

        Path model = out.resolve("models/fraud");
        assertThat(model.resolve("aliases/champion")).hasContent("1");
        assertThat(model.resolve("version-1/meta.yaml")).content().contains("status: 'READY'",
                "run_id: '" + childId + "'", "version: 1", "current_stage: 'None'");
        assertThat(model.resolve("version-1/artifacts/weights.bin")).hasContent("model-bytes");
        assertThat(model.resolve("version-1/artifacts/MLmodel")).hasContent(MlModelFile.content("weights.bin",
                org.mlops4j.core.registry.ModelArtifact.sha256Of(model.resolve("version-1/artifacts/weights.bin")),
                11).strip());
        assertThat(model.resolve("version-1/tags/team")).hasContent("risk");
        assertThat(model.resolve("version-1/tags/mlops.artifact.sha256"))
                .hasContent(ModelArtifact.sha256Of(dir.resolve("weights.bin")));
        assertThat(model.resolve("version-2/meta.yaml")).content().contains("status: 'PENDING_REGISTRATION'");
        JsonNode history = new ObjectMapper().readTree(Files.readString(model.resolve("tags/mlops.alias_history")));
        assertThat(history.get(0).get("actor").asText()).isEqualTo("alice");
        assertThat(history.get(0).get("new").asInt()).isEqualTo(1);
        assertThat(history.get(0).get("previous").isNull()).isTrue();
        assertThat(history.get(0).get("reason").asText()).isEqualTo("first");
        long aliasMoved = mlops.registry().aliasHistory("fraud").get(0).timestamp().toEpochMilli();
        assertThat(history.get(0).get("timestamp").asLong()).isEqualTo(aliasMoved);
        // The model's times: its first version's creation, and its latest change (the alias move).
        long created = mlops.registry().get("fraud", 1).orElseThrow().createdAt().toEpochMilli();
        assertThat(model.resolve("meta.yaml")).content().contains("creation_timestamp: " + created,
                "last_updated_timestamp: " + Math.max(aliasMoved,
                        mlops.registry().get("fraud", 2).orElseThrow().createdAt().toEpochMilli()), "name: 'fraud'");
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".export-"));
        }
    }

    @Test
    void aReaderFollowingMlflowsFileStoreRulesReadsTheExport() throws Exception {
        Path out = dir.resolve("mlruns");
        MlflowExport.export(mlops.tracker(), mlops.registry(), out);
        Path script = dir.resolve("read_filestore.py");
        try (InputStream in = MlflowExportTest.class.getResourceAsStream("/mlflow/read_filestore.py")) {
            Files.copy(in, script);
        }
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", "import yaml").start();
            assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "python3 with PyYAML is not installed");
        } catch (java.io.IOException e) {
            assumeTrue(false, "python3 is not installed");
        }
        p = new ProcessBuilder("python3", script.toString(), out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        JsonNode summary = new ObjectMapper().readTree(output);
        assertThat(summary.get("experiments").get(experimentId).asText()).isEqualTo("fraud");
        JsonNode child = summary.get("runs").get(childId);
        assertThat(child.get("status").asText()).isEqualTo("FINISHED");
        assertThat(child.get("metrics").get("loss").get("count").asInt()).isEqualTo(3);
        assertThat(child.get("metrics").get("loss").get("latest").asDouble()).isEqualTo(1.0 / 3);
        assertThat(child.get("metrics").get("odd").get("latest").asText()).isEqualTo("nan");
        assertThat(child.get("metrics").get("big").get("latest").asText()).isEqualTo("inf");
        assertThat(child.get("params").get("optimiser/lr").asText()).isEqualTo("0.1");
        assertThat(child.get("tags").get("mlflow.parentRunId").asText()).isEqualTo(parentId);
        assertThat(child.get("artifacts").get(0).asText()).isEqualTo("eval/report.json");
        assertThat(summary.get("runs").get(parentId).get("status").asText()).isEqualTo("KILLED");
        JsonNode model = summary.get("models").get("fraud");
        assertThat(model.get("aliases").get("champion").asInt()).isEqualTo(1);
        assertThat(model.get("versions").get("1").get("run_id").asText()).isEqualTo(childId);
    }

    /**
     * A model name of 256 characters and a param key of 200 "ü" (400 bytes) are valid, but longer
     * than a file name may be (255 bytes): before, the whole export failed with a StoreException
     * ("File name too long") and wrote nothing.
     */
    @Test
    void anItemTheTargetRefusesIsSkippedCountedAndTheRestExported() throws Exception {
        String longKey = "\u00FC".repeat(200);
        Run odd = mlops.tracker().startRun("fraud", RunConfig.ofDefaults().name("odd").recordSource(false));
        odd.logParam(longKey, "1").logMetric("loss", 0.5, 0);
        odd.close();
        String longModel = "m".repeat(256);
        mlops.registry().register(ModelRegistration.builder(longModel).build());
        Path out = dir.resolve("mlruns");

        MlflowExportSummary summary = MlflowExport.export(mlops.tracker(), mlops.registry(), out);

        assertThat(summary.experiments()).isEqualTo(1);
        assertThat(summary.runs()).isEqualTo(2);
        assertThat(summary.metricValues()).isEqualTo(5);
        assertThat(summary.models()).isEqualTo(1);
        assertThat(summary.modelVersions()).isEqualTo(2);
        assertThat(summary.skippedExperiments()).isZero();
        assertThat(summary.skippedRuns()).isEqualTo(1);
        assertThat(summary.skippedModels()).isEqualTo(1);
        assertThat(summary.skipped()).hasSize(2);
        assertThat(summary.skipped().get(0)).startsWith("run " + odd.id() + " 'odd' of experiment " + experimentId)
                .contains("File name too long");
        assertThat(summary.skipped().get(1)).startsWith("model '" + "m".repeat(57) + "... (256 characters)'")
                .contains("File name too long");

        assertThat(out.resolve(experimentId).resolve(odd.id())).doesNotExist();
        assertThat(out.resolve(experimentId).resolve(childId).resolve("params").resolve("epochs")).hasContent("3");
        assertThat(out.resolve("models").resolve("fraud").resolve("version-1").resolve("meta.yaml")).exists();
        try (var models = Files.list(out.resolve("models"))) {
            assertThat(models.map(p -> p.getFileName().toString()).toList()).containsExactly("fraud");
        }
    }

    /**
     * A model named ".." in a store written before names were checked: before, its files went to
     * the root of mlruns (a meta.yaml there, outside models/), read by no MLflow reader.
     */
    @Test
    void aModelNameThatIsNotOneDirectoryIsSkippedAndNothingLeavesModels() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("store").resolve(Mlops.DATABASE_FILE));
             java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO registered_models (name, creation_time, last_version) VALUES ('..', 0, 0)");
        }
        Path out = dir.resolve("mlruns");

        MlflowExportSummary summary = MlflowExport.export(mlops.tracker(), mlops.registry(), out);

        assertThat(summary.skippedModels()).isEqualTo(1);
        assertThat(summary.skipped()).singleElement().asString()
                .startsWith("model '..' with its versions: java.lang.IllegalArgumentException: model name '..' is not"
                        + " a single directory name");
        assertThat(summary.models()).isEqualTo(1);
        assertThat(out.resolve("meta.yaml")).doesNotExist();
        assertThat(out.resolve("models").resolve("fraud").resolve("version-1").resolve("meta.yaml")).exists();
        assertThat(out.resolve(experimentId).resolve(childId).resolve("meta.yaml")).exists();
    }

    @Test
    void aNonEmptyTargetIsRefusedAndLeftAsItWas() throws Exception {
        Path out = Files.createDirectories(dir.resolve("mlruns"));
        Files.writeString(out.resolve("keep.txt"), "mine");

        assertThatThrownBy(() -> MlflowExport.export(mlops.tracker(), mlops.registry(), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
        try (var entries = Files.list(out)) {
            assertThat(entries.toList()).containsExactly(out.resolve("keep.txt"));
        }
        assertThat(out.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void aTamperedModelArtifactFailsTheExportAndLeavesNoTarget() throws Exception {
        Path stored = mlops.artifactDirectory().resolve(
                mlops.registry().get("fraud", 1).orElseThrow().artifactLocation().orElseThrow());
        Files.writeString(stored, "tampered");
        Path out = dir.resolve("mlruns");

        assertThatThrownBy(() -> MlflowExport.export(mlops.tracker(), mlops.registry(), out))
                .isInstanceOf(org.mlops4j.core.ArtifactIntegrityException.class);
        assertThat(out).doesNotExist();
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList())
                    .noneMatch(n -> n.contains(".export-"));
        }
        assertThat(List.of(dir.toFile().list())).doesNotContain("mlruns");
    }

    @Test
    void aVersionThatIsNotReadyIsExportedWithoutItsFile() throws Exception {
        Path weights = Files.writeString(dir.resolve("bad.bin"), "bad-bytes");
        mlops.registry().register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(weights)).build());
        mlops.registry().setStatus("fraud", 3, org.mlops4j.core.registry.ModelStatus.FAILED);

        Path out = dir.resolve("mlruns");
        MlflowExportSummary summary = MlflowExport.export(mlops.tracker(), mlops.registry(), out);

        assertThat(summary.modelVersions()).isEqualTo(3);
        assertThat(out.resolve("models/fraud/version-3/meta.yaml")).content()
                .contains("status: 'FAILED_REGISTRATION'", "source: ''");
        assertThat(out.resolve("models/fraud/version-3/artifacts")).doesNotExist();
        assertThat(out.resolve("models/fraud/version-1/artifacts/weights.bin")).hasContent("model-bytes");
    }

    @Test
    void anArchivedVersionIsExportedInMlflowsArchivedStageWithoutItsFile() throws Exception {
        Path weights = Files.writeString(dir.resolve("old.bin"), "old-bytes");
        mlops.registry().register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(weights)).build());
        mlops.registry().archive("fraud", 3, org.mlops4j.core.registry.Attribution.by("alice", "superseded"));

        Path out = dir.resolve("mlruns");
        MlflowExport.export(mlops.tracker(), mlops.registry(), out);

        assertThat(out.resolve("models/fraud/version-3/meta.yaml")).content()
                .contains("current_stage: 'Archived'", "status: 'READY'", "source: ''");
        assertThat(out.resolve("models/fraud/version-3/artifacts")).doesNotExist();
        assertThat(out.resolve("models/fraud/version-1/meta.yaml")).content().contains("current_stage: 'None'");
    }
}
