package org.mlops4j.monitoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;

class SketchDriftTest {

    private static double[] normal(long seed, int n, double shift) {
        Random random = new Random(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextGaussian() + shift;
        }
        return out;
    }

    private static FeatureProfile profile(double[] values) {
        FeatureProfile p = FeatureProfile.of(Feature.numeric("x"));
        for (double v : values) {
            p.update(v);
        }
        return p;
    }

    @Test
    void sketchKsIsCloseToExactKsAndFlagsAShift() {
        double[] ref = normal(1, 200_000, 0.0);
        double[] cur = normal(2, 200_000, 0.1);
        DriftResult exact = DriftTests.numeric("ks").test(ref, cur);
        DriftResult sketch = SketchDrift.ks(profile(ref), profile(cur), 0.05);
        assertThat(sketch.statistic()).isCloseTo(exact.statistic(), within(0.02));
        assertThat(sketch.drifted()).isTrue();
        assertThat(sketch.method()).isEqualTo("ks_sketch");
    }

    @Test
    void sketchKsDoesNotFlagIdenticalDistributions() {
        double[] ref = normal(3, 200_000, 0.0);
        double[] cur = normal(4, 200_000, 0.0);
        DriftResult exact = DriftTests.numeric("ks").test(ref, cur);
        DriftResult sketch = SketchDrift.ks(profile(ref), profile(cur), 0.05);
        assertThat(sketch.statistic()).isCloseTo(exact.statistic(), within(0.02));
        assertThat(sketch.drifted()).isFalse();
        assertThat(sketch.pValue()).isGreaterThanOrEqualTo(0.05);
    }

    @Test
    void sketchPsiIsCloseToExactPsi() {
        double[] ref = normal(5, 200_000, 0.0);
        double[] cur = normal(6, 200_000, 0.1);
        double exact = DriftTests.numeric("psi").test(ref, cur).statistic();
        DriftResult sketch = SketchDrift.psi(profile(ref), profile(cur), 0.1);
        assertThat(sketch.statistic()).isCloseTo(exact, within(0.01));
        double[] big = normal(7, 200_000, 1.0);
        assertThat(SketchDrift.psi(profile(ref), profile(big), 0.1).statistic())
                .isCloseTo(DriftTests.numeric("psi").test(ref, big).statistic(), within(0.01 * 10));
    }

    @Test
    void sketchKsIsExactOnSmallSamples() {
        double[] ref = normal(8, 50, 0.0);
        double[] cur = normal(9, 60, 0.5);
        assertThat(SketchDrift.ksStatistic(profile(ref), profile(cur)))
                .isCloseTo(DriftTests.numeric("ks").test(ref, cur).statistic(), within(1e-12));
    }

    @Test
    void kolmogorovSurvivalMatchesKnownValues() {
        // scipy.special.kolmogorov(1.0) = 0.26999967167735456, kolmogorov(0.5) = 0.9639452436648751
        assertThat(SketchDrift.kolmogorovSurvival(1.0)).isCloseTo(0.26999967167735456, within(1e-10));
        assertThat(SketchDrift.kolmogorovSurvival(0.5)).isCloseTo(0.9639452436648751, within(1e-10));
        assertThat(SketchDrift.kolmogorovSurvival(2.0)).isCloseTo(0.0006709252557796953, within(1e-12));
    }
}
