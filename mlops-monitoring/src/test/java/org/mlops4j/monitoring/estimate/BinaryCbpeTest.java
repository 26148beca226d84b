package org.mlops4j.monitoring.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CBPE by hand, on simulated windows with a known generating process, and its refusals. */
class BinaryCbpeTest {

    private static Map<EstimatedMetric, Double> se(double accuracyError) {
        return Map.of(EstimatedMetric.ACCURACY, accuracyError);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void sixRowsByHand() {
        // The third row is predicted positive at p 0.3, the fourth negative at p 0.6.
        double[] p = {0.9, 0.8, 0.3, 0.6, 0.2, 0.1};
        boolean[] positive = {true, true, true, false, false, false};
        BinaryPerformanceEstimate e = BinaryCbpe.estimate(p, positive);
        assertThat(e.rows()).isEqualTo(6);
        assertThat(e.truePositives()).isCloseTo(2.0, within(1e-12));   // 0.9 + 0.8 + 0.3
        assertThat(e.falsePositives()).isCloseTo(1.0, within(1e-12));  // 0.1 + 0.2 + 0.7
        assertThat(e.falseNegatives()).isCloseTo(0.9, within(1e-12));  // 0.6 + 0.2 + 0.1
        assertThat(e.trueNegatives()).isCloseTo(2.1, within(1e-12));   // 0.4 + 0.8 + 0.9
        assertThat(e.accuracy()).isCloseTo(4.1 / 6, within(1e-12));
        assertThat(e.precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(e.recall()).isCloseTo(2.0 / 2.9, within(1e-12));
        assertThat(e.f1()).isCloseTo(4.0 / 5.9, within(1e-12));
        // sum p(1-p) = 0.09 + 0.16 + 0.21 + 0.24 + 0.16 + 0.09
        assertThat(e.accuracyStandardError()).isCloseTo(Math.sqrt(0.95) / 6, within(1e-12));
        // Ranked 0.9, 0.8, 0.6, 0.3, 0.2, 0.1: sum over rows of (1 - p_i)(sum of p above + p_i / 2)
        // = 0.045 + 0.26 + 0.8 + 1.715 + 2.16 + 2.565 = 7.545, over (sum p)(sum 1-p) = 2.9 * 3.1.
        assertThat(e.rocAuc()).isCloseTo(7.545 / 8.99, within(1e-12));
        assertThat(e.accuracyLower(3)).isCloseTo(4.1 / 6 - 3 * Math.sqrt(0.95) / 6, within(1e-12));
        assertThat(e.accuracyUpper(1)).isCloseTo(4.1 / 6 + Math.sqrt(0.95) / 6, within(1e-12));
        assertThat(e.accuracyUpper(3)).isEqualTo(1.0);
        assertThat(e.accuracyLower(0)).isEqualTo(e.accuracy());
    }

    @Test
    void aScoreEqualToTheThresholdIsPredictedPositive() {
        IsotonicCalibrator calibrator = IsotonicCalibrator.fit(new double[] {0.2, 0.5, 0.8}, new int[] {0, 1, 1});
        BinaryPerformanceEstimate e = BinaryCbpe.estimate(calibrator, new double[] {0.5, 0.2}, 0.5);
        assertThat(e.truePositives()).isEqualTo(1.0);
        assertThat(e.falsePositives()).isEqualTo(0.0);
        assertThat(e.trueNegatives()).isEqualTo(1.0);
        assertThat(e.accuracy()).isEqualTo(1.0);
    }

    @Test
    void degenerateWindowsGiveNanWhereTheDenominatorIsZero() {
        BinaryPerformanceEstimate noPositives = BinaryCbpe.estimate(new double[] {0.2, 0.4}, new boolean[] {false, false});
        assertThat(noPositives.precision()).isNaN();
        assertThat(noPositives.recall()).isCloseTo(0.0, within(1e-12));
        assertThat(noPositives.f1()).isCloseTo(0.0, within(1e-12));
        assertThat(noPositives.accuracy()).isCloseTo(0.7, within(1e-12));
        assertThat(noPositives.rocAuc()).isCloseTo((0.6 * 0.2 + 0.8 * (0.4 + 0.1)) / (0.6 * 1.4), within(1e-12));  // ranked 0.4, 0.2
        BinaryPerformanceEstimate allZero = BinaryCbpe.estimate(new double[] {0.0, 0.0}, new boolean[] {false, false});
        assertThat(allZero.recall()).isNaN();
        assertThat(allZero.f1()).isNaN();
        assertThat(allZero.rocAuc()).isNaN();
        assertThat(allZero.accuracy()).isEqualTo(1.0);
        assertThat(allZero.accuracyStandardError()).isEqualTo(0.0);
        assertThat(BinaryCbpe.rocAuc(new double[] {1.0, 1.0})).isNaN();
        // All tied: the curve is the diagonal.
        assertThat(BinaryCbpe.rocAuc(new double[] {0.3, 0.3, 0.3})).isCloseTo(0.5, within(1e-12));
        // Perfectly separated certain probabilities.
        assertThat(BinaryCbpe.rocAuc(new double[] {1.0, 0.0, 1.0, 0.0})).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void theThreeStandardErrorBandHoldsTheRealisedAccuracyInAtLeast99PercentOf500Windows() {
        // Known calibrated process: x ~ N(0, 1), P(y = 1 | x) = sigmoid(3x) = p, the model predicts
        // positive when p >= 0.5. 500 windows of 1,000 rows, seed 20.
        Random random = new Random(20);
        int windows = 500;
        int rows = 1_000;
        int withinThree = 0;
        int withinOne = 0;
        for (int w = 0; w < windows; w++) {
            double[] p = new double[rows];
            boolean[] positive = new boolean[rows];
            int correct = 0;
            for (int i = 0; i < rows; i++) {
                p[i] = sigmoid(3 * random.nextGaussian());
                positive[i] = p[i] >= 0.5;
                boolean label = random.nextDouble() < p[i];
                correct += label == positive[i] ? 1 : 0;
            }
            BinaryPerformanceEstimate e = BinaryCbpe.estimate(p, positive);
            double error = Math.abs((double) correct / rows - e.accuracy());
            withinThree += error <= 3 * e.accuracyStandardError() ? 1 : 0;
            withinOne += error <= e.accuracyStandardError() ? 1 : 0;
        }
        assertThat(withinThree).isGreaterThanOrEqualTo(495);
        // The band is not merely wide: about 68% of windows fall within one standard error.
        assertThat(withinOne).isBetween(300, 380);
    }

    @Test
    void theEstimateFollowsTheRealisedAccuracyUnderCovariateShift() {
        // Generating process: P(y = 1 | x) = sigmoid(3x), unchanged (covariate shift only). The fixed
        // model scores s = sigmoid(1.5x) (monotone, uncalibrated) and predicts positive when s >= 0.5.
        // Reference: 20,000 labelled rows with x ~ N(0, 2) (true accuracy about 0.91) fit the
        // calibrator. Then 20 windows of 1,000 rows: 10 with x ~ N(0, 2), 10 shifted to
        // x ~ N(0.1, 0.55) (true accuracy about 0.75). Tolerance 0.04 per window, about three
        // standard errors of a 1,000-row accuracy near 0.75 (sqrt(0.75 * 0.25 / 1000) = 0.0137).
        Random random = new Random(2020);
        int referenceRows = 20_000;
        double[] referenceScores = new double[referenceRows];
        int[] referenceOutcomes = new int[referenceRows];
        for (int i = 0; i < referenceRows; i++) {
            double x = 2 * random.nextGaussian();
            referenceScores[i] = sigmoid(1.5 * x);
            referenceOutcomes[i] = random.nextDouble() < sigmoid(3 * x) ? 1 : 0;
        }
        IsotonicCalibrator calibrator = IsotonicCalibrator.fit(referenceScores, referenceOutcomes);
        int windowCount = 20;
        int rows = 1_000;
        double tolerance = 0.04;
        double totalError = 0;
        double[] realised = new double[windowCount];
        double[] estimated = new double[windowCount];
        for (int w = 0; w < windowCount; w++) {
            boolean shifted = w >= windowCount / 2;
            double[] scores = new double[rows];
            int correct = 0;
            for (int i = 0; i < rows; i++) {
                double x = shifted ? 0.1 + 0.55 * random.nextGaussian() : 2 * random.nextGaussian();
                scores[i] = sigmoid(1.5 * x);
                boolean label = random.nextDouble() < sigmoid(3 * x);
                correct += label == (scores[i] >= 0.5) ? 1 : 0;
            }
            realised[w] = (double) correct / rows;
            estimated[w] = BinaryCbpe.estimate(calibrator, scores, 0.5).accuracy();
            assertThat(estimated[w]).as("window %d (realised %s)", w, realised[w]).isCloseTo(realised[w], within(tolerance));
            totalError += Math.abs(estimated[w] - realised[w]);
        }
        assertThat(totalError / windowCount).as("mean absolute error").isLessThan(0.015);
        double before = 0;
        double after = 0;
        for (int w = 0; w < windowCount / 2; w++) {
            before += realised[w] / (windowCount / 2);
            after += realised[w + windowCount / 2] / (windowCount / 2);
        }
        assertThat(before).as("true accuracy before the shift").isCloseTo(0.91, within(0.02));
        assertThat(after).as("true accuracy after the shift").isCloseTo(0.75, within(0.03));
    }

    @Test
    void theStandardErrorsMapIsCheckedAndCopied() {
        assertThat(EstimatedMetric.ACCURACY.key()).isEqualTo("accuracy");
        assertThat(EstimatedMetric.ROC_AUC.key()).isEqualTo("roc_auc");
        java.util.Map<EstimatedMetric, Double> withNullKey = new java.util.HashMap<>();
        withNullKey.put(EstimatedMetric.ACCURACY, 0.1);
        withNullKey.put(null, 0.1);
        assertThatThrownBy(() -> new BinaryPerformanceEstimate(2, 1, 0, 0, 1, 1, 0, 0, 0, 0, withNullKey))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standardErrors[null]");
        java.util.Map<EstimatedMetric, Double> withNullValue = new java.util.HashMap<>();
        withNullValue.put(EstimatedMetric.ACCURACY, 0.1);
        withNullValue.put(EstimatedMetric.F1, null);
        assertThatThrownBy(() -> new BinaryPerformanceEstimate(2, 1, 0, 0, 1, 1, 0, 0, 0, 0, withNullValue))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standardErrors[F1]");
        java.util.Map<EstimatedMetric, Double> mutable = new java.util.HashMap<>(se(0.1));
        BinaryPerformanceEstimate e = new BinaryPerformanceEstimate(2, 1, 0, 0, 1, 1, 0, 0, 0, 0, mutable);
        mutable.put(EstimatedMetric.ACCURACY, 0.5);
        assertThat(e.accuracyStandardError()).isEqualTo(0.1);
        assertThat(e.standardError(EstimatedMetric.F1)).isNaN();
        assertThat(e.value(EstimatedMetric.F1)).isEqualTo(0.0);
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> BinaryCbpe.estimate(null, new boolean[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities");
        assertThatThrownBy(() -> BinaryCbpe.rocAuc(new double[] {0.5, 2.0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities[1]");
        assertThatThrownBy(() -> BinaryCbpe.rocAuc(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities");
        assertThatThrownBy(() -> BinaryCbpe.estimate(new double[0], new boolean[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> BinaryCbpe.estimate(new double[] {0.5, 1.5}, new boolean[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities[1]").hasMessageContaining("1.5");
        assertThatThrownBy(() -> BinaryCbpe.estimate(new double[] {-0.1}, new boolean[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities[0]");
        assertThatThrownBy(() -> BinaryCbpe.estimate(new double[] {Double.NaN}, new boolean[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> BinaryCbpe.estimate(new double[] {0.5}, new boolean[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predictedPositive").hasMessageContaining("2");
        assertThatThrownBy(() -> BinaryCbpe.estimate(new double[] {0.5}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predictedPositive");
        IsotonicCalibrator calibrator = IsotonicCalibrator.fit(new double[] {0, 1}, new int[] {0, 1});
        assertThatThrownBy(() -> BinaryCbpe.estimate(null, new double[] {0.5}, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibrator");
        assertThatThrownBy(() -> BinaryCbpe.estimate(calibrator, new double[] {0.5}, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        BinaryPerformanceEstimate e = BinaryCbpe.estimate(new double[] {0.5}, new boolean[] {true});
        assertThatThrownBy(() -> e.accuracyLower(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k");
        assertThatThrownBy(() -> e.accuracyUpper(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k");
        assertThatThrownBy(() -> new BinaryPerformanceEstimate(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, se(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows");
        assertThatThrownBy(() -> new BinaryPerformanceEstimate(2, -1, 1, 1, 1, 0.5, 0, 0, 0, 0, se(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truePositives");
        assertThatThrownBy(() -> new BinaryPerformanceEstimate(2, 1, Double.NaN, 1, 0, 0.5, 0, 0, 0, 0, se(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("falsePositives");
        assertThatThrownBy(() -> new BinaryPerformanceEstimate(2, 1, 0, -0.5, 1.5, 0.5, 0, 0, 0, 0, se(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("falseNegatives");
        assertThatThrownBy(() -> new BinaryPerformanceEstimate(2, 1, 0, 1, Double.POSITIVE_INFINITY, 0.5, 0, 0, 0, 0, se(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trueNegatives");
        assertThatThrownBy(() -> new BinaryPerformanceEstimate(2, 1, 0, 0, 0, 0.5, 0, 0, 0, 0, se(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to rows");
        // Rounding in the sums is tolerated up to 1e-6 per row, not beyond.
        assertThat(new BinaryPerformanceEstimate(2, 1 + 1e-6, 0, 0, 1, 1, 0, 0, 0, 0, se(0)).rows()).isEqualTo(2);
        assertThatThrownBy(() -> new BinaryPerformanceEstimate(2, 1 + 3e-6, 0, 0, 1, 1, 0, 0, 0, 0, se(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to rows");
        assertThatThrownBy(() -> new BinaryPerformanceEstimate(2, 1, 0, 0, 1, Double.NaN, 0, 0, 0, 0, se(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accuracy");
        assertThatThrownBy(() -> new BinaryPerformanceEstimate(2, 1, 0, 0, 1, 1, 0, 0, 0, 0, se(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standard error");
    }
}
