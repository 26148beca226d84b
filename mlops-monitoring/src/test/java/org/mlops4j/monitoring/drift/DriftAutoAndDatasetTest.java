package org.mlops4j.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;

class DriftAutoAndDatasetTest {

    private static String[] repeat(String a, int na, String b, int nb) {
        List<String> out = new ArrayList<>(Collections.nCopies(na, a));
        out.addAll(Collections.nCopies(nb, b));
        return out.toArray(new String[0]);
    }

    @Test
    void zTestMatchesTheScipyComputation() {
        // Values from src/test/resources/drift/ztest_reference.py.
        DriftResult balanced = DriftTests.categorical("z").test(repeat("a", 60, "b", 40), repeat("a", 45, "b", 55));
        assertThat(balanced.statistic()).isCloseTo(2.1239769762143657, within(1e-12));
        assertThat(balanced.pValue()).isCloseTo(0.033672068856345855, within(1e-12));
        assertThat(balanced.drifted()).isTrue();
        DriftResult small = DriftTests.categorical("z").test(repeat("yes", 300, "no", 700),
                repeat("yes", 320, "no", 680));
        assertThat(small.statistic()).isCloseTo(-0.9669624412490645, within(1e-12));
        assertThat(small.pValue()).isCloseTo(0.3335628098370582, within(1e-12));
        DriftResult oneSide = DriftTests.categorical("z").test(repeat("x", 50, "x", 0), repeat("x", 30, "y", 20));
        assertThat(oneSide.statistic()).isCloseTo(5.0, within(1e-12));
        assertThat(oneSide.pValue()).isCloseTo(5.733031437583866e-07, within(1e-18));
        assertThatThrownBy(() -> DriftTests.categorical("z").test(new String[] {"a", "b", "c"}, new String[] {"a"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3");
    }

    @Test
    void binaryReferenceMeetingAThirdCategoryIsTestedByChiSquare() {
        String[] reference = repeat("a", 60, "b", 40);
        String[] current = new String[100];
        for (int i = 0; i < current.length; i++) {
            current[i] = i < 40 ? "a" : i < 80 ? "b" : "c";
        }
        CategoricalDriftTest auto = DriftTests.auto(reference);

        DriftResult result = auto.test(reference, current);

        assertThat(auto.name()).isEqualTo("z");
        assertThat(result.method()).isEqualTo("chisquare");
        assertThat(result).isEqualTo(DriftTests.categorical("chisquare").test(reference, current));
        assertThat(result.drifted()).isTrue();
        Map<String, Long> refCounts = Map.of("a", 60L, "b", 40L);
        Map<String, Long> curCounts = new java.util.LinkedHashMap<>();
        curCounts.put("a", 40L);
        curCounts.put("b", 40L);
        curCounts.put("c", 20L);
        assertThat(DriftTests.auto(refCounts).testCounts(refCounts, curCounts))
                .isEqualTo(DriftTests.categorical("chisquare").testCounts(refCounts, curCounts));
    }

    @Test
    void binaryNumericReferenceMeetingAThirdValueIsTestedByChiSquare() {
        double[] reference = new double[200];
        double[] current = new double[200];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = i % 2;
            current[i] = i % 3;
        }

        DriftResult result = DriftTests.auto(reference).test(reference, current);

        assertThat(result.method()).isEqualTo("chisquare");
        assertThat(result.statistic()).isEqualTo(DriftTests.categorical("chisquare")
                .test(toLabels(reference), toLabels(current)).statistic());
    }

    private static String[] toLabels(double[] values) {
        return java.util.Arrays.stream(values).mapToObj(Double::toString).toArray(String[]::new);
    }

    @Test
    void binaryReferenceWithTwoCategoriesKeepsTheExactZResult() {
        // Values from src/test/resources/drift/ztest_reference.py, as in zTestMatchesTheScipyComputation.
        String[] reference = repeat("a", 60, "b", 40);
        String[] current = repeat("a", 45, "b", 55);

        DriftResult result = DriftTests.auto(reference).test(reference, current);

        assertThat(result).isEqualTo(DriftTests.categorical("z").test(reference, current));
        assertThat(result.method()).isEqualTo("z");
        assertThat(result.statistic()).isCloseTo(2.1239769762143657, within(1e-12));
        assertThat(result.pValue()).isCloseTo(0.033672068856345855, within(1e-12));
        DriftResult oneSided = DriftTests.auto(new String[] {"x", "x"}).test(repeat("x", 50, "x", 0),
                repeat("x", 30, "y", 20));
        assertThat(oneSided.method()).isEqualTo("z");
        assertThat(oneSided.statistic()).isCloseTo(5.0, within(1e-12));
    }

    @Test
    void aZeroCountIsACategoryNotSeen() {
        Map<String, Long> ref = new java.util.LinkedHashMap<>();
        ref.put("a", 0L);
        ref.put("b", 60L);
        ref.put("c", 40L);
        Map<String, Long> cur = new java.util.LinkedHashMap<>();
        cur.put("d", 0L);
        cur.put("c", 55L);
        cur.put("b", 45L);
        String[] refSample = repeat("b", 60, "c", 40);
        String[] curSample = repeat("c", 55, "b", 45);
        for (String name : DriftTests.categoricalNames()) {
            assertThat(DriftTests.categorical(name).testCounts(ref, cur))
                    .as(name).isEqualTo(DriftTests.categorical(name).test(refSample, curSample));
        }
        assertThat(DriftTests.auto(ref).testCounts(ref, cur).method()).isEqualTo("z");
    }

    @Test
    void countsGiveTheSameResultAsTheSamplesTheyCount() {
        Map<String, Long> ref = new java.util.LinkedHashMap<>();
        ref.put("a", 50L);
        ref.put("b", 30L);
        ref.put("c", 20L);
        Map<String, Long> cur = new java.util.LinkedHashMap<>();
        cur.put("b", 45L);
        cur.put("a", 40L);
        cur.put("d", 15L);
        String[] refSample = new String[100];
        String[] curSample = new String[100];
        for (int i = 0; i < 100; i++) {
            refSample[i] = i < 50 ? "a" : i < 80 ? "b" : "c";
            curSample[i] = i < 45 ? "b" : i < 85 ? "a" : "d";
        }
        for (String name : DriftTests.categoricalNames()) {
            if (name.equals("z")) {
                continue;
            }
            assertThat(DriftTests.categorical(name).testCounts(ref, cur))
                    .as(name).isEqualTo(DriftTests.categorical(name).test(refSample, curSample));
        }
        assertThat(DriftTests.auto(ref).name()).isEqualTo(DriftTests.auto(refSample).name()).isEqualTo("chisquare");
        assertThat(DriftTests.auto(Map.of("x", 2_000L)).name()).isEqualTo("jensenshannon");
        assertThatThrownBy(() -> DriftTests.categorical("tvd").testCounts(Map.of("a", -1L), cur))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> DriftTests.categorical("tvd").testCounts(Map.of("a", 0L), cur))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference sample must not be empty");
    }

    @Test
    void autoFollowsEvidentlysRule() {
        SplittableRandom rnd = new SplittableRandom(1);
        double[] smallContinuous = rnd.doubles(1000).toArray();
        double[] largeContinuous = rnd.doubles(1001).toArray();
        double[] fewValues = new double[500];
        for (int i = 0; i < fewValues.length; i++) {
            fewValues[i] = i % 4;
        }
        double[] binary = new double[500];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = i % 2;
        }
        assertThat(DriftTests.auto(smallContinuous).name()).isEqualTo("ks");
        assertThat(DriftTests.auto(largeContinuous).name()).isEqualTo("wasserstein_norm");
        assertThat(DriftTests.auto(fewValues).name()).isEqualTo("chisquare");
        assertThat(DriftTests.auto(binary).name()).isEqualTo("z");
        assertThat(DriftTests.auto(new String[] {"a", "b", "c"}).name()).isEqualTo("chisquare");
        assertThat(DriftTests.auto(new String[] {"a", "b"}).name()).isEqualTo("z");
        assertThat(DriftTests.auto(Collections.nCopies(1001, "a").toArray(new String[0])).name())
                .isEqualTo("jensenshannon");
        double[] shifted = new double[500];
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = i % 5 == 0 ? 0 : 1;
        }
        assertThat(DriftTests.auto(binary).test(binary, shifted).drifted()).isTrue();
        assertThatThrownBy(() -> DriftTests.auto(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }

    private static final Schema SCHEMA = Schema.of(Feature.numeric("amount"), Feature.numeric("age"),
            Feature.categorical("country", Set.of("DE", "FR", "US")), Feature.numeric("score"));

    private static List<Map<String, Object>> rows(int n, long seed, double amountShift, boolean newCountry) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] countries = newCountry ? new String[] {"US", "US", "US", "FR"} : new String[] {"DE", "FR", "US"};
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("amount", 100 + 20 * gaussian(rnd) + amountShift);
            row.put("age", rnd.nextInt(18, 80));
            row.put("country", countries[rnd.nextInt(countries.length)]);
            row.put("score", i % 10 == 0 ? null : rnd.nextDouble());
            out.add(row);
        }
        return out;
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    @Test
    void aShiftInHalfTheFeaturesIsDatasetDrift() {
        DatasetDriftDetector detector = DatasetDriftDetector.builder(SCHEMA).build();
        DatasetDriftReport clean = detector.detect(rows(800, 1, 0, false), rows(800, 2, 0, false));
        assertThat(clean.verdict()).isEqualTo(Verdict.NO_DRIFT);
        assertThat(clean.driftedFeatures()).isEmpty();

        DatasetDriftReport shifted = detector.detect(rows(800, 1, 0, false), rows(800, 3, 15, true));
        assertThat(shifted.driftedFeatures()).containsExactly("amount", "country");
        assertThat(shifted.driftedShare()).isEqualTo(0.5);
        assertThat(shifted.verdict()).isEqualTo(Verdict.DRIFT);
        FeatureDrift score = shifted.features().get(3);
        assertThat(score.referenceSize()).isEqualTo(720);
        assertThat(score.result()).hasValueSatisfying(r -> assertThat(r.method()).isEqualTo("ks"));
    }

    @Test
    void bonferroniMultipliesPValuesAndWeightsChangeTheShare() {
        DatasetDriftReport report = DatasetDriftDetector.builder(SCHEMA).build()
                .detect(rows(800, 1, 0, false), rows(800, 3, 15, true));
        for (FeatureDrift f : report.features()) {
            double raw = f.result().orElseThrow().pValue();
            assertThat(f.adjustedPValue()).isCloseTo(Math.min(1, raw * 4), within(1e-15));
        }
        DatasetDriftReport weighted = DatasetDriftDetector.builder(SCHEMA)
                .weights(Map.of("amount", 3.0, "country", 0.0)).shareThreshold(0.6).build()
                .detect(rows(800, 1, 0, false), rows(800, 3, 15, true));
        assertThat(weighted.driftedShare()).isEqualTo(3.0 / 5.0);
        assertThat(weighted.verdict()).isEqualTo(Verdict.DRIFT);
    }

    @Test
    void benjaminiHochbergAdjustsByRank() {
        double[] adjusted = MultipleTesting.BENJAMINI_HOCHBERG.adjust(new double[] {0.01, 0.04, Double.NaN, 0.03, 0.5});
        // m = 4 p-values: ranks 1..4 are 0.01, 0.03, 0.04, 0.5 -> 0.04, 0.0533, 0.0533, 0.5.
        assertThat(adjusted[0]).isCloseTo(0.04, within(1e-15));
        assertThat(adjusted[1]).isCloseTo(0.04 * 4 / 3, within(1e-15));
        assertThat(adjusted[2]).isNaN();
        assertThat(adjusted[3]).isCloseTo(0.04 * 4 / 3, within(1e-15));
        assertThat(adjusted[4]).isCloseTo(0.5, within(1e-15));
        assertThat(MultipleTesting.BONFERRONI.adjust(new double[] {0.3, Double.NaN, 0.2})).containsExactly(0.6, Double.NaN, 0.4);
    }

    @Test
    void tooLittleCurrentDataIsInsufficientNotAVerdict() {
        DatasetDriftDetector detector = DatasetDriftDetector.builder(SCHEMA).minCurrentSize(50).build();
        DatasetDriftReport report = detector.detect(rows(800, 1, 0, false), rows(49, 2, 50, true));
        assertThat(report.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(report.features()).allMatch(f -> f.verdict() == Verdict.INSUFFICIENT_DATA);

        List<Map<String, Object>> sparse = rows(100, 2, 0, false);
        for (int i = 0; i < 60; i++) {
            sparse.get(i).put("score", null);
        }
        DatasetDriftReport partial = detector.detect(rows(800, 1, 0, false), sparse);
        assertThat(partial.features().get(3).verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(partial.verdict()).isEqualTo(Verdict.NO_DRIFT);
    }

    private static final NumericDriftTest THROWING_NUMERIC = new NumericDriftTest() {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public DriftResult test(double[] reference, double[] current) {
            throw new IllegalStateException("broken test");
        }
    };

    private static final CategoricalDriftTest THROWING_CATEGORICAL = new CategoricalDriftTest() {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public DriftResult test(String[] reference, String[] current) {
            throw new IllegalStateException("broken test");
        }
    };

    @Test
    void aThrowingTestLosesOnlyItsFeature() {
        List<Map<String, Object>> reference = rows(800, 1, 0, false);
        List<Map<String, Object>> current = rows(800, 3, 15, true);
        DatasetDriftReport healthy = DatasetDriftDetector.builder(SCHEMA).build().detect(reference, current);

        DatasetDriftReport report = DatasetDriftDetector.builder(SCHEMA).test("age", THROWING_NUMERIC).build()
                .detect(reference, current);

        FeatureDrift age = report.features().get(1);
        assertThat(age.verdict()).isEqualTo(Verdict.TEST_FAILED);
        assertThat(age.result()).isEmpty();
        assertThat(age.adjustedPValue()).isNaN();
        assertThat(age.referenceSize()).isEqualTo(800);
        for (int i : new int[] {0, 2, 3}) {
            FeatureDrift f = report.features().get(i);
            assertThat(f.verdict()).as(f.feature()).isEqualTo(healthy.features().get(i).verdict());
            assertThat(f.result()).as(f.feature()).isEqualTo(healthy.features().get(i).result());
            // Bonferroni over the three features that have a result.
            assertThat(f.adjustedPValue()).isCloseTo(Math.min(1, f.result().orElseThrow().pValue() * 3), within(1e-15));
        }
        assertThat(report.driftedFeatures()).containsExactly("amount", "country");
        assertThat(report.driftedShare()).isEqualTo(2.0 / 3.0);
        assertThat(report.verdict()).isEqualTo(Verdict.DRIFT);
    }

    @Test
    void aThrowingCategoricalTestLosesOnlyItsFeature() {
        DatasetDriftReport report = DatasetDriftDetector.builder(SCHEMA).test("country", THROWING_CATEGORICAL).build()
                .detect(rows(800, 1, 0, false), rows(800, 3, 15, true));

        assertThat(report.features()).extracting(FeatureDrift::verdict)
                .containsExactly(Verdict.DRIFT, Verdict.NO_DRIFT, Verdict.TEST_FAILED, Verdict.NO_DRIFT);
        assertThat(report.driftedShare()).isEqualTo(1.0 / 3.0);
        assertThat(report.verdict()).isEqualTo(Verdict.NO_DRIFT);
    }

    @Test
    void whenEveryTestThrowsTheDatasetVerdictIsTestFailed() {
        DatasetDriftReport report = DatasetDriftDetector.builder(SCHEMA).test("amount", THROWING_NUMERIC)
                .test("age", THROWING_NUMERIC).test("score", THROWING_NUMERIC).test("country", THROWING_CATEGORICAL)
                .build().detect(rows(800, 1, 0, false), rows(800, 3, 15, true));

        assertThat(report.features()).allSatisfy(f -> assertThat(f.verdict()).isEqualTo(Verdict.TEST_FAILED));
        assertThat(report.verdict()).isEqualTo(Verdict.TEST_FAILED);
        assertThat(report.driftedShare()).isNaN();
        assertThat(report.driftedFeatures()).isEmpty();
    }

    @Test
    void badConfigurationAndDataAreRefusedByName() {
        assertThatThrownBy(() -> DatasetDriftDetector.builder(SCHEMA).shareThreshold(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("shareThreshold must be in (0, 1] but was 0.0");
        assertThatThrownBy(() -> DatasetDriftDetector.builder(SCHEMA).weights(Map.of("nope", 1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> DatasetDriftDetector.builder(SCHEMA).weights(Map.of("age", -1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1.0");
        assertThatThrownBy(() -> DatasetDriftDetector.builder(SCHEMA).test("country", DriftTests.numeric("ks")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not NUMERIC");
        List<Map<String, Object>> bad = rows(100, 2, 0, false);
        bad.get(5).put("amount", "lots");
        assertThatThrownBy(() -> DatasetDriftDetector.builder(SCHEMA).build().detect(rows(100, 1, 0, false), bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'amount'").hasMessageContaining("lots");
    }
}
