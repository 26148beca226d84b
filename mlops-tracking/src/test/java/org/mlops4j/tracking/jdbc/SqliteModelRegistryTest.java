package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelRegistryContract;
import org.mlops4j.core.registry.ModelVersion;

class SqliteModelRegistryTest extends ModelRegistryContract {

    private Path root;

    @Override
    protected ModelRegistry createRegistry(ManualClock clock) {
        root = tempDir.resolve("store");
        return new JdbcModelRegistry(JdbcStore.sqlite(root.resolve("mlops.db")), root.resolve("artifacts"), clock);
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

        ModelRegistry reopened = new JdbcModelRegistry(JdbcStore.sqlite(root.resolve("mlops.db")),
                root.resolve("artifacts"), clock);

        assertThat(reopened.require("models:/fraud@champion").version()).isEqualTo(1);
        assertThat(reopened.aliasHistory("fraud")).hasSize(1);
    }
}
