package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.AliasAtomicity;
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
}
