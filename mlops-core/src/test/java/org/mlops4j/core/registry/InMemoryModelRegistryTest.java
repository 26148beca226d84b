package org.mlops4j.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;

class InMemoryModelRegistryTest extends ModelRegistryContract {

    @Override
    protected ModelRegistry createRegistry(ManualClock clock) {
        return new InMemoryModelRegistry(clock);
    }

    @Test
    void referencesArtifactsInPlaceByAbsolutePath() throws Exception {
        ModelArtifact art = artifact("m.bin", "x");
        ModelVersion v = registry().register(ModelRegistration.builder("fraud").artifact(art).build());
        assertThat(Path.of(v.artifactLocation().orElseThrow())).isEqualTo(art.file().toAbsolutePath());
    }
}
