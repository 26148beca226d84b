package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * EDDM at alpha 0.95, beta 0.9 (the defaults, as in MOA and River) is known to alarm often on a
 * stationary noisy stream (River's own example loosens them to 0.8 / 0.75); the bound below
 * documents that.
 */
class EddmTest extends BinaryDetectorContractTest {

    @Override
    ConceptDriftDetector create() {
        return ConceptDriftDetectors.eddm();
    }

    @Override
    int maxStationaryAlarms() {
        return 200;
    }

    @Override
    int maxJumpDelay() {
        return 300;
    }

    @Test
    void rejectsFractionalErrors() {
        assertThatThrownBy(() -> create().update(0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.5");
    }

    @Test
    void looserThresholdsAlarmLessOnStationaryStream() {
        ConceptDriftDetector loose = ConceptDriftDetectors.eddm(new EddmConfig(30, 0.8, 0.75, EddmConfig.Convention.MOA));
        long alarms = feed(loose, bernoulli(42, 50_000, 50_000, 0.1, 0.1), 0, 50_000).stream()
                .filter(s -> s == DriftState.DRIFT).count();
        assertThat(alarms).isLessThanOrEqualTo(2);
    }

    @Test
    void correctPredictionsLeaveTheStateUnchanged() {
        ConceptDriftDetector eddm = create();
        double[] xs = bernoulli(4, 4_000, 1_000, 0.1, 0.5);
        DriftState previous = DriftState.NONE;
        for (double x : xs) {
            DriftState s = eddm.update(x);
            if (x == 0.0 && previous != DriftState.DRIFT) {
                assertThat(s).isEqualTo(previous);
            }
            previous = s;
        }
    }
}
