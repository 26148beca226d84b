package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PageHinkleyTest extends ConceptDriftDetectorContractTest {

    @Override
    ConceptDriftDetector create() {
        return ConceptDriftDetectors.pageHinkley();
    }

    @Override
    int maxStationaryAlarms() {
        return 2;
    }

    @Override
    int maxJumpDelay() {
        return 250;
    }

    static double[] gaussian(long seed, int length, int shiftAt, double before, double after) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] xs = new double[length];
        for (int i = 0; i < length; i++) {
            xs[i] = (i < shiftAt ? before : after) + gaussian(random);
        }
        return xs;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void detectsMeanShiftOfGaussianStream() {
        double[] xs = gaussian(8, 4_000, 2_000, 0.0, 1.0);
        var states = feed(create(), xs, 0, 4_000);
        assertThat(states.subList(0, 2_000)).doesNotContain(DriftState.DRIFT);
        assertThat(states.subList(2_000, 4_000).indexOf(DriftState.DRIFT)).isBetween(0, 120);
    }

    @Test
    void neverWarns() {
        var states = feed(create(), gaussian(9, 4_000, 2_000, 0.0, 1.0), 0, 4_000);
        assertThat(states).doesNotContain(DriftState.WARNING);
    }

    @Test
    void upModeIgnoresDecreaseThatBothModesDetect() {
        double[] xs = gaussian(10, 6_000, 2_000, 1.0, 0.0);
        ConceptDriftDetector up = ConceptDriftDetectors.pageHinkley(
                new PageHinkleyConfig(30, 0.005, 50, 0.9999, PageHinkleyConfig.Mode.UP));
        assertThat(feed(up, xs, 0, 6_000)).doesNotContain(DriftState.DRIFT);
        assertThat(feed(river(), xs, 0, 6_000).indexOf(DriftState.DRIFT)).isBetween(2_000, 2_150);
    }

    @Test
    void defaultWatchesIncreasesOnly() {
        double[] xs = gaussian(10, 6_000, 2_000, 1.0, 0.0);
        assertThat(feed(create(), xs, 0, 6_000)).doesNotContain(DriftState.DRIFT);
        double[] rise = gaussian(10, 6_000, 2_000, 0.0, 1.0);
        assertThat(feed(create(), rise, 0, 6_000).indexOf(DriftState.DRIFT)).isBetween(2_000, 2_150);
    }

    @Test
    void riverModeRaisesMoreFalseAlarmsOnAStableStream() {
        // River's two-sided defaults against the one-sided defaults on 10 stable Gaussian streams.
        long river = 0;
        long ours = 0;
        for (long seed = 1; seed <= 10; seed++) {
            double[] xs = gaussian(100 + seed, 10_000, 10_000, 0.0, 0.0);
            river += feed(river(), xs, 0, 10_000).stream().filter(s -> s == DriftState.DRIFT).count();
            ours += feed(create(), xs, 0, 10_000).stream().filter(s -> s == DriftState.DRIFT).count();
        }
        assertThat(river).isGreaterThan(4 * ours).isGreaterThan(20);
    }

    private static ConceptDriftDetector river() {
        return ConceptDriftDetectors.pageHinkley(PageHinkleyConfig.river());
    }

    @Test
    void needsMinInstancesBeforeDetecting() {
        ConceptDriftDetector ph = ConceptDriftDetectors.pageHinkley(
                new PageHinkleyConfig(30, 0.005, 1.0, 0.9999, PageHinkleyConfig.Mode.BOTH));
        double[] xs = new double[40];
        for (int i = 5; i < 40; i++) {
            xs[i] = 100.0;
        }
        var states = feed(ph, xs, 0, 40);
        assertThat(states.subList(0, 29)).containsOnly(DriftState.NONE);
        assertThat(states.get(29)).isEqualTo(DriftState.DRIFT);
    }

    @Test
    void keepsBothSumsWithForgettingAndDelta() {
        // alpha 0.5, delta 0.5; values 1 then 3: means 1, 2; deviations 0, 1.
        ConceptDriftDetector ph = ConceptDriftDetectors.pageHinkley(
                new PageHinkleyConfig(1, 0.5, 10, 0.5, PageHinkleyConfig.Mode.BOTH));
        ph.update(1.0);
        ph.update(3.0);
        DetectorState s = ph.snapshot();
        assertThat(s.value("sumIncrease")).isEqualTo(0.5 * -0.5 + 1 - 0.5);
        assertThat(s.value("sumDecrease")).isEqualTo(0.5 * 0.5 + 1 + 0.5);
        assertThat(s.value("minIncrease")).isEqualTo(-0.5);
        assertThat(s.value("maxDecrease")).isEqualTo(1.75);
    }

    @Test
    void downModeIgnoresIncreasesAndDetectsDecreases() {
        ConceptDriftDetector down = ConceptDriftDetectors.pageHinkley(
                new PageHinkleyConfig(30, 0.005, 50, 0.9999, PageHinkleyConfig.Mode.DOWN));
        assertThat(feed(down, gaussian(10, 6_000, 2_000, 0.0, 1.0), 0, 6_000)).doesNotContain(DriftState.DRIFT);
        ConceptDriftDetector again = ConceptDriftDetectors.pageHinkley(
                new PageHinkleyConfig(30, 0.005, 50, 0.9999, PageHinkleyConfig.Mode.DOWN));
        assertThat(feed(again, gaussian(10, 6_000, 2_000, 1.0, 0.0), 0, 6_000).indexOf(DriftState.DRIFT))
                .isBetween(2_000, 2_150);
    }

    @Test
    void restoreRefusesAModeOutOfRange() {
        java.util.Map<String, Double> v = new java.util.HashMap<>(create().snapshot().values());
        v.put("mode", 2.0);
        assertThat(ConceptDriftDetectors.restore(DetectorState.of("PageHinkley", DriftState.NONE, v))
                .snapshot().value("mode")).isEqualTo(2.0);
        for (double bad : new double[] {-1.0, 3.0}) {
            v.put("mode", bad);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConceptDriftDetectors.restore(
                    DetectorState.of("PageHinkley", DriftState.NONE, v)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("PageHinkley state field 'mode' must be in [0, 2] but was " + (int) bad);
        }
    }
}
