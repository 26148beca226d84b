package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.registry.VerifiedArtifact;

/**
 * Where the MLflow registry keeps model files on a real MLflow server (skipped unless
 * {@value RealMlflowServer#ENV} is set): the model directory with its {@code MLmodel}, sources
 * written by earlier builds or other clients, and MLflow's answers for missing aliases.
 */
class RealMlflowRegistryFilesTest {

    @TempDir
    Path tempDir;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-06-01T12:00:00Z"));
    private MlflowClient client;
    private MlflowModelRegistry registry;

    /** Reads what a loader is given: the file's name and the verified bytes. */
    private static final ModelLoader<String> NAME_AND_CONTENT = new ModelLoader<>() {
        @Override
        public String load(Path artifact) {
            throw new AssertionError("the registry hands over verified bytes");
        }

        @Override
        public String load(VerifiedArtifact artifact) {
            return artifact.file().getFileName() + "=" + new String(artifact.toByteArray(), StandardCharsets.UTF_8);
        }
    };

    @BeforeEach
    void start() {
        RealMlflowServer.reset();
        client = new MlflowClient(RealMlflowServer.config(clock));
        registry = new MlflowModelRegistry(client);
    }

    private ModelArtifact artifact(String name, String content) throws IOException {
        return ModelArtifact.of(Files.writeString(tempDir.resolve(name), content));
    }

    private void createVersion(String name, String source, Map<String, String> tags) {
        try {
            client.post("registered-models/create", client.json().createObjectNode().put("name", name), true);
        } catch (MlflowRequestException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
        ObjectNode body = client.json().createObjectNode().put("name", name).put("source", source);
        body.set("tags", RunCodec.keyValues(client.json(), tags));
        client.post("model-versions/create", body, false);
    }

    private String download(String path) throws IOException {
        try (InputStream in = client.download(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aVersionsSourceIsAModelDirectoryHoldingTheFileAndItsMlmodel() throws Exception {
        ModelArtifact art = artifact("scorer.onnx", "onnx bytes");
        ModelVersion v = registry.register(ModelRegistration.builder("fraud").artifact(art).build());

        String dir = "mlops4j/models/" + art.sha256() + "/scorer.onnx";
        assertThat(v.artifactLocation()).contains("mlflow-artifacts:/" + dir);
        assertThat(client.get("model-versions/get", Map.of("name", "fraud", "version", "1"))
                .path("model_version").path("source").asText()).isEqualTo("mlflow-artifacts:/" + dir);
        assertThat(download(dir + "/MLmodel")).isEqualTo(MlModelFile.content("scorer.onnx", art.sha256(), 10))
                .contains("format: onnx");
        assertThat(download(dir + "/scorer.onnx")).isEqualTo("onnx bytes");
        assertThat(registry.load(v, NAME_AND_CONTENT)).isEqualTo("scorer.onnx=onnx bytes");
    }

    @Test
    void aVersionWhoseSourceIsTheFileItselfStillLoads() throws Exception {
        ModelArtifact art = artifact("old.bin", "old weights");
        client.upload("models/" + art.sha256() + "/old.bin", art.file());
        createVersion("fraud", "mlflow-artifacts:/models/" + art.sha256() + "/old.bin",
                Map.of("mlops.status", "READY", "mlops.artifact.sha256", art.sha256()));
        ModelVersion current = registry.register(ModelRegistration.builder("churn")
                .artifact(artifact("new.bin", "new weights")).build());
        createVersion("churn", current.artifactLocation().orElseThrow() + "/",
                Map.of("mlops.status", "READY", "mlops.artifact.sha256", current.artifactSha256().orElseThrow()));

        assertThat(registry.load("models:/fraud/1", NAME_AND_CONTENT)).isEqualTo("old.bin=old weights");
        assertThat(registry.load("models:/churn/2", NAME_AND_CONTENT)).isEqualTo("new.bin=new weights");
    }

    @Test
    void aSourceOutsideTheArtifactProxyIsRefusedOnLoad() {
        createVersion("fraud", "s3://bucket/models/m.bin",
                Map.of("mlops.status", "READY", "mlops.artifact.sha256", "ab".repeat(32)));

        assertThatThrownBy(() -> registry.load("models:/fraud/1", Files::readString))
                .isInstanceOf(StoreException.class)
                .hasMessage("model source 's3://bucket/models/m.bin' is not behind MLflow's artifact proxy");
    }

    @Test
    void theServerAnswersAMissingAliasWith400AndTheRegistryReadsItAsAbsent() throws Exception {
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());

        assertThatThrownBy(() -> client.get("registered-models/alias", Map.of("name", "fraud", "alias", "champion")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("Registered model alias champion not found.")
                .cause().isInstanceOfSatisfying(MlflowRequestException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(registry.getByAlias("fraud", "champion")).isEmpty();
        assertThat(registry.getByAlias("nope", "champion")).isEmpty();
    }

    @Test
    void aVersionRegisteredWithoutAnArtifactIsAcceptedWithAnAbsolutePlaceholder() {
        assertThatThrownBy(() -> createVersion("fraud", "mlops4j:pending", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("an absolute path must be");
        ModelVersion v = registry.register(ModelRegistration.builder("fraud").build());

        assertThat(client.get("model-versions/get", Map.of("name", "fraud", "version", Integer.toString(v.version())))
                .path("model_version").path("source").asText()).isEqualTo(MlflowModelRegistry.PENDING_SOURCE);
    }
}
