package org.mlops4j.monitoring.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sampling-error bands: by simulation, the realised figure of windows drawn from a calibrated
 * model falls inside the band about as often as a normal distribution says; and the bootstrap's
 * building blocks by hand.
 */
class SamplingErrorTest {

    private static final List<EstimatedMetric> METRICS = List.of(EstimatedMetric.values());

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void binaryBandsCoverTheRealisedFiguresAtAboutTheNominalRate() {
        // Known calibrated process: p = sigmoid(2 z), z ~ N(0.3, 1); the model predicts positive when
        // p >= 0.5; labels ~ Bernoulli(p). 300 windows of 1,000 rows, seed 7. For each metric, count
        // the windows whose realised figure is within 1 and within 3 standard errors of the estimate:
        // nominal rates 68.3% (205 of 300) and 99.7% (299 of 300). Observed (seed 7): accuracy 207 and
        // 299, precision 206 and 299, recall 208 and 298, F1 210 and 298, ROC AUC 215 and 297.
        Random random = new Random(7);
        int windows = 300;
        int rows = 1_000;
        Map<EstimatedMetric, int[]> counts = new EnumMap<>(EstimatedMetric.class);
        METRICS.forEach(m -> counts.put(m, new int[2]));
        for (int w = 0; w < windows; w++) {
            double[] p = new double[rows];
            boolean[] positive = new boolean[rows];
            boolean[] label = new boolean[rows];
            for (int i = 0; i < rows; i++) {
                p[i] = sigmoid(2 * (0.3 + random.nextGaussian()));
                positive[i] = p[i] >= 0.5;
                label[i] = random.nextDouble() < p[i];
            }
            BinaryPerformanceEstimate e = BinaryCbpe.estimate(p, positive);
            Map<EstimatedMetric, Double> realised = realisedBinary(p, positive, label);
            for (EstimatedMetric m : METRICS) {
                double error = Math.abs(realised.get(m) - e.value(m));
                counts.get(m)[0] += error <= e.standardError(m) ? 1 : 0;
                counts.get(m)[1] += error <= 3 * e.standardError(m) ? 1 : 0;
            }
        }
        assertCoverage(counts, windows);
    }

    @Test
    void multiclassBandsCoverTheRealisedFiguresAtAboutTheNominalRate() {
        // Known calibrated process: p = softmax(z) with z ~ N(0, 1.2^2) per class plus 0.5 on the
        // first class; the model predicts the arg max of p; labels ~ Categorical(p). 300 windows of
        // 1,000 rows, seed 8. Same counts and nominal rates as the binary test. Observed: accuracy 204
        // and 299, macro precision 218 and 300, recall 220 and 299, F1 211 and 298, ROC AUC 211 and 299.
        Random random = new Random(8);
        int windows = 300;
        int rows = 1_000;
        List<String> classes = List.of("a", "b", "c");
        Map<EstimatedMetric, int[]> counts = new EnumMap<>(EstimatedMetric.class);
        METRICS.forEach(m -> counts.put(m, new int[2]));
        for (int w = 0; w < windows; w++) {
            double[][] p = new double[rows][];
            int[] predicted = new int[rows];
            String[] predictedNames = new String[rows];
            int[] label = new int[rows];
            for (int i = 0; i < rows; i++) {
                p[i] = MulticlassCbpeTest.softmax(new double[] {0.5 + 1.2 * random.nextGaussian(),
                        1.2 * random.nextGaussian(), 1.2 * random.nextGaussian()});
                predicted[i] = MulticlassCbpeTest.argMax(p[i]);
                predictedNames[i] = classes.get(predicted[i]);
                label[i] = MulticlassCbpeTest.draw(p[i], random);
            }
            MulticlassPerformanceEstimate e = MulticlassCbpe.estimate(classes, p, predictedNames);
            Map<EstimatedMetric, Double> realised = realisedMulticlass(p, predicted, label);
            for (EstimatedMetric m : METRICS) {
                double error = Math.abs(realised.get(m) - e.value(m));
                counts.get(m)[0] += error <= e.standardError(m) ? 1 : 0;
                counts.get(m)[1] += error <= 3 * e.standardError(m) ? 1 : 0;
            }
        }
        assertCoverage(counts, windows);
    }

