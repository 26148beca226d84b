package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelFilter;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelStatus;
import org.mlops4j.core.registry.ModelVersion;

/** What {@link MlflowModelRegistry} puts on the wire and stores in MLflow's own fields and tags. */
class MlflowRegistryProtocolTest {

    @TempDir
    Path tempDir;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-06-01T12:00:00Z"));
    private FakeMlflowServer server;
    private MlflowModelRegistry registry;

    @BeforeEach
    void start() throws Exception {
        server = new FakeMlflowServer(clock, tempDir.resolve("mlflow-artifacts"));
        registry = new MlflowModelRegistry(MlflowConfig.of(server.uri()).withClock(clock)
                .withRetries(1, Duration.ofMillis(1)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelArtifact artifact(String name, String content) throws Exception {
        return ModelArtifact.of(Files.writeString(tempDir.resolve(name), content));
    }

    @Test
    void artifactsAreUploadedByContentAndTheSourcePointsThere() throws Exception {
        ModelArtifact art = artifact("fraud model.bin", "weights");
        ModelVersion v = registry.register(ModelRegistration.builder("fraud").artifact(art).sourceRunId("run-7")
                .build());

        // The source is a model directory, as MLflow's clients download it: the file and MLmodel.
        String dir = "mlops4j/models/" + art.sha256() + "/fraud_model.bin";
        assertThat(v.artifactLocation()).contains("mlflow-artifacts:/" + dir);
        assertThat(server.requests()).filteredOn(r -> r.method().equals("PUT"))
                .extracting(FakeMlflowServer.RecordedRequest::path)
                .containsExactly(FakeMlflowServer.ARTIFACTS + "/" + dir + "/fraud_model.bin",
                        FakeMlflowServer.ARTIFACTS + "/" + dir + "/MLmodel");
        assertThat(Files.readString(server.artifactFile("mlflow-artifacts:/" + dir + "/MLmodel"))).isEqualTo(
                "flavors:\n  mlops4j:\n    model_file: 'fraud_model.bin'\n    sha256: '" + art.sha256() + "'\n"
                + "    size_bytes: 7\nmodel_size_bytes: 7\n");
        JsonNode create = server.requests("model-versions/create").get(0).json();
        assertThat(create.path("source").asText()).isEqualTo("mlflow-artifacts:/" + dir);
        assertThat(create.path("run_id").asText()).isEqualTo("run-7");
        assertThat(RunCodec.keyValues(create.path("tags")))
                .containsEntry("mlops.artifact.sha256", art.sha256()).containsEntry("mlops.status", "READY");
        assertThat(v.tags()).doesNotContainKeys("mlops.artifact.sha256", "mlops.status");
    }

    @Test
    void aRegistrationWithoutArtifactGetsThePlaceholderSourceAndPendingTag() {
        registry.register(ModelRegistration.builder("fraud").build());

        JsonNode create = server.requests("model-versions/create").get(0).json();
        assertThat(create.path("source").asText()).isEqualTo(MlflowModelRegistry.PENDING_SOURCE);
        assertThat(RunCodec.keyValues(create.path("tags"))).containsEntry("mlops.status", "PENDING")
                .doesNotContainKey("mlops.artifact.sha256");
    }

    @Test
    void everyRegistrationEnsuresTheModelExistsToleratingAnExistingOne() throws Exception {
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("b.bin", "b")).build());

        assertThat(server.requests("registered-models/create")).hasSize(2);
        assertThat(registry.versions("fraud")).extracting(ModelVersion::version).containsExactly(1, 2);
        assertThat(server.requests("model-versions/search").get(0).query()).containsEntry("filter", "name = 'fraud'");
    }

    @Test
    void reservedTagsAreRefused() {
        registry.register(ModelRegistration.builder("fraud").build());

        assertThatThrownBy(() -> registry.setTag("fraud", 1, "mlops.status", "READY"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("setStatus");
        assertThatThrownBy(() -> registry.register(ModelRegistration.builder("fraud")
                .tag("mlops.artifact.sha256", "0".repeat(64)).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    @Test
    void statusLivesInAVersionTag() throws Exception {
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());

        registry.setStatus("fraud", 1, ModelStatus.FAILED);

        JsonNode setTag = server.requests("model-versions/set-tag").get(0).json();
        assertThat(setTag.path("key").asText()).isEqualTo("mlops.status");
        assertThat(setTag.path("value").asText()).isEqualTo("FAILED");
        assertThat(setTag.path("version").asText()).isEqualTo("1");
    }

    @Test
    void aliasesAreMlflowAliasesAndTheirHistoryIsRegisteredModelTags() throws Exception {
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("alice", "first"));

        JsonNode alias = server.requests("registered-models/alias").stream()
                .filter(r -> r.method().equals("POST")).findFirst().orElseThrow().json();
        assertThat(alias.path("alias").asText()).isEqualTo("champion");
        assertThat(alias.path("version").asText()).isEqualTo("1");
        JsonNode tag = server.requests("registered-models/set-tag").get(0).json();
        assertThat(tag.path("key").asText()).matches("mlops\\.alias_history\\.0000000001\\.[0-9a-f]{8}");
        assertThat(tag.path("value").asText()).isEqualTo("{\"alias\":\"champion\",\"previous\":null,\"new\":1,"
                + "\"actor\":\"alice\",\"reason\":\"first\",\"timestamp\":" + clock.now().toEpochMilli() + "}");
    }

    @Test
    void aReasonTooLongForAnMlflowTagIsCut() throws Exception {
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());
        String reason = "r".repeat(6000);

        registry.setAlias("fraud", "champion", 1, Attribution.by("alice", reason));

        String value = server.requests("registered-models/set-tag").get(0).json().path("value").asText();
        assertThat(value.length()).isLessThanOrEqualTo(5000);
        List<AliasChange> history = registry.aliasHistory("fraud");
        assertThat(history.get(0).attribution().reason()).endsWith(AliasHistory.CUT).startsWith("rrrr");
    }

    @Test
    void compareAndSetChecksThenSetsUnderThisInstancesLock() throws Exception {
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());
        server.clearRequests();

        assertThat(registry.compareAndSetAlias("fraud", "champion", OptionalInt.empty(), 1,
                Attribution.by("ci", "ok"))).isTrue();

        assertThat(server.requests()).extracting(r -> r.method() + " " + r.endpoint()).containsExactly(
                "GET model-versions/get", "GET registered-models/alias", "POST registered-models/alias",
                "GET registered-models/get", "POST registered-models/set-tag");
    }

    @Test
    void aMissingFileOnTheServerIsAnIntegrityFailure() throws Exception {
        ModelVersion v = registry.register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());
        Files.delete(server.artifactFile(v.artifactLocation().orElseThrow() + "/a.bin"));

        assertThatThrownBy(() -> registry.load(v, Files::readString))
                .isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining("missing");
    }

    @Test
    void searchNarrowsOnTheServerWithNameAndTags() throws Exception {
        registry.register(ModelRegistration.builder("fraud-eu").tag("team", "risk").build());
        server.clearRequests();

        assertThat(registry.search(ModelFilter.all().nameLike("fraud%")
                .withTag("team", "risk"))).hasSize(1);
        assertThat(server.requests("model-versions/search").get(0).query())
                .containsAllEntriesOf(Map.of("filter", "name LIKE 'fraud%' AND tags.`team` = 'risk'"));
    }

    /** Creates a version through the REST API as another client (or an earlier build) would. */
    private void createVersion(MlflowClient client, String name, String source, Map<String, String> tags) {
        try {
            client.post("registered-models/create", client.json().createObjectNode().put("name", name), true);
        } catch (MlflowRequestException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = client.json().createObjectNode().put("name", name)
                .put("source", source);
        body.set("tags", RunCodec.keyValues(client.json(), tags));
        client.post("model-versions/create", body, false);
    }

    @Test
    void listingsPageThroughEveryModelAndVersionInOrderReadingAliasesOncePerModel() {
        MlflowClient client = new MlflowClient(MlflowConfig.of(server.uri()));
        for (int i = 1000; i >= 0; i--) {
            client.post("registered-models/create", client.json().createObjectNode().put("name", "m" + i), true);
        }
        for (int i = 0; i < 1001; i++) {
            createVersion(client, "fraud", "mlflow-artifacts:/mlops4j/pending", Map.of("mlops.status", "PENDING"));
        }
        server.clearRequests();

        List<String> names = registry.modelNames();
        assertThat(names).hasSize(1002).isSorted().startsWith("fraud", "m0", "m1", "m10").endsWith("m999");
        assertThat(server.requests("registered-models/search")).hasSize(2);
        List<ModelVersion> versions = registry.versions("fraud");
        assertThat(versions).extracting(ModelVersion::version).hasSize(1001).isSorted()
                .startsWith(1, 2).endsWith(1001);
        assertThat(server.requests("model-versions/search")).hasSize(2);
        assertThat(server.requests("registered-models/get")).hasSize(1);
    }

    @Test
    void aModelDeletedWhileItsVersionsAreListedShowsNoAliasesAndOtherFailuresPropagate() throws Exception {
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("ci", "ok"));

        server.answerNext("GET registered-models/get", 404, "RESOURCE_DOES_NOT_EXIST",
                "Registered Model with name=fraud not found");
        assertThat(registry.versions("fraud")).singleElement().satisfies(v -> assertThat(v.aliases()).isEmpty());
        server.answerNext("GET registered-models/get", 403, "PERMISSION_DENIED", "no");
        assertThatThrownBy(() -> registry.versions("fraud")).isInstanceOf(MlflowRequestException.class)
                .hasMessageContaining("PERMISSION_DENIED");
        assertThat(registry.versions("fraud").get(0).aliases()).containsExactly("champion");
    }

    @Test
    void anAliasLookupReadsOnlyMissingAliasAnswersAsAbsent() throws Exception {
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());

        // MLflow 2.12: 400 INVALID_PARAMETER_VALUE; other versions or servers may answer 404.
        assertThat(registry.getByAlias("fraud", "champion")).isEmpty();
        server.answerNext("GET registered-models/alias", 404, "RESOURCE_DOES_NOT_EXIST", "not found");
        assertThat(registry.getByAlias("fraud", "champion")).isEmpty();
        server.answerNext("GET registered-models/alias", 400, "INVALID_PARAMETER_VALUE", "Invalid alias name");
        assertThatThrownBy(() -> registry.getByAlias("fraud", "champion"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid alias name");
        server.answerNext("GET registered-models/alias", 403, "PERMISSION_DENIED", "no");
        assertThatThrownBy(() -> registry.getByAlias("fraud", "champion"))
                .isInstanceOf(MlflowRequestException.class).hasMessageContaining("PERMISSION_DENIED");
    }

    @Test
    void tagsAreCheckedBeforeAnyRequestAndAMissingVersionIsNamed() throws Exception {
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());
        server.clearRequests();

        assertThatThrownBy(() -> registry.setTag("fraud", 1, " ", "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tag key");
        assertThat(server.requests()).isEmpty();
        assertThatThrownBy(() -> registry.removeTag("fraud", 7, "team"))
                .isInstanceOf(org.mlops4j.core.ModelNotFoundException.class)
                .hasMessage("no version 7 of model 'fraud'");
    }

    @Test
    void refusalsOtherThanNotFoundPropagateFromVersionReadsAndTagWrites() throws Exception {
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());

        server.answerNext("GET model-versions/get", 403, "PERMISSION_DENIED", "no");
        assertThatThrownBy(() -> registry.get("fraud", 1)).isInstanceOf(MlflowRequestException.class)
                .hasMessageContaining("PERMISSION_DENIED");
        server.answerNext("POST model-versions/set-tag", 403, "PERMISSION_DENIED", "no");
        assertThatThrownBy(() -> registry.setTag("fraud", 1, "team", "risk"))
                .isInstanceOf(MlflowRequestException.class).hasMessageContaining("PERMISSION_DENIED");
        server.answerNext("DELETE model-versions/delete-tag", 403, "PERMISSION_DENIED", "no");
        assertThatThrownBy(() -> registry.removeTag("fraud", 1, "team"))
                .isInstanceOf(MlflowRequestException.class).hasMessageContaining("PERMISSION_DENIED");
        assertThatThrownBy(() -> registry.removeTag("fraud", 1, "mlops.status"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }
}
