package org.mlops4j.monitoring.multivariate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.DatasetDriftDetector;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.Verdict;

class MultivariateDriftTest {

    private static final List<Map<String, Object>> REFERENCE = CorrelatedRows.rows(1000, 0.9, 1);
    private static final MultivariateDrift DEFAULTS = MultivariateDrift.fit(CorrelatedRows.SCHEMA, REFERENCE,
            MultivariateDriftConfig.ofDefaults());

    @Test
    void correlationFlipPassesEveryUnivariateTestAndFiresEveryMultivariateMethod() {
        List<Map<String, Object>> window = CorrelatedRows.rows(1000, -0.9, 2);
        for (String feature : List.of("x", "y")) {
            double[] ref = CorrelatedRows.column(REFERENCE, feature);
            double[] cur = CorrelatedRows.column(window, feature);
            for (String test : DriftTests.numericNames()) {
                DriftResult r = DriftTests.numeric(test).test(ref, cur);
                assertThat(r.drifted()).as("%s on %s: %s", test, feature, r).isFalse();
            }
        }
        DatasetDriftReport univariate = DatasetDriftDetector.builder(CorrelatedRows.SCHEMA).build().detect(REFERENCE, window);
        assertThat(univariate.verdict()).isEqualTo(Verdict.NO_DRIFT);
        assertThat(univariate.driftedShare()).isZero();

        MultivariateDriftResult r = DEFAULTS.check(window);
        assertThat(r.rows()).isEqualTo(1000);
        PcaDrift pca = r.pca().orElseThrow();
        assertThat(pca.components()).isEqualTo(1);
        assertThat(pca.explainedVariance()).isCloseTo(0.944, within(0.001));
        assertThat(pca.error()).isCloseTo(1.147, within(0.001)).isGreaterThan(3 * pca.upper());
        assertThat(pca.upper()).isCloseTo(0.333, within(0.001));
        assertThat(pca.drifted()).isTrue();
        MmdDrift mmd = r.mmd().orElseThrow();
        assertThat(mmd.mmd2()).isCloseTo(0.1249, within(0.0001));
        assertThat(mmd.bandwidth()).isCloseTo(1.432, within(0.001));
        assertThat(mmd.pValue()).isEqualTo(1.0 / 101);
        assertThat(mmd.drifted()).isTrue();
        DomainClassifierDrift domain = r.domainClassifier().orElseThrow();
        assertThat(domain.auc()).isCloseTo(0.935, within(0.001));
        assertThat(domain.pValue()).isLessThan(1e-100);
        assertThat(domain.drifted()).isTrue();
        assertThat(r.drifted()).isTrue();
    }

    @Test
    void noChangeRaisesFewFalseAlarmsOverTwentySeeds() {
        // 250 rows a side keep the test fast; the defaults take 500.
        MultivariateDrift drift = MultivariateDrift.fit(CorrelatedRows.SCHEMA, REFERENCE,
                MultivariateDriftConfig.builder().maxRows(250).build());
        int pca = 0;
        int mmd = 0;
        int domain = 0;
        int any = 0;
        for (long seed = 100; seed < 120; seed++) {
            MultivariateDriftResult r = drift.check(CorrelatedRows.rows(250, 0.9, seed));
            pca += r.pca().orElseThrow().drifted() ? 1 : 0;
            mmd += r.mmd().orElseThrow().drifted() ? 1 : 0;
            domain += r.domainClassifier().orElseThrow().drifted() ? 1 : 0;
            any += r.drifted() ? 1 : 0;
        }
        // Expected under no change: about alpha * 20 = 1 for MMD and the domain classifier; PCA's 3-sigma
        // thresholds from ten reference chunks are wider still.
        assertThat(new int[] {pca, mmd, domain, any}).containsExactly(0, 0, 0, 0);
    }

    @Test
    void everyMethodFiresOnSeveralFlippedWindows() {
        for (long seed = 200; seed < 205; seed++) {
            MultivariateDriftResult r = DEFAULTS.check(CorrelatedRows.rows(300, -0.9, seed));
            assertThat(r.pca().orElseThrow().drifted()).as("pca, seed %d", seed).isTrue();
            assertThat(r.mmd().orElseThrow().drifted()).as("mmd, seed %d", seed).isTrue();
            assertThat(r.domainClassifier().orElseThrow().drifted()).as("domain, seed %d", seed).isTrue();
        }
    }

