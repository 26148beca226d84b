package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelRegistryContract;
import org.mlops4j.core.registry.ModelVersion;

class SqliteModelRegistryTest extends ModelRegistryContract {

    private final OpenedStores stores = new OpenedStores();

    @org.junit.jupiter.api.AfterEach
    void closeStores() {
        stores.close();
    }

    private Path root;

    @Override
    protected ModelRegistry createRegistry(ManualClock clock) {
        root = tempDir.resolve("store");
        return new JdbcModelRegistry(stores.sqlite(root.resolve("mlops.db")), root.resolve("artifacts"), clock);
    }

    @Override
    protected Path storedArtifactFile(ModelVersion version) {
        return root.resolve("artifacts").resolve(version.artifactLocation().orElseThrow());
    }

    @Test
    void artifactsAreCopiedIntoTheStoreByContent() throws Exception {
        ModelArtifact art = artifact("weights.bin", "w1");
        ModelVersion v = registry().register(ModelRegistration.builder("fraud").artifact(art).build());

        assertThat(v.artifactLocation()).contains("models/" + art.sha256() + "/weights.bin");
        Path copy = root.resolve("artifacts/models/" + art.sha256() + "/weights.bin");
        assertThat(copy).hasContent("w1");
        // The original may go away: the registry loads its own copy.
        Files.delete(art.file());
        String loaded = registry().load("models:/fraud/1", Files::readString);
        assertThat(loaded).isEqualTo("w1");
    }

    @Test
    void versionsSurviveReopeningTheStore() throws Exception {
        registry().register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());
        registry().setAlias("fraud", "champion", 1, org.mlops4j.core.registry.Attribution.by("t", "r"));

        ModelRegistry reopened = new JdbcModelRegistry(stores.sqlite(root.resolve("mlops.db")),
                root.resolve("artifacts"), clock);

        assertThat(reopened.require("models:/fraud@champion").version()).isEqualTo(1);
        assertThat(reopened.aliasHistory("fraud")).hasSize(1);
    }

    @Test
    void aModelDirectoryPlantedAsALinkIsRefusedOnLoad() throws Exception {
        ModelArtifact art = artifact("weights.bin", "w1");
        registry().register(ModelRegistration.builder("fraud").artifact(art).build());
        Path stored = root.resolve("artifacts/models/" + art.sha256());
        Path outside = tempDir.resolve("outside");
        Files.move(stored, outside);
        Files.createSymbolicLink(stored, outside);

        assertThatThrownBy(() -> registry().load("models:/fraud/1", Files::readString))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("is a symbolic link");
    }

    @Test
    void aModelsDirectoryPlantedAsALinkIsRefusedOnRegisterAndNothingIsWrittenOutside() throws Exception {
        registry();
        Path outside = Files.createDirectories(tempDir.resolve("outside"));
        Files.createDirectories(root.resolve("artifacts"));
        Files.createSymbolicLink(root.resolve("artifacts/models"), outside);

        assertThatThrownBy(() -> registry().register(ModelRegistration.builder("fraud")
                .artifact(artifact("weights.bin", "w1")).build()))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("models is a symbolic link");
        try (var written = Files.list(outside)) {
            assertThat(written).isEmpty();
        }
        assertThat(registry().modelNames()).isEmpty();
    }
}
