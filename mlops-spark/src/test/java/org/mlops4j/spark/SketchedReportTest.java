package org.mlops4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.DatasetDriftDetector;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.MultipleTesting;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.profile.DriftCheckConfig;

/**
 * The report SparkDrift assembles above the cutoff, from the features' results, equals the one
 * DatasetDriftDetector assembles from the same results (no Spark: the results are the detector's).
 */
class SketchedReportTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("a"), Feature.numeric("b"),
            Feature.anyCategory("c"), Feature.numeric("d"));

    /** Reference rows, or current rows with a shifted, c's share moved, d mostly missing, a NaN in a. */
    private static List<Map<String, Object>> rows(int n, long seed, double shift, double shareB, boolean sparseD,
                                                  boolean nan) {
        Random random = new Random(seed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("a", nan && i == 3 ? Double.NaN : random.nextGaussian() + shift);
            row.put("b", random.nextGaussian());
            row.put("c", random.nextDouble() < shareB ? "B" : random.nextBoolean() ? "A" : "C");
            row.put("d", sparseD && i % 10 != 0 ? null : random.nextGaussian());
            rows.add(row);
        }
        return rows;
    }

    private static void assertSameReport(DriftCheckConfig config, String categorical, List<Map<String, Object>> ref,
                                         List<Map<String, Object>> cur, Verdict expected) {
        DatasetDriftDetector.Builder builder = DatasetDriftDetector.builder(SCHEMA).correction(config.correction())
                .shareThreshold(config.shareThreshold()).minCurrentSize(config.minCurrentSize());
        if (categorical != null) {
            builder.test("c", DriftTests.categorical(categorical));
        }
        DatasetDriftReport exact = builder.build().detect(ref, cur);
        int n = SCHEMA.features().size();
        DriftResult[] results = new DriftResult[n];
        boolean[] failed = new boolean[n];
        long[][] sizes = new long[n][];
        for (int i = 0; i < n; i++) {
            FeatureDrift f = exact.features().get(i);
            results[i] = f.result().orElse(null);
            failed[i] = f.verdict() == Verdict.TEST_FAILED;
            sizes[i] = new long[] {f.referenceSize(), f.currentSize()};
        }
        DatasetDriftReport assembled = report(config, SCHEMA.features(), results, failed, sizes);
        assertThat(assembled).isEqualTo(exact);
        assertThat(assembled.verdict()).isEqualTo(expected);
    }

    private static DriftCheckConfig config(MultipleTesting correction, double share, String categorical) {
        DriftCheckConfig.Builder b = DriftCheckConfig.builder().correction(correction).shareThreshold(share)
                .minCurrentSize(30);
        return (categorical == null ? b : b.categoricalTest(categorical)).build();
    }

    @Test
    void correctionsSharesAndVerdictsAreTheDetectors() {
        List<Map<String, Object>> ref = rows(400, 1, 0, 0.3, false, false);
        List<Map<String, Object>> cur = rows(300, 2, 0.8, 0.39, true, false);
        // a drifts, b does not, c's raw p-value is 0.049 (drift uncorrected only), d has 30 current values.
        for (MultipleTesting correction : MultipleTesting.values()) {
            assertSameReport(config(correction, 0.5, null), null, ref, cur,
                    correction == MultipleTesting.NONE ? Verdict.DRIFT : Verdict.NO_DRIFT);
            assertSameReport(config(correction, 0.25, null), null, ref, cur, Verdict.DRIFT);
            assertSameReport(config(correction, 0.3, "jensenshannon"), "jensenshannon", ref, cur, Verdict.NO_DRIFT);
        }
        // A distance that drifts counts as drifted without a p-value: a and c make half.
        assertSameReport(config(MultipleTesting.BONFERRONI, 0.5, "tvd"), "tvd", ref,
                rows(300, 5, 0.8, 0.7, true, false), Verdict.DRIFT);
        // Exactly the threshold's share drifts: 1 of 4 features at 0.25 is dataset drift.
        List<Map<String, Object>> oneOfFour = rows(300, 3, 0.8, 0.3, false, false);
        assertSameReport(config(MultipleTesting.BONFERRONI, 0.25, null), null, ref, oneOfFour, Verdict.DRIFT);
        assertSameReport(config(MultipleTesting.BONFERRONI, 0.26, null), null, ref, oneOfFour, Verdict.NO_DRIFT);
    }

    @Test
    void failedAndUndecidedFeaturesAreLeftOutAsTheDetectorLeavesThemOut() {
        List<Map<String, Object>> ref = rows(400, 1, 0, 0.3, false, false);
        List<Map<String, Object>> nan = rows(300, 4, 0.8, 0.3, true, true);
        assertSameReport(config(MultipleTesting.BENJAMINI_HOCHBERG, 0.5, null), null, ref, nan, Verdict.NO_DRIFT);
        DatasetDriftReport none = report(config(MultipleTesting.BONFERRONI, 0.5, null),
                SCHEMA.features(), new DriftResult[4], new boolean[4], new long[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});
        assertThat(none.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(none.driftedShare()).isNaN();
        assertThat(none.features()).extracting(FeatureDrift::currentSize).containsExactly(2, 4, 6, 8);
        DatasetDriftReport failed = report(config(MultipleTesting.BONFERRONI, 0.5, null),
                SCHEMA.features(), new DriftResult[4], new boolean[] {false, true, false, false},
                new long[][] {{1, 2}, {3, 4}, {5, 6}, {7, 3_000_000_000L}});
        assertThat(failed.verdict()).isEqualTo(Verdict.TEST_FAILED);
        assertThat(failed.features()).extracting(FeatureDrift::verdict).containsExactly(Verdict.INSUFFICIENT_DATA,
                Verdict.TEST_FAILED, Verdict.INSUFFICIENT_DATA, Verdict.INSUFFICIENT_DATA);
        assertThat(failed.features().get(3).currentSize()).isEqualTo(Integer.MAX_VALUE);
    }

    private static DatasetDriftReport report(DriftCheckConfig config, List<Feature> features, DriftResult[] results,
                                             boolean[] failed, long[][] sizes) {
        return DatasetDriftReport.of(features, results, failed, sizes, config.correction(), config.shareThreshold());
    }
}
