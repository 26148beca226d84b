package org.mlops4j.tracking.mlflow;

import java.nio.file.Path;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tracking.TrackerContract;

/**
 * The tracker contract against a real MLflow server (skipped unless {@value RealMlflowServer#ENV}
 * is set).
 */
class RealMlflowTrackerTest extends TrackerContract {

    @Override
    protected Tracker createTracker(ManualClock clock, Path dir) {
        RealMlflowServer.reset();
        return new MlflowTracker(RealMlflowServer.config(clock));
    }

    /** MLflow's own registry on the same server: the version's artifact is uploaded to it. */
    @Override
    protected ModelRegistry createRegistry(ManualClock clock, Path dir) {
        return new MlflowModelRegistry(RealMlflowServer.config(clock));
    }

    /** MLflow's {@code experiments/create} takes no time: the server stamps it with its own clock. */
    @Override
    protected boolean serverAssignsExperimentCreationTimes() {
        return true;
    }
}
