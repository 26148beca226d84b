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
