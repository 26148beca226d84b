package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
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

    @Test
    void moasConventionUsesThePopulationDeviationAndRiversTheSampleDeviation() {
        // Errors at observations 1, 3 and 6: distances 1, 2, 3, mean 2, squared deviations 2.
        double[] xs = {1, 0, 1, 0, 0, 1};
        ConceptDriftDetector moa = ConceptDriftDetectors.eddm(new EddmConfig(0, 0.95, 0.9, EddmConfig.Convention.MOA));
        ConceptDriftDetector river = ConceptDriftDetectors.eddm(new EddmConfig(0, 0.95, 0.9, EddmConfig.Convention.RIVER));
        feed(moa, xs, 0, xs.length);
        feed(river, xs, 0, xs.length);
        assertThat(moa.snapshot().value("p2sMax")).isCloseTo(2 + 2 * Math.sqrt(2.0 / 3), within(1e-12));
        assertThat(river.snapshot().value("p2sMax")).isCloseTo(2 + 2 * Math.sqrt(2.0 / 2), within(1e-12));
    }

    @Test
    void moasConventionTracksTheMaximumFromTheWarmStartthObservation() {
        double[] xs = {0, 0, 1};
        ConceptDriftDetector moa = ConceptDriftDetectors.eddm(new EddmConfig(3, 0.95, 0.9, EddmConfig.Convention.MOA));
        ConceptDriftDetector river = ConceptDriftDetectors.eddm(new EddmConfig(3, 0.95, 0.9, EddmConfig.Convention.RIVER));
        feed(moa, xs, 0, 3);
        feed(river, xs, 0, 3);
        assertThat(moa.snapshot().value("p2sMax")).isEqualTo(3.0);
        assertThat(river.snapshot().value("p2sMax")).isEqualTo(-1.0);
        ConceptDriftDetector early = ConceptDriftDetectors.eddm(new EddmConfig(4, 0.95, 0.9, EddmConfig.Convention.MOA));
        feed(early, xs, 0, 3);
        assertThat(early.snapshot().value("p2sMax")).isEqualTo(-1.0);
    }

    @Test
    void aStateSavedBeforeTheConventionExistedRestoresRiversAndABadConventionIsRefused() {
        ConceptDriftDetector river = ConceptDriftDetectors.eddm(EddmConfig.river());
        double[] xs = bernoulli(6, 3_000, 1_000, 0.2, 0.5);
        feed(river, xs, 0, 500);
        java.util.Map<String, Double> old = new java.util.HashMap<>(river.snapshot().values());
        assertThat(old.remove("convention")).isEqualTo((double) EddmConfig.Convention.RIVER.ordinal());
        ConceptDriftDetector restored = ConceptDriftDetectors.restore(DetectorState.of("EDDM", river.state(), old));
        assertThat(restored.snapshot()).isEqualTo(river.snapshot());
        assertThat(feed(restored, xs, 500, 3_000)).isEqualTo(feed(river, xs, 500, 3_000));
        old.put("convention", 2.0);
        assertThatThrownBy(() -> ConceptDriftDetectors.restore(DetectorState.of("EDDM", DriftState.NONE, old)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EDDM state field 'convention' must be in [0, 1] but was 2");
        old.put("convention", -1.0);
        assertThatThrownBy(() -> ConceptDriftDetectors.restore(DetectorState.of("EDDM", DriftState.NONE, old)))
                .hasMessage("EDDM state field 'convention' must be in [0, 1] but was -1");
    }

    @Test
    void riversConventionStartsTheMaximumAtTheFirstError() {
        // One error at observation 2: distance 2, no deviation yet (one distance), so p' + 2s' = 2.
        ConceptDriftDetector river = ConceptDriftDetectors.eddm(new EddmConfig(0, 0.95, 0.9, EddmConfig.Convention.RIVER));
        feed(river, new double[] {0, 1}, 0, 2);
        assertThat(river.snapshot().value("p2sMax")).isEqualTo(2.0);
    }

    @Test
    void warnsAndReturnsFromAWarningToNone() {
        // On a stable error stream EDDM wanders into its warning zone and out again.
        List<DriftState> states = feed(create(), bernoulli(1, 20_000, 20_000, 0.2, 0.2), 0, 20_000);
        boolean warned = false;
        boolean recovered = false;
        for (DriftState s : states) {
            if (s == DriftState.WARNING) {
                warned = true;
            } else if (s == DriftState.DRIFT) {
                warned = false;
            } else if (warned) {
                recovered = true;
            }
        }
        assertThat(recovered).isTrue();
    }
}
