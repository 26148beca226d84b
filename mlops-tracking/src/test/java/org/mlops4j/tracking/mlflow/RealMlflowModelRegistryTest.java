package org.mlops4j.tracking.mlflow;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelRegistryContract;
import org.mlops4j.core.registry.ModelVersion;

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
}
