package org.mlops4j.tracking.mlflow;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tracking.TrackerContract;

/** The tracker contract against {@link MlflowTracker} talking to a {@link FakeMlflowServer}. */
class MlflowTrackerTest extends TrackerContract {

    private FakeMlflowServer server;

    @Override
    protected Tracker createTracker(ManualClock clock, Path dir) throws Exception {
        server = new FakeMlflowServer(clock, dir.resolve("mlflow-artifacts"));
        return new MlflowTracker(MlflowConfig.of(server.uri()).withClock(clock).withRetries(3, Duration.ofMillis(1)));
    }

    /** MLflow's registry on the same fake server. */
    @Override
    protected ModelRegistry createRegistry(ManualClock clock, Path dir) {
        return new MlflowModelRegistry(MlflowConfig.of(server.uri()).withClock(clock).withRetries(3, Duration.ofMillis(1)));
    }

    /** Like a real MLflow server, the fake stamps experiments with its own wall clock. */
    @Override
    protected boolean serverAssignsExperimentCreationTimes() {
        return true;
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

}
