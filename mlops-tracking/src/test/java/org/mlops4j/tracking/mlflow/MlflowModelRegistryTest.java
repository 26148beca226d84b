package org.mlops4j.tracking.mlflow;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelRegistryContract;
import org.mlops4j.core.registry.ModelVersion;

/** The registry contract against {@link MlflowModelRegistry} talking to a {@link FakeMlflowServer}. */
class MlflowModelRegistryTest extends ModelRegistryContract {

    private FakeMlflowServer server;

    @Override
    protected ModelRegistry createRegistry(ManualClock clock) throws Exception {
        server = new FakeMlflowServer(clock, tempDir.resolve("mlflow-artifacts"));
        return new MlflowModelRegistry(MlflowConfig.of(server.uri()).withClock(clock)
                .withRetries(3, Duration.ofMillis(1)));
    }

    /** The fake server's stored copy, which the checksum-tamper test overwrites. */
    @Override
    protected Path storedArtifactFile(ModelVersion version) {
        String dir = version.artifactLocation().orElseThrow();
        return server.artifactFile(dir + dir.substring(dir.lastIndexOf('/')));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }
}
