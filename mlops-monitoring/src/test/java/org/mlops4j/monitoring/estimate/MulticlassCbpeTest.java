package org.mlops4j.monitoring.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Multiclass CBPE by hand, under covariate shift with a known generating process, and its refusals. */
class MulticlassCbpeTest {

    private static final List<String> CLASSES = List.of("cat", "dog", "fox");

    static double[] softmax(double[] z) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double[] e = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static int draw(double[] p, Random random) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int c = 0; c < p.length - 1; c++) {
            cumulative += p[c];
            if (u < cumulative) {
                return c;
            }
        }
        return p.length - 1;
    }

    @Test
    void sixRowsByHand() {
        double[][] p = {{0.7, 0.2, 0.1}, {0.5, 0.3, 0.2}, {0.1, 0.8, 0.1}, {0.3, 0.3, 0.4}, {0.2, 0.2, 0.6}, {0.6, 0.1, 0.3}};
        String[] predicted = {"cat", "dog", "dog", "fox", "fox", "fox"};
        MulticlassPerformanceEstimate e = MulticlassCbpe.estimate(CLASSES, p, predicted);
        // Column "cat" is row 0; "dog" rows 1-2: (0.6, 1.1, 0.3); "fox" rows 3-5: (1.1, 0.6, 1.3).
        double[][] expected = {{0.7, 0.6, 1.1}, {0.2, 1.1, 0.6}, {0.1, 0.3, 1.3}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(e.confusionMatrix()[i][j]).as("cell %d %d", i, j).isCloseTo(expected[i][j], within(1e-12));
            }
        }
        assertThat(e.rows()).isEqualTo(6);
        assertThat(e.classes()).isEqualTo(CLASSES);
        assertThat(e.accuracy()).isCloseTo(3.1 / 6, within(1e-12));
        assertThat(e.value(EstimatedMetric.ACCURACY)).isEqualTo(e.accuracy());
        assertThat(e.precision()).containsExactly(new double[] {0.7, 0.55, 1.3 / 3}, within(1e-12));
        assertThat(e.recall()).containsExactly(new double[] {0.7 / 2.4, 1.1 / 1.9, 1.3 / 1.7}, within(1e-12));
        assertThat(e.f1()).containsExactly(new double[] {1.4 / 3.4, 2.2 / 3.9, 2.6 / 4.7}, within(1e-12));
        assertThat(e.value(EstimatedMetric.PRECISION)).isCloseTo((0.7 + 0.55 + 1.3 / 3) / 3, within(1e-12));
        assertThat(e.value(EstimatedMetric.RECALL)).isCloseTo((0.7 / 2.4 + 1.1 / 1.9 + 1.3 / 1.7) / 3, within(1e-12));
        assertThat(e.value(EstimatedMetric.F1)).isCloseTo((1.4 / 3.4 + 2.2 / 3.9 + 2.6 / 4.7) / 3, within(1e-12));
        // cat's probabilities ranked 0.7, 0.6, 0.5, 0.3, 0.2, 0.1: sum of (1 - p)(p above + p / 2)
        // = 0.105 + 0.4 + 0.775 + 1.365 + 1.76 + 2.115 = 6.52, over 2.4 * 3.6.
        assertThat(e.rocAuc()[0]).isCloseTo(6.52 / 8.64, within(1e-12));
        assertThat(e.value(EstimatedMetric.ROC_AUC, "cat")).isEqualTo(e.rocAuc()[0]);
        assertThat(e.value(EstimatedMetric.PRECISION, "dog")).isCloseTo(0.55, within(1e-12));
        assertThat(e.value(EstimatedMetric.RECALL, "fox")).isCloseTo(1.3 / 1.7, within(1e-12));
        assertThat(e.value(EstimatedMetric.F1, "fox")).isCloseTo(2.6 / 4.7, within(1e-12));
        assertThat(e.value(EstimatedMetric.ACCURACY, "dog")).isEqualTo(e.accuracy());
        // q (the predicted class's probability) = 0.7, 0.3, 0.8, 0.4, 0.6, 0.3: sum q(1 - q) = 1.27.
        assertThat(e.standardError(EstimatedMetric.ACCURACY)).isCloseTo(Math.sqrt(1.27) / 6, within(1e-12));
        // Per class sum q(1 - q) / m^2: 0.21 / 1, 0.37 / 4, 0.69 / 9.
        assertThat(e.standardError(EstimatedMetric.PRECISION)).isCloseTo(Math.sqrt(0.21 + 0.37 / 4 + 0.69 / 9) / 3, within(1e-12));
        assertThat(e.lower(EstimatedMetric.ACCURACY, 1)).isCloseTo(3.1 / 6 - Math.sqrt(1.27) / 6, within(1e-12));
        assertThat(e.upper(EstimatedMetric.ACCURACY, 3)).isEqualTo(1.0);
        assertThat(e.lower(EstimatedMetric.ACCURACY, 3)).isEqualTo(0.0);
        for (EstimatedMetric m : List.of(EstimatedMetric.RECALL, EstimatedMetric.F1, EstimatedMetric.ROC_AUC)) {
            assertThat(e.standardError(m)).as("%s", m).isPositive().isLessThan(0.5);
        }
    }

    @Test
    void aClassNeverPredictedMakesItsPrecisionAndTheMacroPrecisionNan() {
        double[][] p = {{0.8, 0.1, 0.1}, {0.2, 0.7, 0.1}};
        MulticlassPerformanceEstimate e = MulticlassCbpe.estimate(CLASSES, p, new String[] {"cat", "dog"});
        assertThat(e.precision()[2]).isNaN();
        assertThat(e.value(EstimatedMetric.PRECISION)).isNaN();
        assertThat(e.standardError(EstimatedMetric.PRECISION)).isNaN();
        assertThat(e.lower(EstimatedMetric.PRECISION, 3)).isNaN();
        assertThat(e.recall()[2]).isCloseTo(0.0, within(1e-12));
        assertThat(e.f1()[2]).isCloseTo(0.0, within(1e-12));
        assertThat(e.value(EstimatedMetric.RECALL)).isCloseTo((0.8 / 1.0 + 0.7 / 0.8 + 0) / 3, within(1e-12));
        // A class with probability 0 everywhere has no recall and no ROC AUC.
        MulticlassPerformanceEstimate none = MulticlassCbpe.estimate(CLASSES, new double[][] {{0.5, 0.5, 0}, {0.4, 0.6, 0}},
                new String[] {"cat", "fox"});
        assertThat(none.recall()[2]).isNaN();
        assertThat(none.rocAuc()[2]).isNaN();
        assertThat(none.value(EstimatedMetric.ROC_AUC)).isNaN();
        assertThat(none.precision()[2]).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void theCalibratorIsOneVsRestIsotonicRenormalised() {
        // Class scores on 4 reference rows; each class's calibrator sees its column against "label is the class".
        double[][] scores = {{0.9, 0.05, 0.05}, {0.6, 0.3, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.1, 0.8}};
        String[] labels = {"cat", "dog", "dog", "fox"};
        MulticlassCalibrator calibrator = MulticlassCalibrator.fit(CLASSES, scores, labels);
        assertThat(calibrator.classes()).isEqualTo(CLASSES);
        // cat: x 0.1, 0.2, 0.6, 0.9 with outcomes 0, 0, 0, 1 (monotone already).
        assertThat(calibrator.calibrator(0).values()).containsExactly(0, 0, 0, 1);
        // dog: x 0.05, 0.1, 0.3, 0.7 with outcomes 0, 0, 1, 1.
        assertThat(calibrator.calibrator(1).values()).containsExactly(0, 0, 1, 1);
        // The row (0.75, 0.2, 0.1): cat 0.5, dog interpolated (0.2 - 0.1) / (0.3 - 0.1) = 0.5, fox 0;
        // renormalised to (0.5, 0.5, 0).
        double[] p = calibrator.calibrate(new double[] {0.75, 0.2, 0.1});
        assertThat(p).containsExactly(new double[] {0.5, 0.5, 0.0}, within(1e-12));
        // Unnormalised (0.5, 1, 0) becomes (1/3, 2/3, 0).
        assertThat(calibrator.calibrate(new double[] {0.75, 0.5, 0.05})).containsExactly(new double[] {1.0 / 3, 2.0 / 3, 0}, within(1e-12));
        // Every class calibrated to 0: uniform.
        assertThat(calibrator.calibrate(new double[] {0.1, 0.1, 0.1})).containsExactly(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, within(1e-12));
        double[][] window = {{0.75, 0.2, 0.1}, {0.95, 0.0, 0.0}};
        double[][] calibrated = calibrator.calibrate(window);
        assertThat(calibrated[1]).containsExactly(new double[] {1.0, 0.0, 0.0}, within(1e-12));
        MulticlassPerformanceEstimate direct = MulticlassCbpe.estimate(CLASSES, calibrated, new String[] {"cat", "cat"});
        MulticlassPerformanceEstimate viaCalibrator = MulticlassCbpe.estimate(calibrator, window, new String[] {"cat", "cat"});
        assertThat(viaCalibrator).isEqualTo(direct).hasSameHashCodeAs(direct);
        assertThat(viaCalibrator.accuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(viaCalibrator.toString()).contains("accuracy=0.75").contains("[cat, dog, fox]");
    }

    @Test
    void theEstimateFollowsTheRealisedAccuracyUnderCovariateShift() {
        // Generating process: x in R^2, P(y | x) = softmax(x . w_c) with w = (2, 0), (-1, 1.7), (-1, -1.7):
        // unchanged throughout (covariate shift only). The fixed model scores softmax(0.5 x . w_c)
        // (over-smoothed, uncalibrated) and predicts its arg max. Reference: 20,000 labelled rows with
        // x ~ N(0, 1.5^2 I). Then 24 windows of 1,000 rows: 8 like the reference, 8 shifted to
        // x ~ N(0, 0.4^2 I) near the boundaries (true accuracy falls) and 8 to x ~ N((1.5, 0), 0.7^2 I)
        // inside the first class (it rises): realised about 0.84, 0.59 and 0.90. Tolerance 0.045 per
        // window, three standard errors of a 1,000-row accuracy near 0.6 (sqrt(0.24 / 1000) = 0.0155);
        // observed max error 0.039, mean 0.009.
        double[][] w = {{2, 0}, {-1, 1.7}, {-1, -1.7}};
        Random random = new Random(2021);
        int referenceRows = 20_000;
        double[][] referenceScores = new double[referenceRows][];
        String[] referenceLabels = new String[referenceRows];
        for (int r = 0; r < referenceRows; r++) {
            double[] x = {1.5 * random.nextGaussian(), 1.5 * random.nextGaussian()};
            referenceScores[r] = softmax(logits(w, x, 0.5));
            referenceLabels[r] = CLASSES.get(draw(softmax(logits(w, x, 1)), random));
        }
        MulticlassCalibrator calibrator = MulticlassCalibrator.fit(CLASSES, referenceScores, referenceLabels);
        int windows = 24;
        int rows = 1_000;
        double tolerance = 0.045;
        double maxError = 0;
        double totalError = 0;
        double[] realisedBySegment = new double[3];
        for (int win = 0; win < windows; win++) {
            int regime = win / 8;
            double[][] scores = new double[rows][];
            String[] predicted = new String[rows];
            int correct = 0;
            for (int r = 0; r < rows; r++) {
                double[] x = switch (regime) {
                    case 0 -> new double[] {1.5 * random.nextGaussian(), 1.5 * random.nextGaussian()};
                    case 1 -> new double[] {0.4 * random.nextGaussian(), 0.4 * random.nextGaussian()};
                    default -> new double[] {1.5 + 0.7 * random.nextGaussian(), 0.7 * random.nextGaussian()};
                };
                scores[r] = softmax(logits(w, x, 0.5));
                int guess = argMax(scores[r]);
                predicted[r] = CLASSES.get(guess);
                correct += draw(softmax(logits(w, x, 1)), random) == guess ? 1 : 0;
            }
            double realised = (double) correct / rows;
            realisedBySegment[regime] += realised / 8;
            double error = Math.abs(MulticlassCbpe.estimate(calibrator, scores, predicted).accuracy() - realised);
            maxError = Math.max(maxError, error);
            totalError += error;
        }
        String summary = String.format("max error %.4f, mean error %.4f over %d windows", maxError, totalError / windows, windows);
        assertThat(maxError).as(summary).isLessThanOrEqualTo(tolerance);
        assertThat(totalError / windows).as(summary).isLessThan(0.015);
        assertThat(realisedBySegment[0]).as("true accuracy like the reference").isCloseTo(0.84, within(0.03));
        assertThat(realisedBySegment[1]).as("true accuracy near the boundaries").isLessThan(realisedBySegment[0] - 0.15);
        assertThat(realisedBySegment[2]).as("true accuracy inside one class").isGreaterThan(realisedBySegment[0] + 0.05);
    }

    private static double[] logits(double[][] w, double[] x, double scale) {
        double[] z = new double[w.length];
        for (int c = 0; c < w.length; c++) {
            z[c] = scale * (w[c][0] * x[0] + w[c][1] * x[1]);
        }
        return z;
    }

    @Test
    void refusesBadInput() {
        double[][] one = {{0.5, 0.3, 0.2}};
        String[] cat = {"cat"};
        assertThatThrownBy(() -> MulticlassCbpe.estimate(List.of("cat"), new double[][] {{1}}, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classes");
        assertThatThrownBy(() -> MulticlassCbpe.estimate((List<String>) null, one, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classes");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(List.of("cat", "cat"), new double[][] {{0.5, 0.5}}, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(java.util.Arrays.asList("cat", null), new double[][] {{0.5, 0.5}}, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(CLASSES, new double[0][], new String[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities must not be null or empty");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(CLASSES, null, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(CLASSES, new double[][] {{0.5, 0.5}}, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities[0]").hasMessageContaining("(3): 2");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(CLASSES, new double[][] {null}, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities[0]");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(CLASSES, one, new String[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predicted").hasMessageContaining("2");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(CLASSES, one, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predicted");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(CLASSES, one, new String[] {"cow"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predicted[0]").hasMessageContaining("cow");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(CLASSES, one, new String[] {null}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predicted[0]");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(CLASSES, new double[][] {{1.2, -0.1, -0.1}}, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities[0][0]").hasMessageContaining("1.2");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(CLASSES, new double[][] {{0.5, -0.1, 0.6}}, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities[0][1]");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(CLASSES, new double[][] {{0.5, 0.3, Double.NaN}}, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities[0][2]");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(CLASSES, new double[][] {{0.5, 0.3, 0.1}}, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 1").hasMessageContaining("0.9");
        // Within 1e-6 of 1 is accepted.
        assertThat(MulticlassCbpe.estimate(CLASSES, new double[][] {{0.5, 0.3, 0.2 + 9e-7}}, cat).rows()).isEqualTo(1);
        assertThatThrownBy(() -> MulticlassCbpe.estimate(CLASSES, new double[][] {{0.5, 0.3, 0.2 - 2e-6}}, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> MulticlassCalibrator.fit(CLASSES, new double[0][], new String[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores must not be null or empty");
        assertThatThrownBy(() -> MulticlassCalibrator.fit(CLASSES, null, new String[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores must not be null or empty");
        assertThatThrownBy(() -> MulticlassCalibrator.fit(CLASSES, new double[][] {{1, 0, 0}, {1, 0}}, new String[] {"cat", "dog"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores[1] must have one value per class (3): 2");
        assertThatThrownBy(() -> MulticlassCbpe.estimate((MulticlassCalibrator) null, one, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibrator");
        MulticlassCalibrator calibrator = MulticlassCalibrator.fit(CLASSES, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
                new String[] {"cat", "dog", "fox"});
        assertThatThrownBy(() -> MulticlassCbpe.estimate(calibrator, new double[0][], new String[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores must not be null or empty");
        assertThatThrownBy(() -> MulticlassCbpe.estimate(calibrator, new double[][] {{1, 0}}, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores[0]");
        assertThatThrownBy(() -> calibrator.calibrate(new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores").hasMessageContaining("(3): 2");
        assertThatThrownBy(() -> calibrator.calibrate((double[]) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores");
        assertThatThrownBy(() -> calibrator.calibrate((double[][]) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores");
        assertThatThrownBy(() -> calibrator.calibrate(new double[][] {{1, 0, 0}, null}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores[1]");
        assertThatThrownBy(() -> calibrator.calibrate(new double[][] {{1, 0, 0}, {1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores[1]").hasMessageContaining("(3): 1");
        assertThatThrownBy(() -> MulticlassCalibrator.fit(CLASSES, new double[][] {{1, 0, 0}}, new String[] {"cow"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[0]").hasMessageContaining("cow");
        assertThatThrownBy(() -> MulticlassCalibrator.fit(CLASSES, new double[][] {{1, 0, 0}}, new String[] {null}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[0]");
        assertThatThrownBy(() -> MulticlassCalibrator.fit(CLASSES, new double[][] {{1, 0, 0}}, new String[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels").hasMessageContaining("(1): 2");
        assertThatThrownBy(() -> MulticlassCalibrator.fit(CLASSES, new double[][] {{1, 0, 0}}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels");
        assertThatThrownBy(() -> MulticlassCalibrator.fit(CLASSES, new double[][] {{Double.NaN, 0, 0}}, cat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores[0]");
        double[][] matrix = {{1, 0}, {0, 1}};
        Map<EstimatedMetric, Double> se = Map.of();
        double[] two = {0.5, 0.5};
        List<String> ab = List.of("a", "b");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(0, ab, matrix, 1, two, two, two, two, se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows must be at least 1: 0");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, new double[][] {{2}}, 1, two, two, two, two, se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confusionMatrix must have one row per class (2)");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, null, 1, two, two, two, two, se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confusionMatrix");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, new double[][] {{1, 0}, {1}}, 1, two, two, two, two, se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confusionMatrix[1]");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, new double[][] {{1, 0}, null}, 1, two, two, two, two, se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confusionMatrix[1]");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, new double[][] {{1, -0.5}, {0, 1.5}}, 1, two, two, two, two, se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confusionMatrix[0][1]");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, new double[][] {{1, 0}, {Double.POSITIVE_INFINITY, 1}}, 1, two, two, two, two, se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confusionMatrix[1][0]");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, new double[][] {{1, 0}, {0, 0}}, 1, two, two, two, two, se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to rows (2): 1.0");
        assertThat(new MulticlassPerformanceEstimate(2, ab, new double[][] {{1 + 1e-6, 0}, {0, 1}}, 1, two, two, two, two, se).rows()).isEqualTo(2);
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, new double[][] {{1 + 3e-6, 0}, {0, 1}}, 1, two, two, two, two, se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to rows");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, matrix, 1, new double[1], two, two, two, se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("precision must have one value per class (2): 1");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, matrix, 1, two, null, two, two, se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recall");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, matrix, 1, two, two, new double[3], two, se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f1");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, matrix, 1, two, two, two, new double[3], se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rocAuc");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, matrix, Double.NaN, two, two, two, two, se))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accuracy");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, matrix, 1, two, two, two, two, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standardErrors");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, matrix, 1, two, two, two, two, Map.of(EstimatedMetric.F1, -1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standardErrors[F1]");
        assertThatThrownBy(() -> new MulticlassPerformanceEstimate(2, ab, matrix, 1, two, two, two, two, Map.of(EstimatedMetric.F1, Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standardErrors[F1]");
        MulticlassPerformanceEstimate e = new MulticlassPerformanceEstimate(2, ab, matrix, 1, two, two, two, two, se);
        assertThat(e.standardError(EstimatedMetric.ACCURACY)).isNaN();
        assertThatThrownBy(() -> e.value(EstimatedMetric.F1, "c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("className").hasMessageContaining("c");
        assertThatThrownBy(() -> e.lower(EstimatedMetric.ACCURACY, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be");
        assertThatThrownBy(() -> e.upper(EstimatedMetric.ACCURACY, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be");
        // Copies in and out.
        double[] precision = {0.25, 0.75};
        double[][] cells = {{1, 0}, {0, 1}};
        MulticlassPerformanceEstimate copied = new MulticlassPerformanceEstimate(2, ab, cells, 1, precision, two, two, two, se);
        precision[0] = 9;
        cells[0][0] = 9;
        copied.precision()[1] = 9;
        copied.confusionMatrix()[1][1] = 9;
        copied.recall()[0] = 9;
        copied.f1()[0] = 9;
        copied.rocAuc()[0] = 9;
        assertThat(copied.precision()).containsExactly(0.25, 0.75);
        assertThat(copied.confusionMatrix()).isDeepEqualTo(new double[][] {{1, 0}, {0, 1}});
        assertThat(copied.recall()).containsExactly(two);
        assertThat(copied.f1()).containsExactly(two);
        assertThat(copied.rocAuc()).containsExactly(two);
        assertThat(copied.value(EstimatedMetric.PRECISION)).isEqualTo(0.5);
        assertThat(copied).isNotEqualTo(e).isNotEqualTo("x");
        // equals and hashCode cover every component.
        double[] other = {0.5, 0.25};
        Map<EstimatedMetric, Double> otherSe = Map.of(EstimatedMetric.F1, 0.1);
        MulticlassPerformanceEstimate base = new MulticlassPerformanceEstimate(2, ab, matrix, 1, two, two, two, two, se);
        assertThat(base).isEqualTo(e).hasSameHashCodeAs(e);
        List<MulticlassPerformanceEstimate> variants = List.of(
                new MulticlassPerformanceEstimate(4, ab, new double[][] {{2, 0}, {0, 2}}, 1, two, two, two, two, se),
                new MulticlassPerformanceEstimate(2, List.of("a", "c"), matrix, 1, two, two, two, two, se),
                new MulticlassPerformanceEstimate(2, ab, new double[][] {{1, 1}, {0, 0}}, 1, two, two, two, two, se),
                new MulticlassPerformanceEstimate(2, ab, matrix, 0.5, two, two, two, two, se),
                new MulticlassPerformanceEstimate(2, ab, matrix, 1, other, two, two, two, se),
                new MulticlassPerformanceEstimate(2, ab, matrix, 1, two, other, two, two, se),
                new MulticlassPerformanceEstimate(2, ab, matrix, 1, two, two, other, two, se),
                new MulticlassPerformanceEstimate(2, ab, matrix, 1, two, two, two, other, se),
                new MulticlassPerformanceEstimate(2, ab, matrix, 1, two, two, two, two, otherSe));
        for (MulticlassPerformanceEstimate v : variants) {
            assertThat(v).isNotEqualTo(base);
            assertThat(v.hashCode()).isNotEqualTo(base.hashCode());
        }
    }
}
