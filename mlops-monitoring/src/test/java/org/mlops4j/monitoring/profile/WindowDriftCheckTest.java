package org.mlops4j.monitoring.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.MultipleTesting;
import org.mlops4j.monitoring.drift.Verdict;

class WindowDriftCheckTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("x"), Feature.anyCategory("c"));
    private static final String[] CATEGORIES = {"a", "b", "c"};

    private static List<Map<String, Object>> rows(long seed, int n, double shift, double pA) {
        Random random = new Random(seed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String c = random.nextDouble() < pA ? "a" : CATEGORIES[1 + random.nextInt(2)];
            rows.add(Map.of("x", random.nextGaussian() + shift, "c", c));
        }
        return rows;
    }

    private static double[] xs(List<Map<String, Object>> rows) {
        return rows.stream().mapToDouble(r -> (Double) r.get("x")).toArray();
    }

    private static String[] cs(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> (String) r.get("c")).toArray(String[]::new);
    }

    private static FeatureDrift feature(DatasetDriftReport report, String name) {
        return report.features().stream().filter(f -> f.feature().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void exactPathEqualsDriftTestsOnTheRawValues() {
        List<Map<String, Object>> refRows = rows(1, 800, 0.0, 0.3);
        List<Map<String, Object>> curRows = rows(2, 400, 0.3, 0.5);
        WindowConfig config = WindowConfig.ofDefaults();
        SampledProfile ref = SampledProfile.of(SCHEMA, refRows, config);
        DriftWindow window = DriftWindow.tumbling(SCHEMA, 400, config);
        curRows.forEach(window::update);

        DatasetDriftReport report = WindowDriftCheck.ofDefaults().compare(ref, window.window());

        DriftResult x = DriftTests.auto(xs(refRows)).test(xs(refRows), xs(curRows));
        DriftResult c = DriftTests.auto(cs(refRows)).test(cs(refRows), cs(curRows));
        assertThat(feature(report, "x").result()).contains(x);
        assertThat(feature(report, "c").result()).contains(c);
        assertThat(report.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(report.driftedFeatures()).containsExactly("x", "c");
    }

    @Test
    void sketchPathIsUsedAboveTheCutoff() {
        WindowConfig config = new WindowConfig(ProfileConfig.ofDefaults(), 1_000);
        List<Map<String, Object>> refRows = rows(3, 20_000, 0.0, 0.3);
        SampledProfile ref = SampledProfile.of(SCHEMA, refRows, config);
        DriftWindow same = DriftWindow.tumbling(SCHEMA, 20_000, config);
        DriftWindow shifted = DriftWindow.tumbling(SCHEMA, 20_000, config);
        rows(4, 20_000, 0.0, 0.3).forEach(same::update);
        rows(5, 20_000, 0.5, 0.6).forEach(shifted::update);

        DatasetDriftReport ok = WindowDriftCheck.ofDefaults().compare(ref.profile(), same.window());
        DatasetDriftReport drift = WindowDriftCheck.ofDefaults().compare(ref, shifted.window());

        assertThat(feature(ok, "x").result().orElseThrow().method()).isEqualTo(SketchDrift.KS);
        assertThat(feature(ok, "c").result().orElseThrow().method()).isEqualTo("jensenshannon");
        assertThat(ok.verdict()).isEqualTo(Verdict.NO_DRIFT);
        assertThat(drift.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(drift.driftedFeatures()).containsExactly("x", "c");
        assertThat(feature(drift, "c").result().orElseThrow().statistic())
                .isEqualTo(DriftTests.categorical("jensenshannon").test(cs(refRows), cs(rows(5, 20_000, 0.5, 0.6)))
                        .statistic(), org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void psiSketchTestCanBeChosen() {
        WindowConfig config = new WindowConfig(ProfileConfig.ofDefaults(), 0);
        SampledProfile ref = SampledProfile.of(SCHEMA, rows(6, 5_000, 0.0, 0.3), config);
        SampledProfile cur = SampledProfile.of(SCHEMA, rows(7, 5_000, 1.0, 0.3), config);
        WindowDriftCheck check = WindowDriftCheck.of(new DriftCheckConfig(30, 0.5,
                org.mlops4j.monitoring.drift.MultipleTesting.NONE, DriftCheckConfig.SketchTest.PSI));

        FeatureDrift x = feature(check.compare(ref, cur), "x");

        assertThat(x.result().orElseThrow().method()).isEqualTo(SketchDrift.PSI);
        assertThat(x.verdict()).isEqualTo(Verdict.DRIFT);
    }

    private static final WindowConfig SKETCHES_ONLY = new WindowConfig(ProfileConfig.ofDefaults(), 0);

    @Test
    void psiThresholdOfTheConfigDecidesTheSketchVerdict() {
        // Fixed samples, but KLL compaction draws unseeded random bits: a shift of 0.4 sd keeps the
        // sketch PSI well inside (0.1, 0.2) (0.35 once gave 0.0945).
        SampledProfile ref = SampledProfile.of(SCHEMA, rows(10, 5_000, 0.0, 0.3), SKETCHES_ONLY);
        SampledProfile cur = SampledProfile.of(SCHEMA, rows(11, 5_000, 0.4, 0.3), SKETCHES_ONLY);
        double psi = SketchDrift.psi(ref.profile().featureView("x"), cur.profile().featureView("x"), 0.1)
                .statistic();
        assertThat(psi).isStrictlyBetween(0.1, 0.2);
        DriftCheckConfig psiAtDefault = DriftCheckConfig.builder().sketchTest(DriftCheckConfig.SketchTest.PSI).build();

        FeatureDrift atDefault = feature(WindowDriftCheck.of(psiAtDefault).compare(ref, cur), "x");
        FeatureDrift atPointTwo = feature(WindowDriftCheck.of(psiAtDefault
                .withSketchTest(DriftCheckConfig.SketchTest.PSI, 0.2)).compare(ref, cur), "x");

        assertThat(atDefault.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(atDefault.result().orElseThrow().threshold()).isEqualTo(0.1);
        assertThat(atPointTwo.verdict()).isEqualTo(Verdict.NO_DRIFT);
        assertThat(atPointTwo.result().orElseThrow().threshold()).isEqualTo(0.2);
        assertThat(atPointTwo.result().orElseThrow().statistic()).isEqualTo(psi);
    }

    @Test
    void ksSignificanceOfTheConfigDecidesTheSketchVerdict() {
        SampledProfile ref = SampledProfile.of(SCHEMA, rows(12, 5_000, 0.0, 0.3), SKETCHES_ONLY);
        SampledProfile cur = SampledProfile.of(SCHEMA, rows(13, 5_000, 0.15, 0.3), SKETCHES_ONLY);
        DriftResult ks = SketchDrift.ks(ref.profile().featureView("x"), cur.profile().featureView("x"), 0.05);
        assertThat(ks.pValue()).isStrictlyBetween(1e-5, 0.05);
        DriftCheckConfig lenient = DriftCheckConfig.builder().correction(MultipleTesting.NONE).build();

        FeatureDrift atDefault = feature(WindowDriftCheck.of(lenient).compare(ref, cur), "x");
        FeatureDrift strict = feature(WindowDriftCheck.of(lenient
                .withSketchTest(DriftCheckConfig.SketchTest.KS, 1e-5)).compare(ref, cur), "x");

        assertThat(atDefault.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(strict.verdict()).isEqualTo(Verdict.NO_DRIFT);
        assertThat(strict.result()).contains(new DriftResult(SketchDrift.KS, ks.statistic(), ks.pValue(), 1e-5, false));
    }

    @Test
    void namedCategoricalTestRunsOnTheCounts() {
        List<Map<String, Object>> refRows = rows(14, 800, 0.0, 0.3);
        List<Map<String, Object>> curRows = rows(15, 800, 0.0, 0.45);
        SampledProfile ref = SampledProfile.of(SCHEMA, refRows, SKETCHES_ONLY);
        SampledProfile cur = SampledProfile.of(SCHEMA, curRows, SKETCHES_ONLY);

        FeatureDrift auto = feature(WindowDriftCheck.ofDefaults().compare(ref, cur), "c");
        FeatureDrift named = feature(WindowDriftCheck.of(DriftCheckConfig.ofDefaults()
                .withCategoricalTest("jensenshannon")).compare(ref, cur), "c");
        FeatureDrift namedWithThreshold = feature(WindowDriftCheck.of(DriftCheckConfig.ofDefaults()
                .withCategoricalTest("jensenshannon", 0.2)).compare(ref, cur), "c");

        assertThat(auto.result().orElseThrow().method()).isEqualTo("chisquare");
        DriftResult expected = DriftTests.categorical("jensenshannon").test(cs(refRows), cs(curRows));
        assertThat(named.result().orElseThrow().method()).isEqualTo("jensenshannon");
        assertThat(named.result().orElseThrow().statistic())
                .isCloseTo(expected.statistic(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(named.result().orElseThrow().statistic()).isStrictlyBetween(0.1, 0.2);
        assertThat(named.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(namedWithThreshold.result().orElseThrow().threshold()).isEqualTo(0.2);
        assertThat(namedWithThreshold.verdict()).isEqualTo(Verdict.NO_DRIFT);
    }

    @Test
    void namedCategoricalTestRunsOnExactValuesToo() {
        List<Map<String, Object>> refRows = rows(16, 800, 0.0, 0.3);
        List<Map<String, Object>> curRows = rows(17, 400, 0.0, 0.5);
        SampledProfile ref = SampledProfile.of(SCHEMA, refRows, WindowConfig.ofDefaults());
        SampledProfile cur = SampledProfile.of(SCHEMA, curRows, WindowConfig.ofDefaults());
        assertThat(ref.exact() && cur.exact()).isTrue();

        DatasetDriftReport report = WindowDriftCheck.of(DriftCheckConfig.ofDefaults()
                .withCategoricalTest("hellinger", 0.05)).compare(ref, cur);

        assertThat(feature(report, "c").result())
                .contains(DriftTests.categorical("hellinger", 0.05).test(cs(refRows), cs(curRows)));
        assertThat(feature(report, "x").result())
                .contains(DriftTests.auto(xs(refRows)).test(xs(refRows), xs(curRows)));
    }

    @Test
    void aTestThatThrowsLosesOnlyItsFeature() {
        // A named z test compares two categories; feature c has three, so its test throws.
        SampledProfile ref = SampledProfile.of(SCHEMA, rows(18, 800, 0.0, 0.3), SKETCHES_ONLY);
        SampledProfile cur = SampledProfile.of(SCHEMA, rows(19, 800, 1.0, 0.3), SKETCHES_ONLY);
        DriftCheckConfig config = DriftCheckConfig.ofDefaults().withCategoricalTest("z");

        DatasetDriftReport report = WindowDriftCheck.of(config).compare(ref, cur);

        FeatureDrift c = feature(report, "c");
        assertThat(c.verdict()).isEqualTo(Verdict.TEST_FAILED);
        assertThat(c.result()).isEmpty();
        assertThat(c.adjustedPValue()).isNaN();
        assertThat(c.currentSize()).isEqualTo(800);
        assertThat(feature(report, "x").result())
                .isEqualTo(feature(WindowDriftCheck.ofDefaults().compare(ref, cur), "x").result());
        assertThat(feature(report, "x").verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(report.driftedShare()).isEqualTo(1.0);
        assertThat(report.verdict()).isEqualTo(Verdict.DRIFT);
    }

    @Test
    void whenEveryDecidableTestThrowsTheDatasetVerdictIsTestFailed() {
        Schema categoricalOnly = Schema.of(Feature.anyCategory("c"));
        List<Map<String, Object>> refRows = rows(20, 800, 0.0, 0.3).stream().map(r -> Map.of("c", r.get("c"))).toList();
        SampledProfile ref = SampledProfile.of(categoricalOnly, refRows, SKETCHES_ONLY);

        DatasetDriftReport report = WindowDriftCheck.of(DriftCheckConfig.ofDefaults().withCategoricalTest("z"))
                .compare(ref, ref);

        assertThat(report.verdict()).isEqualTo(Verdict.TEST_FAILED);
        assertThat(report.driftedShare()).isNaN();
    }

    @Test
    void smallWindowIsInsufficientData() {
        SampledProfile ref = SampledProfile.of(SCHEMA, rows(8, 500, 0.0, 0.3), WindowConfig.ofDefaults());
        SampledProfile cur = SampledProfile.of(SCHEMA, rows(9, 29, 0.0, 0.3), WindowConfig.ofDefaults());

        DatasetDriftReport report = WindowDriftCheck.ofDefaults().compare(ref, cur);

        assertThat(report.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(report.features()).allSatisfy(f -> assertThat(f.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA));
        assertThat(feature(report, "x").currentSize()).isEqualTo(29);
    }

    @Test
    void rejectsInvalidSettings() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DriftCheckConfig(0, 0.5,
                        org.mlops4j.monitoring.drift.MultipleTesting.NONE, DriftCheckConfig.SketchTest.KS))
                .hasMessage("minCurrentSize must be at least 1 but was 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DriftCheckConfig(30, 1.5,
                        org.mlops4j.monitoring.drift.MultipleTesting.NONE, DriftCheckConfig.SketchTest.KS))
                .hasMessage("shareThreshold must be in (0, 1] but was 1.5");
    }
}
