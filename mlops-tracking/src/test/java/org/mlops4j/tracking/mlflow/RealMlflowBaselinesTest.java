package org.mlops4j.tracking.mlflow;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.tracking.RunBaselinesTest;

/**
 * Baselines kept as MLflow metrics and tags on a real MLflow server: the same round trip as on the
 * other stores, so the keys pass the server's own rules (skipped unless {@value RealMlflowServer#ENV}
 * is set).
 */
class RealMlflowBaselinesTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T09:00:00Z"));

    @BeforeEach
    void emptyServer() {
        RealMlflowServer.reset();
    }

    @Test
    void baselinesRoundTripThroughARealServer() throws Exception {
        RunBaselinesTest.recordsReadsAndCompares(new MlflowTracker(RealMlflowServer.config(clock)));
    }
}
