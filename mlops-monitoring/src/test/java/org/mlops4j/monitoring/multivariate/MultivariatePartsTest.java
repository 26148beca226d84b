package org.mlops4j.monitoring.multivariate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;

/** The parts of multivariate drift on inputs small enough to work out by hand. */
class MultivariatePartsTest {

    private static final double EPS = 1e-12;

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** x = 0..19 in column 1 (column 0 constant noise); rows with x >= 14 are window rows. */
    private static double[][] separable(boolean[] window) {
        double[][] rows = new double[20][];
        for (int i = 0; i < 20; i++) {
            rows[i] = new double[] {0.0, i};
            window[i] = i >= 14;
        }
        return rows;
    }

    @Test
    void oneBoostingRoundSplitsWhereTheClassesSeparateWithXgboostsLeafValues() {
        boolean[] window = new boolean[20];
        double[][] rows = separable(window);
        DomainClassifier c = new BoostedTrees(1, 1.0, 1.0, 32, 1).train(List.of("noise", "x"), rows, window);
        // Worked by hand: base = log(6.5 / 14.5), p = sigmoid(base), g = p - y, h = p (1 - p); the root
        // splits at x <= 13 (the only split with both children pure), and a pure child does not split
        // further (equal gradients: every split loses), so its leaf is -G / (H + 1).
        double base = Math.log(6.5 / 14.5);
        double p = sigmoid(base);
        double h = p * (1 - p);
        double left = -(14 * p) / (14 * h + 1);
        double right = -(6 * (p - 1)) / (6 * h + 1);
        for (int x = 0; x < 20; x++) {
            assertThat(c.score(new double[] {0.0, x})).as("x = %d", x)
                    .isCloseTo(base + (x <= 13 ? left : right), within(EPS));
        }
    }

    @Test
    void leavesHoldAtLeastMinLeafRows() {
        boolean[] window = new boolean[20];
        double[][] rows = new double[20][];
        for (int i = 0; i < 20; i++) {
            rows[i] = new double[] {i};
            window[i] = i >= 10;
        }
        DomainClassifier ten = new BoostedTrees(1, 1.0, 1.0, 32, 10).train(List.of("x"), rows, window);
        assertThat(ten.score(new double[] {0})).isLessThan(ten.score(new double[] {19}));
        assertThat(ten.score(new double[] {9})).isEqualTo(ten.score(new double[] {0}));
        assertThat(ten.score(new double[] {10})).isEqualTo(ten.score(new double[] {19}));
        DomainClassifier eleven = new BoostedTrees(1, 1.0, 1.0, 32, 11).train(List.of("x"), rows, window);
        assertThat(eleven.score(new double[] {0})).isEqualTo(eleven.score(new double[] {19}));
        // 20 rows and minLeaf 10: the root may split (20 >= 2 * 10), its children (10 rows each) may not.
        boolean[] alternating = new boolean[20];
        for (int i = 0; i < 20; i++) {
            alternating[i] = i % 2 == 1;
        }
        DomainClassifier none = new BoostedTrees(1, 1.0, 1.0, 32, 10).train(List.of("x"), rows, alternating);
        assertThat(none.score(new double[] {1})).isEqualTo(none.score(new double[] {3}));
        // Window rows at x >= 17: the pure split would leave 3 rows on the right; minLeaf 5 moves it to x <= 14.
        boolean[] top = new boolean[20];
        for (int i = 17; i < 20; i++) {
            top[i] = true;
        }
        DomainClassifier five = new BoostedTrees(1, 1.0, 1.0, 32, 5).train(List.of("x"), rows, top);
        assertThat(five.score(new double[] {15})).isEqualTo(five.score(new double[] {19}));
        assertThat(five.score(new double[] {14})).isLessThan(five.score(new double[] {15}));
        assertThat(new BoostedTrees(60, 0.3, 1.0, 32, 5).toString())
                .isEqualTo("BoostedTrees[rounds=60, eta=0.3, lambda=1.0, bins=32, minLeaf=5, depth=2]");
    }

