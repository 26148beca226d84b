package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.AliasAtomicity;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.LifecycleChange;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelStatus;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelRegistryContract;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.tracking.internal.SignatureJson;

/**
 * The registry contract against a real MLflow server (skipped unless {@value RealMlflowServer#ENV}
 * is set).
 */
class RealMlflowModelRegistryTest extends ModelRegistryContract {

    @Override
    protected ModelRegistry createRegistry(ManualClock clock) {
        RealMlflowServer.reset();
        return new MlflowModelRegistry(RealMlflowServer.config(clock));
    }

    @Test
    void compareAndSetIsClaimedAtomicOnlyWithinOneInstance() {
        assertThat(registry().aliasAtomicity()).isEqualTo(AliasAtomicity.THIS_INSTANCE);
        assertThat(AliasAtomicity.THIS_INSTANCE.description())
                .isEqualTo("atomic only among callers of this registry instance");
    }

    /** MLflow's server stamps a version's creation time itself. */
    @Override
    protected boolean serverAssignsCreationTimes() {
        return true;
    }

    /** Replaces the model file on the server through the artifact proxy, which overwrites. */
    @Override
    protected void overwriteStoredArtifact(ModelVersion version, String content) throws Exception {
        String location = version.artifactLocation().orElseThrow();
        Path file = Files.writeString(tempDir.resolve("tampered.bin"), content);
        MlflowClient client = new MlflowClient(RealMlflowServer.config(clock));
        client.upload(new ModelFiles(client).modelFilePath(location), file);
    }

    private MlflowClient client() {
        return new MlflowClient(RealMlflowServer.config(clock));
    }

    private JsonNode storedVersion(String name, int version) {
        return client().get("model-versions/get", Map.of("name", name, "version", Integer.toString(version)))
                .path("model_version");
    }

    private static Map<String, String> tags(JsonNode node) {
        return new TreeMap<>(RunCodec.keyValues(node.path("tags")));
    }

    /** MLflow refuses a tag value over 5,000 characters: a larger signature is cut into ordered parts. */
    @Test
    void aSignatureLongerThanOneTagValueIsSplitIntoOrderedTagsOnTheServer() {
        ModelSignature big = wideSignature(120);
        String json = SignatureJson.write(big);
        assertThat(json.length()).isGreaterThan(2 * 5000);

        registry().register(ModelRegistration.builder("wide").signature(big).build());

        Map<String, String> stored = tags(storedVersion("wide", 1));
        List<String> parts = new ArrayList<>();
        stored.forEach((k, v) -> {
            if (k.startsWith("mlops.signature.")) {
                parts.add(v);
            }
        });
        assertThat(stored.keySet()).contains("mlops.signature.000", "mlops.signature.001", "mlops.signature.002");
        assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(5000));
        assertThat(String.join("", parts)).isEqualTo(json);
        assertThat(registry().get("wide", 1).orElseThrow().tags()).isEmpty();
        assertThatThrownBy(() -> registry().setTag("wide", 1, "mlops.signature.000", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    /** Past 100 parts (500,000 characters of JSON) the registration is refused, naming the length. */
    @Test
    void aSignatureBeyondOneHundredTagsIsRefusedAndNothingIsRegistered() {
        ModelSignature huge = wideSignature(2300);
        int length = SignatureJson.write(huge).length();
        assertThat(length).isGreaterThan(500_000);

        assertThatThrownBy(() -> registry().register(ModelRegistration.builder("huge").signature(huge).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("signature of a new version of model 'huge' is " + length + " characters of JSON, more"
                        + " than the 100 MLflow tags of 5000 characters the MLflow registry keeps it in");
        assertThat(registry().modelNames()).isEmpty();
    }

    private static ModelSignature wideSignature(int features) {
        List<Feature> list = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            list.add(Feature.categorical(String.format("feature_with_a_long_name_%04d", i),
                    Set.of("a-rather-long-category-name-one-" + i, "a-rather-long-category-name-two-" + i,
                            "a-rather-long-category-name-three-" + i, "\u00DCber-\uD83D\uDE00-" + i)));
        }
        return ModelSignature.classifier(Schema.of(list), List.of("no", "yes"));
    }

    @Test
    void archivingUsesMlflowsOwnArchivedStage() throws Exception {
        registry().register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());

        registry().archive("fraud", 1, Attribution.by("alice", "superseded"));
        JsonNode archived = storedVersion("fraud", 1);
        assertThat(archived.path("current_stage").asText()).isEqualTo("Archived");
        assertThat(tags(archived)).containsEntry("mlops.status", "ARCHIVED");

        registry().restore("fraud", 1, Attribution.by("alice", "needed"));
        assertThat(storedVersion("fraud", 1).path("current_stage").asText()).isEqualTo("None");
        JsonNode model = client().get("registered-models/get", Map.of("name", "fraud")).path("registered_model");
        assertThat(tags(model).keySet()).filteredOn(k -> k.startsWith("mlops.lifecycle_history.")).hasSize(2);
    }

    /** A version MLflow's own clients registered and archived (no mlops tags) reads as ARCHIVED. */
    @Test
    void aVersionArchivedByAnotherMlflowClientReadsAsArchived() {
        MlflowClient client = client();
        client.post("registered-models/create", client.json().createObjectNode().put("name", "py"), true);
        client.post("model-versions/create", client.json().createObjectNode().put("name", "py")
                .put("source", "mlflow-artifacts:/elsewhere/model"), false);
        client.post("model-versions/transition-stage", client.json().createObjectNode().put("name", "py")
                .put("version", "1").put("stage", "Archived").put("archive_existing_versions", false), true);

        assertThat(registry().get("py", 1).orElseThrow().status()).isEqualTo(ModelStatus.ARCHIVED);
        assertThat(registry().resolve("models:/py/latest")).isEmpty();
    }

    /** MLflow deletes a model's tags with it: its histories move to a reserved model first. */
    @Test
    void aDeletedModelsHistoriesAreKeptByAReservedModelThatListingsLeaveOut() throws Exception {
        registry().register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());
        registry().setAlias("fraud", "champion", 1, Attribution.by("alice", "first"));
        registry().deleteAlias("fraud", "champion", Attribution.by("alice", "gone"));

        registry().deleteModel("fraud", Attribution.by("bob", "retired"));

        assertThat(registry().modelNames()).isEmpty();
        JsonNode holder = client().get("registered-models/get", Map.of("name", HistoryTags.HOLDER))
                .path("registered_model");
        assertThat(tags(holder)).hasSize(3);
        assertThat(registry().aliasHistory("fraud")).hasSize(2);
        assertThat(registry().lifecycleHistory("fraud")).extracting(LifecycleChange::action)
                .containsExactly(LifecycleChange.Action.MODEL_DELETED);
        assertThatThrownBy(() -> registry().register(ModelRegistration.builder(HistoryTags.HOLDER).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> registry().deleteModel(HistoryTags.HOLDER, Attribution.by("bob", "x")))
                .isInstanceOf(org.mlops4j.core.ModelNotFoundException.class);
    }
}
