package org.mlops4j.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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

    /**
     * The lock is reentrant, so a write that kept it would go unnoticed on its own thread: after each
     * lifecycle write another thread must still get in.
     */
    @Test
    void everyLifecycleWriteReleasesTheLockForOtherThreads() throws Exception {
        ModelRegistry registry = registry();
        Attribution by = Attribution.by("ci", "test");
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a")).build());
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("b.bin", "b")).build());
        registry.register(ModelRegistration.builder("churn").build());
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            registry.archive("fraud", 1, by);
            assertOtherThreadRegisters(other, registry);
            registry.restore("fraud", 1, by);
            assertOtherThreadRegisters(other, registry);
            registry.deleteVersion("fraud", 2, by);
            assertOtherThreadRegisters(other, registry);
            registry.deleteModel("churn", by);
            assertOtherThreadRegisters(other, registry);
        } finally {
            other.shutdownNow();
        }
        assertThat(registry.versions("other")).hasSize(4);
    }

    private static void assertOtherThreadRegisters(ExecutorService other, ModelRegistry registry) throws Exception {
        assertThat(other.submit(() -> registry.register(ModelRegistration.builder("other").build()))
                .get(10, TimeUnit.SECONDS).name()).isEqualTo("other");
    }
}