    @Test
    void pcaCentresOnTheReferenceMeanAndReconstructsItsLine() {
        // Points on the line (1, 2) + t (1, 1): one component explains everything.
        double[][] line = new double[20][];
        for (int i = 0; i < 20; i++) {
            line[i] = new double[] {1 + i, 2 + i};
        }
        PcaReconstruction pca = new PcaReconstruction(line, 0.65, 10, 3.0);
        assertThat(pca.components()).isEqualTo(1);
        assertThat(pca.explainedRatio()[0]).isCloseTo(1.0, within(EPS));
        assertThat(pca.error(new double[][] {{5, 6}}, 0, 1)).isCloseTo(0.0, within(1e-9));
        // (5, 6) + (1, -1) is sqrt(2) off the line.
        assertThat(pca.error(new double[][] {{6, 5}}, 0, 1)).isCloseTo(Math.sqrt(2), within(1e-9));
        PcaDrift off = pca.check(new double[][] {{6, 5}, {6, 5}});
        assertThat(off.lower()).isZero();
        assertThat(off.upper()).isCloseTo(0.0, within(1e-9));
        assertThat(off.drifted()).isTrue();
    }

    @Test
    void pcaKeepsOneComponentMoreThanTheShareReachedAndAtMostAll() {
        // Two uncorrelated columns of equal variance: each component explains exactly half.
        double[][] cross = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
        PcaReconstruction half = new PcaReconstruction(cross, 0.5, 2, 3.0);
        assertThat(half.explainedRatio()).containsExactly(0.5, 0.5);
        assertThat(half.components()).as("scikit-learn keeps components until the share is exceeded").isEqualTo(2);
        assertThat(new PcaReconstruction(cross, 0.49, 2, 3.0).components()).isEqualTo(1);
        assertThat(new PcaReconstruction(cross, 1.0, 2, 3.0).components()).isEqualTo(2);
        assertThat(new PcaReconstruction(cross, 0.49, 2, 3.0).explainedVariance()).isEqualTo(0.5);
    }

