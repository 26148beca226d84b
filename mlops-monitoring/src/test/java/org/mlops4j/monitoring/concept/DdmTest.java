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
        // With p_min = s_min = 0 any error exceeds the drift level, but only once more than
        // warmStart observations have been seen: 28 by default (MOA's 30, counted from 1 and
        // tracked from its 29th), 30 in River's configuration.
        assertFirstErrorIsADriftOnlyAfter(create(), ConceptDriftDetectors::ddm, 28);
        assertFirstErrorIsADriftOnlyAfter(ConceptDriftDetectors.ddm(DdmConfig.river()),
                () -> ConceptDriftDetectors.ddm(DdmConfig.river()), 30);
    }

    private static void assertFirstErrorIsADriftOnlyAfter(ConceptDriftDetector early,
            java.util.function.Supplier<ConceptDriftDetector> late, int warmStart) {
        feed(early, new double[warmStart - 1], 0, warmStart - 1);
        assertThat(early.update(1.0)).isEqualTo(DriftState.NONE);
        ConceptDriftDetector after = late.get();
        feed(after, new double[warmStart + 1], 0, warmStart + 1);
        assertThat(after.update(1.0)).isEqualTo(DriftState.DRIFT);
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