    @Test
    void pcaAlsoFiresWhenTheErrorFallsBelowTheLowerThreshold() {
        // Rows on the first component's line reconstruct perfectly: an error of 0, below the lower threshold.
        List<Map<String, Object>> onTheLine = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            double v = (i - 50) / 25.0;
            onTheLine.add(Map.of("x", v, "y", v));
        }
        PcaDrift pca = DEFAULTS.check(onTheLine).pca().orElseThrow();
        assertThat(pca.lower()).isGreaterThan(0.15);
        assertThat(pca.error()).isLessThan(0.05);
        assertThat(pca.drifted()).isTrue();
    }

    @Test
    void aLinearClassifierCannotSeeACorrelationFlipButTheBuiltInTreesCan() {
        // The difference of class means, a linear score: the classes' means are equal, so it learns noise.
        DomainClassifierTrainer linear = (features, rows, window) -> {
            double[] w = new double[features.size()];
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < w.length; j++) {
                    w[j] += (window[i] ? 1 : -1) * rows[i][j];
                }
            }
            return x -> x[0] * w[0] + x[1] * w[1];
        };
        MultivariateDriftConfig config = MultivariateDriftConfig.builder()
                .methods(Set.of(MultivariateMethod.DOMAIN_CLASSIFIER)).trainer(linear).build();
        MultivariateDrift drift = MultivariateDrift.fit(CorrelatedRows.SCHEMA, REFERENCE, config);
        MultivariateDriftResult r = drift.check(CorrelatedRows.rows(1000, -0.9, 2));
        assertThat(r.pca()).isEmpty();
        assertThat(r.mmd()).isEmpty();
        assertThat(r.domainClassifier().orElseThrow().auc()).isCloseTo(0.5, within(0.05));
        assertThat(r.drifted()).isFalse();
        assertThat(drift.bandwidth()).isEmpty();
        assertThat(drift.pcaComponents()).isZero();
    }

    @Test
    void aChangedRelationBetweenACategoryAndANumberIsFound() {
        Schema schema = Schema.of(Feature.numeric("amount"), Feature.anyCategory("channel"), Feature.bool("vip"));
        List<Map<String, Object>> reference = mixed(600, false, 7);
        List<Map<String, Object>> window = mixed(400, true, 8);
        MultivariateDrift drift = MultivariateDrift.fit(schema, reference, MultivariateDriftConfig.ofDefaults());
        assertThat(drift.encodedFeatures()).containsExactly("amount", "channel=web", "channel=shop", "vip");
        MultivariateDriftResult r = drift.check(window);
        assertThat(r.domainClassifier().orElseThrow().drifted()).isTrue();
        assertThat(r.mmd().orElseThrow().drifted()).isTrue();
        assertThat(drift.check(mixed(400, false, 9)).drifted()).isFalse();
    }

    /** Web buyers spend more in the reference and less in the window; each marginal is the same. */
    private static List<Map<String, Object>> mixed(int n, boolean swapped, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean web = random.nextDouble() < 0.5;
            boolean high = web != swapped;
            Map<String, Object> row = new HashMap<>();
            row.put("amount", (high ? 100.0 : 20.0) + 5 * CorrelatedRows.gaussian(random));
            row.put("channel", web ? "web" : "shop");
            row.put("vip", random.nextDouble() < 0.2);
            rows.add(row);
        }
        return rows;
    }

    @Test
    void equalInputsGiveEqualResults() {
        List<Map<String, Object>> window = CorrelatedRows.rows(700, 0.5, 3);
        MultivariateDrift again = MultivariateDrift.fit(CorrelatedRows.SCHEMA, REFERENCE,
                MultivariateDriftConfig.ofDefaults());
        assertThat(again.check(window)).isEqualTo(DEFAULTS.check(window));
        // The seeded permutations of an unchanged window: 55 of 100 at least as large as observed.
        assertThat(DEFAULTS.check(CorrelatedRows.rows(1000, 0.9, 102)).mmd().orElseThrow().pValue())
                .isEqualTo(56.0 / 101);
    }

    @Test
    void largeSidesAreSubsampledToMaxRows() {
        MultivariateDriftConfig config = MultivariateDriftConfig.builder().maxRows(50).permutations(19).build();
        MultivariateDrift drift = MultivariateDrift.fit(CorrelatedRows.SCHEMA, REFERENCE, config);
        MultivariateDriftResult r = drift.check(CorrelatedRows.rows(1000, -0.9, 2));
        assertThat(r.rows()).isEqualTo(1000);
        assertThat(r.mmd().orElseThrow().pValue()).isEqualTo(1.0 / 20);
        // The bandwidth comes from the 50 reference rows kept, not from the 1,000.
        assertThat(drift.bandwidth().orElseThrow()).isNotCloseTo(DEFAULTS.bandwidth().orElseThrow(), within(1e-6));
    }

    @Test
    void badInputIsRefusedWithTheFieldAndValue() {
        assertThatThrownBy(() -> MultivariateDrift.fit(CorrelatedRows.SCHEMA, REFERENCE.subList(0, 9),
                MultivariateDriftConfig.ofDefaults())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference rows must be >= 10 but was 9");
        assertThatThrownBy(() -> MultivariateDrift.fit(CorrelatedRows.SCHEMA, REFERENCE.subList(0, 19),
                MultivariateDriftConfig.ofDefaults())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference rows must be >= 2 * referenceChunks (20) for PCA's thresholds but was 19");
        assertThat(MultivariateDrift.fit(CorrelatedRows.SCHEMA, REFERENCE.subList(0, 20),
                MultivariateDriftConfig.ofDefaults()).referenceRows()).isEqualTo(20);
        assertThatThrownBy(() -> DEFAULTS.check(REFERENCE.subList(0, 9))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window rows must be >= 10 but was 9");
        assertThat(DEFAULTS.check(REFERENCE.subList(0, 10)).rows()).isEqualTo(10);
        List<Map<String, Object>> noY = new ArrayList<>();
        REFERENCE.forEach(r -> noY.add(Map.of("x", r.get("x"))));
        assertThatThrownBy(() -> MultivariateDrift.fit(CorrelatedRows.SCHEMA, noY, MultivariateDriftConfig.ofDefaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reference holds no value of feature 'y'");
        Schema withChannel = Schema.of(Feature.numeric("x"), Feature.anyCategory("channel"));
        assertThatThrownBy(() -> MultivariateDrift.fit(withChannel, REFERENCE, MultivariateDriftConfig.ofDefaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference holds no category of feature 'channel'");
        assertThat(MultivariateDrift.minRows(MultivariateDriftConfig.builder().folds(7).build())).isEqualTo(14);
        assertThat(MultivariateDrift.minRows(MultivariateDriftConfig.builder().folds(5).build())).isEqualTo(10);
    }

    @Test
    void configRejectsEachOutOfRangeSetting() {
        MultivariateDriftConfig.Builder b = MultivariateDriftConfig.builder();
        assertThatThrownBy(() -> MultivariateDriftConfig.builder().methods(Set.of()).build())
                .hasMessage("methods must name at least one method but was []");
        assertThatThrownBy(() -> b.varianceShare(0).build()).hasMessage("varianceShare must be in (0, 1] but was 0.0");
        assertThatThrownBy(() -> MultivariateDriftConfig.builder().varianceShare(1.01).build())
                .hasMessage("varianceShare must be in (0, 1] but was 1.01");
        assertThat(MultivariateDriftConfig.builder().varianceShare(1).build().varianceShare()).isEqualTo(1.0);
        assertThatThrownBy(() -> MultivariateDriftConfig.builder().referenceChunks(1).build())
                .hasMessage("referenceChunks must be >= 2 but was 1");
        assertThatThrownBy(() -> MultivariateDriftConfig.builder().thresholdSigmas(0).build())
                .hasMessage("thresholdSigmas must be finite and > 0 but was 0.0");
        assertThatThrownBy(() -> MultivariateDriftConfig.builder().thresholdSigmas(Double.POSITIVE_INFINITY).build())
                .hasMessage("thresholdSigmas must be finite and > 0 but was Infinity");
        assertThatThrownBy(() -> MultivariateDriftConfig.builder().permutations(18).build())
                .hasMessage("permutations must be >= 19 but was 18");
        assertThatThrownBy(() -> MultivariateDriftConfig.builder().maxRows(9).build())
                .hasMessage("maxRows must be >= 10 but was 9");
        assertThatThrownBy(() -> MultivariateDriftConfig.builder().folds(1).build())
                .hasMessage("folds must be >= 2 but was 1");
        assertThatThrownBy(() -> MultivariateDriftConfig.builder().alpha(0).build())
                .hasMessage("alpha must be in (0, 1) but was 0.0");
        assertThatThrownBy(() -> MultivariateDriftConfig.builder().alpha(1).build())
                .hasMessage("alpha must be in (0, 1) but was 1.0");
        assertThatThrownBy(() -> MultivariateDriftConfig.builder().topCategories(0).build())
                .hasMessage("topCategories must be >= 1 but was 0");
        MultivariateDriftConfig lowest = MultivariateDriftConfig.builder().referenceChunks(2).permutations(19).maxRows(10)
                .folds(2).topCategories(1).alpha(0.5).thresholdSigmas(0.5).seed(7)
                .methods(EnumSet.of(MultivariateMethod.MMD)).build();
        assertThat(lowest.runs(MultivariateMethod.MMD)).isTrue();
        assertThat(lowest.runs(MultivariateMethod.PCA_RECONSTRUCTION)).isFalse();
        assertThat(lowest.seed()).isEqualTo(7);
        MultivariateDriftConfig d = MultivariateDriftConfig.ofDefaults();
        assertThat(List.of(d.varianceShare(), d.thresholdSigmas(), d.alpha())).containsExactly(0.65, 3.0, 0.05);
        assertThat(List.of(d.referenceChunks(), d.permutations(), d.maxRows(), d.folds(), d.topCategories()))
                .containsExactly(10, 100, 500, 5, 10);
        assertThat(d.methods()).containsExactlyInAnyOrder(MultivariateMethod.values());
    }
}