    @Test
    void aConstantReferenceReconstructsItselfAndFlagsAnyOtherRow() {
        double[][] flat = new double[6][];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = new double[] {3, 4};
        }
        PcaReconstruction pca = new PcaReconstruction(flat, 0.65, 2, 3.0);
        PcaDrift same = pca.check(flat);
        assertThat(same.error()).isCloseTo(0.0, within(1e-12));
        assertThat(same.drifted()).isFalse();
        assertThat(pca.check(new double[][] {{4, 4}}).drifted()).isTrue();
    }

    @Test
    void referenceChunksDifferInSizeByAtMostOneLikeArraySplit() {
        double[][] rows = new double[23][];
        for (int i = 0; i < 23; i++) {
            rows[i] = new double[] {i % 5, (i * 7) % 11, (i * i) % 13};
        }
        PcaReconstruction pca = new PcaReconstruction(rows, 0.65, 10, 2.0);
        double[] chunks = pca.chunkErrors();
        // numpy.array_split(23 rows, 10): three chunks of 3 rows, then seven of 2.
        assertThat(chunks[0]).isCloseTo(pca.error(rows, 0, 3), within(EPS));
        assertThat(chunks[2]).isCloseTo(pca.error(rows, 6, 9), within(EPS));
        assertThat(chunks[3]).isCloseTo(pca.error(rows, 9, 11), within(EPS));
        assertThat(chunks[9]).isCloseTo(pca.error(rows, 21, 23), within(EPS));
        double mean = 0;
        for (double e : chunks) {
            mean += e / 10;
        }
        double var = 0;
        for (double e : chunks) {
            var += (e - mean) * (e - mean) / 10;
        }
        PcaDrift d = pca.check(rows);
        assertThat(d.upper()).isCloseTo(mean + 2 * Math.sqrt(var), within(EPS));
        assertThat(d.lower()).isCloseTo(Math.max(0, mean - 2 * Math.sqrt(var)), within(EPS));
    }

    @Test
    void bandwidthIsTheMedianReferenceDistanceOrOneWhenAllRowsAreEqual() {
        // Distances 1, 2, 3 (odd count): the middle one.
        double[][] three = {{0}, {1}, {3}};
        assertThat(new MaximumMeanDiscrepancy(three, 500, 19, 1).bandwidth()).isEqualTo(2.0);
        // Distances 1, 2, 3, 4, 6, 7 among {0, 1, 3, 7}... sorted 1, 2, 3, 4, 6, 7: mean of 3 and 4.
        double[][] four = {{0}, {1}, {3}, {7}};
        assertThat(new MaximumMeanDiscrepancy(four, 500, 19, 1).bandwidth()).isEqualTo(3.5);
        double[][] same = {{2}, {2}, {2}};
        MaximumMeanDiscrepancy flat = new MaximumMeanDiscrepancy(same, 500, 19, 1);
        assertThat(flat.bandwidth()).isEqualTo(1.0);
        // Every permutation of equal rows gives the observed statistic: all count, p = 1.
        MmdDrift d = flat.check(new double[][] {{2}, {2}, {2}}, 0.05);
        assertThat(d.mmd2()).isCloseTo(0.0, within(EPS));
        assertThat(d.pValue()).isEqualTo(1.0);
        assertThat(d.drifted()).isFalse();
    }

    @Test
    void subsampleKeepsSmallInputsAndOrderAndIsSeeded() {
        double[][] rows = new double[30][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i};
        }
        assertThat(MaximumMeanDiscrepancy.subsample(rows, 30, 1)).isSameAs(rows);
        double[][] ten = MaximumMeanDiscrepancy.subsample(rows, 10, 1);
        assertThat(ten.length).isEqualTo(10);
        for (int i = 1; i < ten.length; i++) {
            assertThat(ten[i][0]).isGreaterThan(ten[i - 1][0]);
        }
        assertThat(MaximumMeanDiscrepancy.subsample(rows, 10, 1)).isEqualTo(ten);
        assertThat(MaximumMeanDiscrepancy.subsample(rows, 29, 1).length).isEqualTo(29);
    }

    @Test
    void unbiasedMmdOfTwoPointsByHand() {
        // Reference {0, 1}, window {3, 4} in one dimension; kernel values from the distances.
        double[][] kernel = new double[4][4];
        double[] v = {0, 1, 3, 4};
        double s = 1.5;
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                kernel[i][j] = Math.exp(-(v[i] - v[j]) * (v[i] - v[j]) / (2 * s * s));
            }
        }
        double expected = kernel[0][1] + kernel[2][3] - 0.5 * (kernel[0][2] + kernel[0][3] + kernel[1][2] + kernel[1][3]);
        assertThat(MaximumMeanDiscrepancy.statistic(kernel, new boolean[] {false, false, true, true}, 2, 2))
                .isCloseTo(expected, within(EPS));
    }

    @Test
    void foldsAreStratifiedAndDealtRoundRobin() {
        boolean[] window = new boolean[23];
        for (int i = 15; i < 23; i++) {
            window[i] = true;
        }
        int[] fold = DomainClassification.folds(window, 5, 3);
        int[][] counts = new int[5][2];
        for (int i = 0; i < fold.length; i++) {
            counts[fold[i]][window[i] ? 1 : 0]++;
        }
        // 15 reference rows: 3 a fold; 8 window rows: 2, 2, 2, 1, 1.
        for (int f = 0; f < 5; f++) {
            assertThat(counts[f][0]).isEqualTo(3);
            assertThat(counts[f][1]).isEqualTo(f < 3 ? 2 : 1);
        }
        assertThat(DomainClassification.folds(window, 5, 3)).isEqualTo(fold);
    }

    @Test
    void rocAucNeedsBothClasses() {
        assertThatThrownBy(() -> RocAuc.auc(new double[] {1, 2}, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("AUC needs both classes but had 2 positives and 0 negatives");
        assertThatThrownBy(() -> RocAuc.auc(new double[] {1, 2}, new boolean[] {false, false}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("AUC needs both classes but had 0 positives and 2 negatives");
        assertThat(RocAuc.auc(new double[] {1, 2, 2, 3}, new boolean[] {false, true, false, true})).isEqualTo(0.875);
        assertThat(RocAuc.pValue(0.5, 10, 10)).isEqualTo(0.5);
    }

    @Test
    void encodingHandlesBooleansConstantsUnseenCategoriesAndWrongTypes() {
        Schema schema = Schema.of(Feature.bool("vip"), Feature.numeric("k"), Feature.anyCategory("c"));
        List<Map<String, Object>> reference = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("vip", i % 2 == 0);
            row.put("k", 5.0);
            if (i < 3) {
                row.put("c", i < 2 ? "a" : "b");
            } else {
                row.put("c", 7);
            }
            reference.add(row);
        }
        FeatureEncoding e = FeatureEncoding.fit(schema, reference, 1);
        assertThat(e.names()).containsExactly("vip", "k", "c=a");
        Map<String, Object> window = new HashMap<>();
        window.put("vip", true);
        window.put("k", 7);
        window.put("c", "b");
        Map<String, Object> odd = new HashMap<>();
        odd.put("vip", "yes");
        odd.put("k", Double.NaN);
        odd.put("c", "a");
        Map<String, Object> infinite = new HashMap<>();
        infinite.put("k", Double.POSITIVE_INFINITY);
        infinite.put("vip", false);
        double[][] x = e.encode(List.of(window, odd, Map.of(), infinite));
        assertThat(x[3]).containsExactly(-1.0, 0.0, -1.0);
        // vip: mean 0.5, sd 0.5; k is constant (sd 0 -> scale 1); c=a: mean 0.5, sd 0.5 over 4 rows.
        assertThat(x[0]).containsExactly(1.0, 2.0, -1.0);
        assertThat(x[1]).containsExactly(0.0, 0.0, 1.0);
        assertThat(x[2]).containsExactly(0.0, 0.0, -1.0);
    }

    @Test
    void detectorsRunOnlyTheirMethodsAndDescribeThemselves() {
        List<Map<String, Object>> ten = CorrelatedRows.rows(10, 0.9, 4);
        MultivariateDriftConfig mmdOnly = MultivariateDriftConfig.builder().methods(Set.of(MultivariateMethod.MMD)).build();
        MultivariateDrift drift = MultivariateDrift.fit(CorrelatedRows.SCHEMA, ten, mmdOnly);
        MultivariateDriftResult r = drift.check(ten);
        assertThat(r.pca()).isEmpty();
        assertThat(r.domainClassifier()).isEmpty();
        assertThat(r.mmd()).isPresent();
        assertThat(drift.pcaComponents()).isZero();
        assertThat(drift.schema()).isEqualTo(CorrelatedRows.SCHEMA);
        assertThat(drift.config()).isEqualTo(mmdOnly);
        assertThat(drift.toString()).isEqualTo("MultivariateDrift[[MMD], 2 columns, 10 reference rows]");
        MultivariateDrift pca = MultivariateDrift.fit(CorrelatedRows.SCHEMA, CorrelatedRows.rows(40, 0.9, 4),
                MultivariateDriftConfig.builder().methods(Set.of(MultivariateMethod.PCA_RECONSTRUCTION)).build());
        assertThat(pca.pcaComponents()).isEqualTo(1);
        assertThat(pca.check(ten).mmd()).isEmpty();
    }

    @Test
    void aResultDriftsWhenAnyMethodDrifts() {
        Optional<PcaDrift> pcaYes = Optional.of(new PcaDrift(2, 0, 1, 1, 0.9, true));
        Optional<PcaDrift> pcaNo = Optional.of(new PcaDrift(0.5, 0, 1, 1, 0.9, false));
        Optional<MmdDrift> mmdYes = Optional.of(new MmdDrift(0.1, 1, 0.01, true));
        Optional<MmdDrift> mmdNo = Optional.of(new MmdDrift(0, 1, 0.5, false));
        Optional<DomainClassifierDrift> dYes = Optional.of(new DomainClassifierDrift(0.9, 0.001, true));
        Optional<DomainClassifierDrift> dNo = Optional.of(new DomainClassifierDrift(0.5, 0.5, false));
        assertThat(new MultivariateDriftResult(10, pcaNo, mmdNo, dNo).drifted()).isFalse();
        assertThat(new MultivariateDriftResult(10, pcaYes, mmdNo, dNo).drifted()).isTrue();
        assertThat(new MultivariateDriftResult(10, pcaNo, mmdYes, dNo).drifted()).isTrue();
        assertThat(new MultivariateDriftResult(10, pcaNo, mmdNo, dYes).drifted()).isTrue();
        assertThat(new MultivariateDriftResult(10, Optional.empty(), Optional.empty(), Optional.empty()).drifted()).isFalse();
        assertThatThrownBy(() -> new MultivariateDriftResult(10, null, mmdNo, dNo)).hasMessage("pca");
    }
}
