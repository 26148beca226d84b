package org.mlops4j.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DriftTestsTest {

    private static final double[] SAMPLE = {1.0, 2.0, 3.0, 4.0, 5.0};

    static java.util.Set<String> numericNames() {
        return DriftTests.numericNames();
    }

    static java.util.Set<String> categoricalNames() {
        return DriftTests.categoricalNames();
    }

    @Test
    void listsEveryBuiltInName() {
        assertThat(DriftTests.numericNames()).containsExactlyInAnyOrder(
                "ks", "cvm", "mannw", "t_test", "wasserstein", "wasserstein_norm", "energy", "psi");
        assertThat(DriftTests.categoricalNames()).containsExactlyInAnyOrder(
                "chisquare", "jensenshannon", "hellinger", "tvd", "psi", "z");
    }

    @Test
    void unknownNumericNameIsRejectedWithTheKnownNames() {
        assertThatThrownBy(() -> DriftTests.numeric("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining("ks").hasMessageContaining("wasserstein_norm");
    }

    @Test
    void unknownCategoricalNameIsRejectedWithTheKnownNames() {
        assertThatThrownBy(() -> DriftTests.categorical("ks"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chisquare").hasMessageContaining("jensenshannon");
    }

    @ParameterizedTest
    @MethodSource("numericNames")
    void emptySampleIsRejected(String name) {
        NumericDriftTest test = DriftTests.numeric(name);
        assertThatThrownBy(() -> test.test(new double[0], SAMPLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference sample must not be empty");
        assertThatThrownBy(() -> test.test(SAMPLE, new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current sample must not be empty");
    }

    @ParameterizedTest
    @MethodSource("numericNames")
    void nanOrInfinityInASampleIsRejectedNamingThePosition(String name) {
        NumericDriftTest test = DriftTests.numeric(name);
        assertThatThrownBy(() -> test.test(SAMPLE, new double[] {1.0, Double.NaN, 2.0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current[1] was NaN");
        assertThatThrownBy(() -> test.test(new double[] {Double.POSITIVE_INFINITY, 1.0}, SAMPLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference[0] was Infinity");
    }

    @ParameterizedTest
    @MethodSource("numericNames")
    void nullSampleIsRejected(String name) {
        assertThatThrownBy(() -> DriftTests.numeric(name).test(null, SAMPLE))
                .isInstanceOf(NullPointerException.class).hasMessage("reference");
    }

    @ParameterizedTest
    @MethodSource("numericNames")
    void inputsAreNotModified(String name) {
        double[] ref = {5.0, 1.0, 4.0, 2.0, 3.0};
        double[] cur = {9.0, 7.0, 8.0};
        DriftTests.numeric(name).test(ref, cur);
        assertThat(ref).containsExactly(5.0, 1.0, 4.0, 2.0, 3.0);
        assertThat(cur).containsExactly(9.0, 7.0, 8.0);
    }

    @ParameterizedTest
    @MethodSource("numericNames")
    void identicalSamplesDoNotDrift(String name) {
        double[] sample = new Random(7).doubles(200).toArray();
        DriftResult result = DriftTests.numeric(name).test(sample, sample.clone());
        assertThat(result.drifted()).isFalse();
        assertThat(result.method()).isEqualTo(name);
    }

    @ParameterizedTest
    @MethodSource("numericNames")
    void clearlyShiftedSamplesDrift(String name) {
        Random random = new Random(11);
        double[] ref = random.doubles(300).toArray();
        double[] cur = random.doubles(300).map(v -> v + 3.0).toArray();
        assertThat(DriftTests.numeric(name).test(ref, cur).drifted()).isTrue();
    }

    @Test
    void tTestWithBothSamplesConstantIsRejectedNamingTheValues() {
        assertThatThrownBy(() -> DriftTests.numeric("t_test")
                .test(new double[] {2.0, 2.0}, new double[] {3.0, 3.0, 3.0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both samples are constant")
                .hasMessageContaining("2.0").hasMessageContaining("3.0");
    }

    @Test
    void tTestAndCvmNeedTwoValuesPerSample() {
        assertThatThrownBy(() -> DriftTests.numeric("t_test").test(new double[] {1.0}, SAMPLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t_test needs at least 2 values in the reference sample");
        assertThatThrownBy(() -> DriftTests.numeric("cvm").test(SAMPLE, new double[] {1.0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cvm needs at least 2 values in the current sample");
    }

    @Test
    void mannWhitneyOnAllTiedValuesHasPValueOne() {
        DriftResult result = DriftTests.numeric("mannw")
                .test(new double[] {4.0, 4.0, 4.0}, new double[] {4.0, 4.0});
        assertThat(result.statistic()).isEqualTo(3.0);
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.drifted()).isFalse();
    }

    @Test
    void ksOnSingleValuesIsDefined() {
        DriftResult result = DriftTests.numeric("ks").test(new double[] {1.0}, new double[] {2.0});
        assertThat(result.statistic()).isEqualTo(1.0);
        assertThat(result.pValue()).isEqualTo(1.0);
    }

    @Test
    void pValueTestsDriftBelowTheThresholdAndDistancesAtOrAboveIt() {
        double[] ref = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] cur = {3, 4, 5, 6, 7, 8, 9, 10};
        DriftResult ks = DriftTests.numeric("ks").test(ref, cur);
        assertThat(ks.threshold()).isEqualTo(0.05);
        assertThat(DriftTests.numeric("ks", Math.nextUp(ks.pValue())).test(ref, cur).drifted())
                .isTrue();
        assertThat(DriftTests.numeric("ks", ks.pValue()).test(ref, cur).drifted()).isFalse();

        DriftResult w = DriftTests.numeric("wasserstein").test(ref, cur);
        assertThat(w.statistic()).isEqualTo(2.0);
        assertThat(w.pValue()).isNaN();
        assertThat(w.threshold()).isEqualTo(0.1);
        assertThat(DriftTests.numeric("wasserstein", 2.0).test(ref, cur).drifted()).isTrue();
        assertThat(DriftTests.numeric("wasserstein", Math.nextUp(2.0)).test(ref, cur).drifted())
                .isFalse();
    }

    @Test
    void categoricalPValueTestsDriftBelowTheThresholdAndDistancesAtOrAboveIt() {
        // drift/reference.json's "two-categories" case: scipy's chi2_contingency p-value 0.22987290940150046.
        // Sorted maps, so the statistic sums the categories in one order on every run.
        java.util.Map<String, Long> ref = new java.util.TreeMap<>(java.util.Map.of("yes", 70L, "no", 50L));
        java.util.Map<String, Long> cur = new java.util.TreeMap<>(java.util.Map.of("no", 45L, "yes", 45L));
        DriftResult chi = DriftTests.categorical("chisquare").testCounts(ref, cur);
        assertThat(chi.pValue()).isCloseTo(0.22987290940150046, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(chi.threshold()).isEqualTo(0.05);
        assertThat(chi.drifted()).isFalse();
        DriftResult atP = DriftTests.categorical("chisquare", chi.pValue()).testCounts(ref, cur);
        assertThat(atP.drifted()).isFalse();
        assertThat(atP.pValue()).isEqualTo(chi.pValue());
        assertThat(atP.threshold()).isEqualTo(chi.pValue());
        assertThat(DriftTests.categorical("chisquare", Math.nextUp(chi.pValue())).testCounts(ref, cur).drifted())
                .isTrue();

        // Shares 1/2, 1/2 against 3/4, 1/4: total variation (1/4 + 1/4) / 2 = 0.25 exactly.
        java.util.Map<String, Long> even = new java.util.TreeMap<>(java.util.Map.of("a", 2L, "b", 2L));
        java.util.Map<String, Long> skewed = new java.util.TreeMap<>(java.util.Map.of("a", 3L, "b", 1L));
        DriftResult tvd = DriftTests.categorical("tvd").testCounts(even, skewed);
        assertThat(tvd.statistic()).isEqualTo(0.25);
        assertThat(tvd.pValue()).isNaN();
        assertThat(tvd.threshold()).isEqualTo(0.1);
        assertThat(tvd.drifted()).isTrue();
        DriftResult atDistance = DriftTests.categorical("tvd", 0.25).testCounts(even, skewed);
        assertThat(atDistance.drifted()).isTrue();
        assertThat(atDistance.pValue()).isNaN();
        assertThat(DriftTests.categorical("tvd", Math.nextUp(0.25)).testCounts(even, skewed).drifted()).isFalse();
        assertThat(DriftTests.categorical("tvd", 0.25)).hasToString("CategoricalDriftTest[tvd, threshold=0.25]");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0, -0.1, Double.NaN})
    void significanceOutsideOpenUnitIntervalIsRejected(double threshold) {
        assertThatThrownBy(() -> DriftTests.numeric("ks", threshold))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be in (0, 1) but was " + threshold);
        assertThatThrownBy(() -> DriftTests.categorical("chisquare", threshold))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1.0, Double.POSITIVE_INFINITY, Double.NaN})
    void distanceThresholdMustBeFiniteAndPositive(double threshold) {
        assertThatThrownBy(() -> DriftTests.numeric("psi", threshold))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be finite and positive but was " + threshold);
        assertThatThrownBy(() -> DriftTests.categorical("tvd", threshold))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("categoricalNames")
    void emptyOrNullCategoricalInputIsRejected(String name) {
        CategoricalDriftTest test = DriftTests.categorical(name);
        assertThatThrownBy(() -> test.test(new String[0], new String[] {"a"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference sample must not be empty");
        assertThatThrownBy(() -> test.test(new String[] {"a"}, new String[] {"a", null}))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("current[1]");
    }

    @ParameterizedTest
    @MethodSource("categoricalNames")
    void categorySeenOnOneSideOnlyIsHandled(String name) {
        String[] ref = new String[100];
        String[] cur = new String[100];
        // The z test compares two categories, so its sample has "a" on both sides and "b" on one only.
        boolean two = name.equals("z");
        for (int i = 0; i < 100; i++) {
            ref[i] = two ? "a" : i % 2 == 0 ? "a" : "b";
            cur[i] = i % 4 == 0 ? "a" : two ? "b" : "c";
        }
        DriftResult result = DriftTests.categorical(name).test(ref, cur);
        assertThat(result.statistic()).isFinite().isPositive();
        assertThat(result.drifted()).isTrue();
    }

    @Test
    void singleSharedCategoryHasNoChiSquareEvidence() {
        DriftResult result = DriftTests.categorical("chisquare")
                .test(new String[] {"a", "a"}, new String[] {"a"});
        assertThat(result.statistic()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.drifted()).isFalse();
    }

    @Test
    void categoricalDistancesOfDisjointSamplesReachTheirMaxima() {
        String[] ref = {"a", "a", "b"};
        String[] cur = {"c", "d"};
        assertThat(DriftTests.categorical("tvd").test(ref, cur).statistic()).isEqualTo(1.0);
        assertThat(DriftTests.categorical("hellinger").test(ref, cur).statistic())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(DriftTests.categorical("jensenshannon").test(ref, cur).statistic())
                .isCloseTo(Math.sqrt(Math.log(2)), org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void resultRejectsInvalidComponents() {
        assertThatThrownBy(() -> new DriftResult(" ", 1.0, 0.5, 0.05, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("method");
        assertThatThrownBy(() -> new DriftResult("ks", Double.NaN, 0.5, 0.05, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new DriftResult("ks", 0.1, 1.5, 0.05, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pValue must be NaN or in [0, 1] but was 1.5");
    }

    @Test
    void ksOnAMillionValuesPerSideUsesTheAsymptoticPath() {
        Random random = new Random(3);
        double[] ref = random.doubles(1_000_000).toArray();
        double[] cur = random.doubles(1_000_000).map(v -> v * 1.002).toArray();
        long start = System.nanoTime();
        DriftResult result = DriftTests.numeric("ks").test(ref, cur);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(result.pValue()).isBetween(0.0, 1.0);
        assertThat(millis).as("ks on 1e6 vs 1e6 in ms").isLessThan(5_000);
    }
}
