package org.mlops4j.tracking.mlflow;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.tracking.RunBaselinesTest;

/** Baselines kept as MLflow metrics and tags, on the fake server: the keys pass MLflow's rules. */
class MlflowBaselinesTest {

    @TempDir
    Path dir;

    @Test
    void baselinesRoundTripThroughMlflow() throws Exception {
        ManualClock clock = ManualClock.startingAtEpoch2024();
        try (FakeMlflowServer server = new FakeMlflowServer(clock, dir.resolve("mlflow-artifacts"))) {
            RunBaselinesTest.recordsReadsAndCompares(new MlflowTracker(MlflowConfig.of(server.uri()).withClock(clock)
                    .withRetries(3, Duration.ofMillis(1))));
        }
    }
}