    private static void assertCoverage(Map<EstimatedMetric, int[]> counts, int windows) {
        StringBuilder summary = new StringBuilder();
        counts.forEach((m, c) -> summary.append(String.format("%s: %d within 1 SE, %d within 3 SE of %d; ", m.key(), c[0], c[1], windows)));
        for (EstimatedMetric m : METRICS) {
            // 68.3% of 300 is 205 (binomial sd 8): accept 175..235; 99.7% of 300 is 299: accept >= 294.
            assertThat(counts.get(m)[0]).as(summary.toString()).isBetween(175, 235);
            assertThat(counts.get(m)[1]).as(summary.toString()).isGreaterThanOrEqualTo(294);
        }
    }

    private static Map<EstimatedMetric, Double> realisedBinary(double[] p, boolean[] positive, boolean[] label) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        for (int i = 0; i < p.length; i++) {
            if (positive[i]) {
                tp += label[i] ? 1 : 0;
                fp += label[i] ? 0 : 1;
            } else {
                fn += label[i] ? 1 : 0;
                tn += label[i] ? 0 : 1;
            }
        }
        Map<EstimatedMetric, Double> m = new EnumMap<>(EstimatedMetric.class);
        m.put(EstimatedMetric.ACCURACY, (double) (tp + tn) / p.length);
        m.put(EstimatedMetric.PRECISION, (double) tp / (tp + fp));
        m.put(EstimatedMetric.RECALL, (double) tp / (tp + fn));
        m.put(EstimatedMetric.F1, 2.0 * tp / (2 * tp + fp + fn));
        m.put(EstimatedMetric.ROC_AUC, pairwiseAuc(p, label));
        return m;
    }

    /**
     * Realised ROC AUC by the trapezoid over the empirical ROC curve (thresholds from the highest
     * score down, tied scores stepping together), independent of the rank-sum form under test.
     */
    private static double pairwiseAuc(double[] score, boolean[] label) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        double positives = 0;
        for (boolean l : label) {
            positives += l ? 1 : 0;
        }
        double negatives = score.length - positives;
        double area = 0;
        double tp = 0;
        double fp = 0;
        int i = 0;
        while (i < order.length) {
            double t = score[order[i]];
            double tp0 = tp;
            double fp0 = fp;
            while (i < order.length && score[order[i]] == t) {
                tp += label[order[i]] ? 1 : 0;
                fp += label[order[i]] ? 0 : 1;
                i++;
            }
            area += (fp - fp0) / negatives * (tp + tp0) / 2 / positives;
        }
        return area;
    }

    private static Map<EstimatedMetric, Double> realisedMulticlass(double[][] p, int[] predicted, int[] label) {
        int k = p[0].length;
        double accuracy = 0;
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        double auc = 0;
        for (int i = 0; i < p.length; i++) {
            accuracy += predicted[i] == label[i] ? 1.0 / p.length : 0;
        }
        for (int c = 0; c < k; c++) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            double[] column = new double[p.length];
            boolean[] isC = new boolean[p.length];
            for (int i = 0; i < p.length; i++) {
                column[i] = p[i][c];
                isC[i] = label[i] == c;
                tp += predicted[i] == c && isC[i] ? 1 : 0;
                fp += predicted[i] == c && !isC[i] ? 1 : 0;
                fn += predicted[i] != c && isC[i] ? 1 : 0;
            }
            precision += (double) tp / (tp + fp) / k;
            recall += (double) tp / (tp + fn) / k;
            f1 += 2.0 * tp / (2 * tp + fp + fn) / k;
            auc += pairwiseAuc(column, isC) / k;
        }
        Map<EstimatedMetric, Double> m = new EnumMap<>(EstimatedMetric.class);
        m.put(EstimatedMetric.ACCURACY, accuracy);
        m.put(EstimatedMetric.PRECISION, precision);
        m.put(EstimatedMetric.RECALL, recall);
        m.put(EstimatedMetric.F1, f1);
        m.put(EstimatedMetric.ROC_AUC, auc);
        return m;
    }

    @Test
    void midRanksAverageTiesAndTheRankSumGivesTheMannWhitneyAuc() {
        assertThat(SamplingError.midRanks(new double[] {0.3, 0.1, 0.3, 0.9, 0.3})).containsExactly(3, 1, 3, 5, 3);
        assertThat(SamplingError.midRanks(new double[] {2, 1})).containsExactly(2, 1);
        // Positives at ranks 5 and 3 of 5 rows: (8 - 3) / (2 * 3).
        assertThat(SamplingError.auc(8, 2, 5)).isCloseTo(5.0 / 6, within(1e-15));
        assertThat(SamplingError.auc(0, 0, 5)).isNaN();
        assertThat(SamplingError.auc(15, 5, 5)).isNaN();
        assertThat(SamplingError.draw(new double[] {0.2, 0.5, 0.3}, 0.0)).isZero();
        assertThat(SamplingError.draw(new double[] {0.2, 0.5, 0.3}, 0.2)).isEqualTo(1);
        assertThat(SamplingError.draw(new double[] {0.2, 0.5, 0.3}, 0.69)).isEqualTo(1);
        assertThat(SamplingError.draw(new double[] {0.2, 0.5, 0.3}, 0.7)).isEqualTo(2);
        assertThat(SamplingError.draw(new double[] {0.2, 0.5, 0.3 - 1e-9}, 0.9999999999)).isEqualTo(2);
        SamplingError.Moments moments = new SamplingError.Moments();
        moments.add(1);
        assertThat(moments.standardDeviation()).isNaN();
        SamplingError.Moments two = new SamplingError.Moments();
        two.add(1);
        two.add(3);
        assertThat(two.standardDeviation()).isCloseTo(Math.sqrt(2), within(1e-15));
        moments.add(Double.NaN);
        moments.add(3);
        moments.add(5);
        assertThat(moments.standardDeviation()).isCloseTo(2.0, within(1e-15));
    }

    @Test
    void theBootstrapIsDeterministicAndUndefinedFiguresHaveNoBand() {
        double[] p = {0.9, 0.2, 0.6, 0.4, 0.7};
        boolean[] positive = {true, false, true, false, true};
        BinaryPerformanceEstimate first = BinaryCbpe.estimate(p, positive);
        assertThat(BinaryCbpe.estimate(p, positive)).isEqualTo(first);
        // Certain probabilities: nothing varies.
        BinaryPerformanceEstimate certain = BinaryCbpe.estimate(new double[] {1, 0, 1, 0}, new boolean[] {true, true, false, false});
        for (EstimatedMetric m : METRICS) {
            assertThat(certain.standardError(m)).as("%s", m).isEqualTo(0.0);
        }
        // Every probability 0: recall, F1 and ROC AUC are undefined in every draw.
        BinaryPerformanceEstimate none = BinaryCbpe.estimate(new double[] {0, 0}, new boolean[] {false, false});
        assertThat(none.standardError(EstimatedMetric.RECALL)).isNaN();
        assertThat(none.standardError(EstimatedMetric.ROC_AUC)).isNaN();
        assertThat(none.standardError(EstimatedMetric.PRECISION)).isNaN();
        assertThat(none.standardError(EstimatedMetric.F1)).isNaN();
        // Precision's analytic error: predicted-positive rows 0.9, 0.6, 0.7.
        assertThat(first.standardError(EstimatedMetric.PRECISION)).isCloseTo(Math.sqrt(0.09 + 0.24 + 0.21) / 3, within(1e-12));
        // Multiclass with certain probabilities: no variation, errors 0.
        MulticlassPerformanceEstimate sure = MulticlassCbpe.estimate(List.of("a", "b"), new double[][] {{1, 0}, {0, 1}, {1, 0}},
                new String[] {"a", "b", "b"});
        for (EstimatedMetric m : METRICS) {
            assertThat(sure.standardError(m)).as("%s", m).isEqualTo(0.0);
        }
        assertThat(sure.value(EstimatedMetric.RECALL)).isCloseTo((0.5 + 1) / 2, within(1e-12));
        assertThat(sure.value(EstimatedMetric.ROC_AUC)).isCloseTo(1.0, within(1e-12));
    }

    private static double sd(double[] v) {
        double mean = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                mean += x;
                n++;
            }
        }
        mean /= n;
        double ss = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                ss += (x - mean) * (x - mean);
            }
        }
        return Math.sqrt(ss / (n - 1));
    }

    @Test
    void theBinaryBootstrapIsTheDocumentedOne() {
        // Rewritten from the documentation: SplittableRandom(20), 200 draws, one uniform per row in
        // row order (positive when u < p), realised recall, F1 and pairwise ROC AUC on the
        // probabilities, sample standard deviation over the draws where defined.
        double[] p = {0.9, 0.2, 0.6, 0.4, 0.7, 0.05, 0.55, 0.3};
        boolean[] positive = {true, false, true, false, true, false, true, true};
        java.util.SplittableRandom random = new java.util.SplittableRandom(20);
        double[] recall = new double[200];
        double[] f1 = new double[200];
        double[] auc = new double[200];
        for (int d = 0; d < 200; d++) {
            boolean[] label = new boolean[p.length];
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (int i = 0; i < p.length; i++) {
                label[i] = random.nextDouble() < p[i];
                tp += label[i] && positive[i] ? 1 : 0;
                fp += !label[i] && positive[i] ? 1 : 0;
                fn += label[i] && !positive[i] ? 1 : 0;
            }
            recall[d] = (double) tp / (tp + fn);
            f1[d] = 2.0 * tp / (2 * tp + fp + fn);
            auc[d] = pairwiseAuc(p, label);
        }
        BinaryPerformanceEstimate e = BinaryCbpe.estimate(p, positive);
        assertThat(e.standardError(EstimatedMetric.RECALL)).isCloseTo(sd(recall), within(1e-12));
        assertThat(e.standardError(EstimatedMetric.F1)).isCloseTo(sd(f1), within(1e-12));
        assertThat(e.standardError(EstimatedMetric.ROC_AUC)).isCloseTo(sd(auc), within(1e-12));
        assertThat(e.standardError(EstimatedMetric.ROC_AUC)).isBetween(0.05, 0.5);
    }

    @Test
    void theMulticlassBootstrapIsTheDocumentedOne() {
        // Same, for 3 classes: one uniform per row, the class by inversion of the cumulative
        // probabilities, macro recall, macro F1 and macro one-vs-rest ROC AUC.
        double[][] p = {{0.7, 0.2, 0.1}, {0.5, 0.3, 0.2}, {0.1, 0.8, 0.1}, {0.3, 0.3, 0.4}, {0.2, 0.2, 0.6},
                {0.6, 0.1, 0.3}, {0.25, 0.5, 0.25}, {0.1, 0.1, 0.8}, {0.4, 0.4, 0.2}, {0.3, 0.6, 0.1}};
        int[] predicted = {0, 0, 1, 2, 2, 0, 1, 2, 1, 1};
        String[] names = new String[p.length];
        for (int i = 0; i < p.length; i++) {
            names[i] = List.of("a", "b", "c").get(predicted[i]);
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(20);
        double[] recall = new double[200];
        double[] f1 = new double[200];
        double[] auc = new double[200];
        for (int d = 0; d < 200; d++) {
            int[] label = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                double u = random.nextDouble();
                label[i] = u < p[i][0] ? 0 : u < p[i][0] + p[i][1] ? 1 : 2;
            }
            Map<EstimatedMetric, Double> realised = realisedMulticlass(p, predicted, label);
            recall[d] = realised.get(EstimatedMetric.RECALL);
            f1[d] = realised.get(EstimatedMetric.F1);
            auc[d] = realised.get(EstimatedMetric.ROC_AUC);
        }
        MulticlassPerformanceEstimate e = MulticlassCbpe.estimate(List.of("a", "b", "c"), p, names);
        assertThat(e.standardError(EstimatedMetric.RECALL)).isCloseTo(sd(recall), within(1e-12));
        assertThat(e.standardError(EstimatedMetric.F1)).isCloseTo(sd(f1), within(1e-12));
        assertThat(e.standardError(EstimatedMetric.ROC_AUC)).isCloseTo(sd(auc), within(1e-12));
        assertThat(e.standardError(EstimatedMetric.RECALL)).isBetween(0.05, 0.5);
    }
}
