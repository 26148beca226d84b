package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DdmTest extends BinaryDetectorContractTest {

    @Override
    ConceptDriftDetector create() {
        return ConceptDriftDetectors.ddm();
    }

    @Override
    int maxStationaryAlarms() {
        return 1;
    }

    @Override
    int maxJumpDelay() {
        return 500;
    }

    @Test
    void signalsNothingDuringWarmStart() {
        ConceptDriftDetector ddm = create();
        double[] xs = new double[30];
        for (int i = 15; i < 30; i++) {
            xs[i] = 1.0;
        }
        assertThat(feed(ddm, xs, 0, 30)).containsOnly(DriftState.NONE);
    }

    @Test
    void firstErrorAfterAnErrorFreeWarmStartIsADrift() {
        // River's DDM: with p_min = s_min = 0 any error exceeds the drift level, but only once
        // more than warmStart observations have been seen.
        ConceptDriftDetector early = create();
        feed(early, new double[29], 0, 29);
        assertThat(early.update(1.0)).isEqualTo(DriftState.NONE);
        ConceptDriftDetector late = create();
        feed(late, new double[31], 0, 31);
        assertThat(late.update(1.0)).isEqualTo(DriftState.DRIFT);
    }

    @Test
    void warnsBeforeItSignalsDrift() {
        ConceptDriftDetector ddm = create();
        List<DriftState> states = feed(ddm, bernoulli(1, 6_000, 2_000, 0.1, 0.5), 0, 6_000);
        int drift = states.indexOf(DriftState.DRIFT);
        assertThat(drift).isPositive();
        assertThat(states.subList(0, drift)).contains(DriftState.WARNING);
    }

    @Test
    void restartsStatisticsAtTheUpdateAfterDrift() {
        ConceptDriftDetector ddm = create();
        double[] xs = bernoulli(2, 6_000, 2_000, 0.1, 0.5);
        List<DriftState> states = feed(ddm, xs, 0, 6_000);
        int drift = states.indexOf(DriftState.DRIFT);
        ConceptDriftDetector fresh = create();
        ConceptDriftDetector continued = ConceptDriftDetectors.restore(snapshotAt(xs, drift));
        assertThat(feed(continued, xs, drift + 1, 6_000)).isEqualTo(feed(fresh, xs, drift + 1, 6_000));
    }

    private DetectorState snapshotAt(double[] xs, int index) {
        ConceptDriftDetector ddm = create();
        feed(ddm, xs, 0, index + 1);
        return ddm.snapshot();
    }
}
