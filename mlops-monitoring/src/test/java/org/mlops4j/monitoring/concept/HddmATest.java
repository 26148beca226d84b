package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HddmATest extends BinaryDetectorContractTest {

    @Override
    ConceptDriftDetector create() {
        return ConceptDriftDetectors.hddmA();
    }

    @Override
    int maxStationaryAlarms() {
        return 0;
    }

    @Override
    int maxJumpDelay() {
        return 150;
    }

    @Test
    void oneSidedTestIgnoresFallingErrorRate() {
        double[] xs = bernoulli(6, 8_000, 2_000, 0.5, 0.05);
        assertThat(feed(create(), xs, 0, 8_000)).doesNotContain(DriftState.DRIFT);
        ConceptDriftDetector twoSided = ConceptDriftDetectors.hddmA(new HddmAConfig(0.001, 0.005, true));
        assertThat(feed(twoSided, xs, 0, 8_000).indexOf(DriftState.DRIFT)).isBetween(2_000, 2_300);
    }

    @Test
    void warnsBeforeItSignalsDrift() {
        var states = feed(create(), bernoulli(1, 6_000, 2_000, 0.1, 0.5), 0, 6_000);
        int drift = states.indexOf(DriftState.DRIFT);
        assertThat(states.subList(0, drift)).contains(DriftState.WARNING);
    }
}
