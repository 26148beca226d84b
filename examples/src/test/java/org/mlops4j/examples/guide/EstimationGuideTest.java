package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlops4j.monitoring.estimate.BinaryPerformanceEstimate;
import org.mlops4j.monitoring.estimate.EstimatedMetric;
import org.mlops4j.monitoring.estimate.MulticlassPerformanceEstimate;
import org.mlops4j.monitoring.estimate.RegressionLossEstimate;

/** Runs the estimation guide's snippets on synthetic data with known answers. */
class EstimationGuideTest {

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void binarySnippetEstimatesTheRealisedAccuracy() {
        // P(y = 1 | x) = sigmoid(3x); the model scores sigmoid(1.5x); 10,000 reference rows, 1,000 window rows.
        Random random = new Random(1);
        double[] referenceScores = new double[10_000];
        int[] outcomes = new int[10_000];
        for (int i = 0; i < outcomes.length; i++) {
            double x = 2 * random.nextGaussian();
            referenceScores[i] = sigmoid(1.5 * x);
            outcomes[i] = random.nextDouble() < sigmoid(3 * x) ? 1 : 0;
        }
        double[] window = new double[1_000];
        int correct = 0;
        for (int i = 0; i < window.length; i++) {
            double x = 2 * random.nextGaussian();
            window[i] = sigmoid(1.5 * x);
            correct += (random.nextDouble() < sigmoid(3 * x)) == (window[i] >= 0.5) ? 1 : 0;
        }
        BinaryPerformanceEstimate e = EstimationGuide.binary(referenceScores, outcomes, window);
        assertThat(e.rows()).isEqualTo(1_000);
        assertThat(e.accuracy()).isCloseTo(correct / 1000.0, within(3 * e.accuracyStandardError()));
        assertThat(e.rocAuc()).isBetween(0.9, 1.0);
        List<String> bands = EstimationGuide.bands(e);
        assertThat(bands).hasSize(5);
        assertThat(bands.get(0)).startsWith("accuracy 0.9");
        assertThat(bands.get(4)).startsWith("roc_auc ");
    }

    @Test
    void multiclassSnippetEstimatesTheRealisedAccuracy() {
        List<String> classes = List.of("cat", "dog", "fox");
        double[][] w = {{2, 0}, {-1, 1.7}, {-1, -1.7}};
        Random random = new Random(2);
        double[][] referenceScores = new double[10_000][];
        String[] referenceLabels = new String[10_000];
        for (int r = 0; r < referenceLabels.length; r++) {
            double[] x = {1.5 * random.nextGaussian(), 1.5 * random.nextGaussian()};
            referenceScores[r] = softmax(w, x, 0.5);
            referenceLabels[r] = classes.get(draw(softmax(w, x, 1), random));
        }
        double[][] scores = new double[1_000][];
        String[] predicted = new String[1_000];
        int correct = 0;
        for (int r = 0; r < predicted.length; r++) {
            double[] x = {1.5 * random.nextGaussian(), 1.5 * random.nextGaussian()};
            scores[r] = softmax(w, x, 0.5);
            int guess = scores[r][0] >= scores[r][1] && scores[r][0] >= scores[r][2] ? 0 : scores[r][1] >= scores[r][2] ? 1 : 2;
            predicted[r] = classes.get(guess);
            correct += draw(softmax(w, x, 1), random) == guess ? 1 : 0;
        }
        MulticlassPerformanceEstimate e = EstimationGuide.multiclass(classes, referenceScores, referenceLabels, scores, predicted);
        assertThat(e.accuracy()).isCloseTo(correct / 1000.0, within(3 * e.standardError(EstimatedMetric.ACCURACY)));
        assertThat(e.value(EstimatedMetric.F1)).isBetween(0.7, 0.95);
        assertThat(EstimationGuide.bands(e)).hasSize(5).allSatisfy(line -> assertThat(line).contains(" in ["));
    }

    @Test
    void directLossSnippetEstimatesTheRealisedMae() {
        // y = x + noise of sd 0.2 + |x|; the model predicts x.
        Random random = new Random(3);
        double[][] rx = new double[5_000][];
        double[] rp = new double[5_000];
        double[] ry = new double[5_000];
        for (int r = 0; r < rp.length; r++) {
            rx[r] = new double[] {random.nextGaussian()};
            rp[r] = rx[r][0];
            ry[r] = rx[r][0] + (0.2 + Math.abs(rx[r][0])) * random.nextGaussian();
        }
        double[][] x = new double[1_000][];
        double[] p = new double[1_000];
        double absolute = 0;
        for (int r = 0; r < p.length; r++) {
            x[r] = new double[] {1 + 0.5 * random.nextGaussian()};     // shifted: noisier rows
            p[r] = x[r][0];
            absolute += Math.abs((0.2 + Math.abs(x[r][0])) * random.nextGaussian());
        }
        RegressionLossEstimate e = EstimationGuide.directLoss(rx, rp, ry, x, p);
        assertThat(e.mae()).isCloseTo(absolute / 1000, within(0.06));
        assertThat(e.rmse()).isGreaterThan(e.mae());
    }

    private static double[] softmax(double[][] w, double[] x, double scale) {
        double[] z = new double[3];
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            z[c] = Math.exp(scale * (w[c][0] * x[0] + w[c][1] * x[1]));
            sum += z[c];
        }
        for (int c = 0; c < 3; c++) {
            z[c] /= sum;
        }
        return z;
    }

    private static int draw(double[] p, Random random) {
        double u = random.nextDouble();
        return u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
    }
}
