package org.mlops4j.monitoring.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Direct loss estimation: the stumps by hand, a heteroscedastic process under covariate shift, refusals. */
class DirectLossEstimatorTest {

    @Test
    void aStepInTheErrorIsLearnedByOneSplit() {
        // The error is 0 for x <= 0 and 2 for x > 0 (targets y = prediction + 2 when x > 0): every
        // stump splits at the same edge; after 400 rounds of shrinkage 0.1 the residual is 0.9^400 of
        // the first, so the fitted errors are 0 and 2 (absolute) and 0 and 4 (squared).
        int n = 200;
        double[][] x = new double[n][1];
        double[] predictions = new double[n];
        double[] targets = new double[n];
        for (int r = 0; r < n; r++) {
            x[r][0] = r < n / 2 ? -1 - r : 1 + r;
            predictions[r] = 10;
            targets[r] = r < n / 2 ? 10 : 12;
        }
        DirectLossEstimator dle = DirectLossEstimator.fit(x, predictions, targets);
        assertThat(dle.features()).isEqualTo(1);
        assertThat(dle.expectedAbsoluteError(new double[] {-5}, 10)).isCloseTo(0, within(1e-6));
        assertThat(dle.expectedAbsoluteError(new double[] {5}, 10)).isCloseTo(2, within(1e-6));
        assertThat(dle.expectedSquaredError(new double[] {-50}, 10)).isCloseTo(0, within(1e-6));
        assertThat(dle.expectedSquaredError(new double[] {500}, 10)).isCloseTo(4, within(1e-6));
        RegressionLossEstimate e = dle.estimate(new double[][] {{-3}, {4}, {7}, {9}}, new double[] {10, 10, 10, 10});
        assertThat(e.rows()).isEqualTo(4);
        assertThat(e.mae()).isCloseTo(1.5, within(1e-6));           // (0 + 2 + 2 + 2) / 4
        assertThat(e.rmse()).isCloseTo(Math.sqrt(3), within(1e-6)); // sqrt((0 + 4 + 4 + 4) / 4)
        // E[e^2] - E[|e|]^2 is 0 for every row: the error is certain.
        assertThat(e.maeStandardError()).isCloseTo(0, within(1e-3));
        assertThat(e.maeLower(3)).isCloseTo(1.5, within(1e-2));
        // Constant errors: nothing to split on, boosting stops at once, the mean is the model.
        DirectLossEstimator flat = DirectLossEstimator.fit(x, predictions, predictions.clone());
        assertThat(flat.stumps()).containsExactly(0, 0);
        assertThat(flat.estimate(new double[][] {{1}}, new double[] {3}).mae()).isEqualTo(0.0);
    }

    @Test
    void theSplitsHonourMinLeafRowsAndTheQuantileEdges() {
        // Sorted 1..5: the quantiles at 1/4, 2/4 and 3/4 are the order statistics floor(q (n - 1) / 4) = 1, 2, 3 (0-based).
        assertThat(BoostedStumps.edges(new double[] {5, 1, 3, 2, 4}, 4)).containsExactly(2, 3, 4);
        assertThat(BoostedStumps.edges(new double[] {1, 1, 1, 2}, 4)).containsExactly(1);
        assertThat(BoostedStumps.edges(new double[] {7, 7}, 8)).isEmpty();
        assertThat(BoostedStumps.bin(new double[] {1, 2, 3}, 0.5)).isZero();
        assertThat(BoostedStumps.bin(new double[] {1, 2, 3}, 2)).isEqualTo(1);
        assertThat(BoostedStumps.bin(new double[] {1, 2, 3}, 2.5)).isEqualTo(2);
        assertThat(BoostedStumps.bin(new double[] {1, 2, 3}, 9)).isEqualTo(3);
        // 10 rows, the only error on the last row: with 20 rows per leaf no split is allowed.
        double[][] x = new double[10][];
        double[] p = new double[10];
        double[] y = new double[10];
        for (int r = 0; r < 10; r++) {
            x[r] = new double[] {r};
            y[r] = r == 9 ? 1 : 0;
        }
        DirectLossEstimator strict = DirectLossEstimator.fit(x, p, y);
        assertThat(strict.stumps()).containsExactly(0, 0);
        assertThat(strict.expectedAbsoluteError(new double[] {9}, 0)).isCloseTo(0.1, within(1e-12));
        // With one row per leaf and one round: the edges are the quantiles 2, 4 and 6 (4 bins), and the
        // best split is at 6 (rows 0-6 mean 0, rows 7-9 mean 1/3).
        DirectLossEstimator loose = DirectLossEstimator.fit(x, p, y, new DirectLossConfig(1, 1.0, 4, 1));
        assertThat(loose.stumps()).containsExactly(1, 1);
        assertThat(loose.expectedAbsoluteError(new double[] {6}, 0)).isCloseTo(0.0, within(1e-12));
        assertThat(loose.expectedAbsoluteError(new double[] {7}, 0)).isCloseTo(1.0 / 3, within(1e-12));
        // The split at 6 leaves 3 rows on the right: allowed with 3 rows per leaf, not with 4 (then
        // the split at 4, with 5 rows on each side, is the best left).
        DirectLossEstimator three = DirectLossEstimator.fit(x, p, y, new DirectLossConfig(1, 1.0, 4, 3));
        assertThat(three.expectedAbsoluteError(new double[] {7}, 0)).isCloseTo(1.0 / 3, within(1e-12));
        DirectLossEstimator four = DirectLossEstimator.fit(x, p, y, new DirectLossConfig(1, 1.0, 4, 4));
        assertThat(four.expectedAbsoluteError(new double[] {7}, 0)).isCloseTo(0.2, within(1e-12));
        assertThat(four.expectedAbsoluteError(new double[] {4}, 0)).isCloseTo(0.0, within(1e-12));
        // Mirrored, the error on row 0: the split at 2 leaves 3 rows on the left.
        double[] first = new double[10];
        first[0] = 1;
        assertThat(DirectLossEstimator.fit(x, p, first, new DirectLossConfig(1, 1.0, 4, 3))
                .expectedAbsoluteError(new double[] {0}, 0)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(DirectLossEstimator.fit(x, p, first, new DirectLossConfig(1, 1.0, 4, 4))
                .expectedAbsoluteError(new double[] {0}, 0)).isCloseTo(0.2, within(1e-12));
        // With an edge at every row (10 bins: 0..8), the split that isolates the one error wins:
        // gain (1 - k/10)^2 (1/k + 1/(10 - k)) is largest for a side of k = 1 row.
        DirectLossConfig fine = new DirectLossConfig(1, 1.0, 10, 1);
        DirectLossEstimator last = DirectLossEstimator.fit(x, p, y, fine);
        assertThat(last.expectedAbsoluteError(new double[] {9}, 0)).isCloseTo(1.0, within(1e-12));
        assertThat(last.expectedAbsoluteError(new double[] {8}, 0)).isCloseTo(0.0, within(1e-12));
        DirectLossEstimator firstOnly = DirectLossEstimator.fit(x, p, first, fine);
        assertThat(firstOnly.expectedAbsoluteError(new double[] {0}, 0)).isCloseTo(1.0, within(1e-12));
        assertThat(firstOnly.expectedAbsoluteError(new double[] {1}, 0)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void theEstimateFollowsTheRealisedMaeUnderCovariateShift() {
        // Process: x1, x2 ~ N(0, 1) in the reference; y = 2 x1 + x2 + noise, noise ~ N(0, (0.3 + 0.8 |x1|)^2)
        // (heteroscedastic, unchanged throughout). The model predicts 2 x1 + 0.8 x2 (a slight bias
        // in x2). Reference: 20,000 labelled rows. Then 24 windows of 1,000 rows: 8 like the
        // reference (true MAE about 0.77), 8 with x1 ~ N(1.2, 0.5^2) (noisier: about 1.03) and 8 with
        // x1 ~ N(0, 0.3^2) (quieter: about 0.42). Tolerance 0.06 per window, about three standard
        // errors of a 1,000-row MAE near 1 (sd of |e| about 0.65, / sqrt(1000) = 0.021). Observed with
        // the defaults: max error 0.057, mean 0.018 (about the mean absolute sampling error alone),
        // RMSE max error 0.093, 24 of 24 windows within three of the estimate's own standard errors.
        // Realised MAE by regime 0.77, 1.03, 0.42.
        Random random = new Random(2022);
        int referenceRows = 20_000;
        double[][] rx = new double[referenceRows][];
        double[] rp = new double[referenceRows];
        double[] ry = new double[referenceRows];
        for (int r = 0; r < referenceRows; r++) {
            rx[r] = new double[] {random.nextGaussian(), random.nextGaussian()};
            rp[r] = 2 * rx[r][0] + 0.8 * rx[r][1];
            ry[r] = target(rx[r], random);
        }
        DirectLossEstimator dle = DirectLossEstimator.fit(rx, rp, ry);
        int windows = 24;
        int rows = 1_000;
        double tolerance = 0.06;
        double maxError = 0;
        double totalError = 0;
        double maxRmseError = 0;
        int withinThree = 0;
        double[] realisedByRegime = new double[3];
        for (int w = 0; w < windows; w++) {
            int regime = w / 8;
            double[][] x = new double[rows][];
            double[] p = new double[rows];
            double absolute = 0;
            double squared = 0;
            for (int r = 0; r < rows; r++) {
                double x1 = switch (regime) {
                    case 0 -> random.nextGaussian();
                    case 1 -> 1.2 + 0.5 * random.nextGaussian();
                    default -> 0.3 * random.nextGaussian();
                };
                x[r] = new double[] {x1, random.nextGaussian()};
                p[r] = 2 * x[r][0] + 0.8 * x[r][1];
                double e = target(x[r], random) - p[r];
                absolute += Math.abs(e);
                squared += e * e;
            }
            double realisedMae = absolute / rows;
            double realisedRmse = Math.sqrt(squared / rows);
            realisedByRegime[regime] += realisedMae / 8;
            RegressionLossEstimate estimate = dle.estimate(x, p);
            double error = Math.abs(estimate.mae() - realisedMae);
            maxError = Math.max(maxError, error);
            totalError += error;
            maxRmseError = Math.max(maxRmseError, Math.abs(estimate.rmse() - realisedRmse));
            withinThree += error <= 3 * estimate.maeStandardError() ? 1 : 0;
        }
        String summary = String.format("MAE: max error %.4f, mean error %.4f over %d windows; RMSE max error %.4f;"
                + " %d windows within 3 SE; realised MAE by regime %.3f %.3f %.3f", maxError, totalError / windows, windows,
                maxRmseError, withinThree, realisedByRegime[0], realisedByRegime[1], realisedByRegime[2]);
        assertThat(maxError).as(summary).isLessThanOrEqualTo(tolerance);
        assertThat(totalError / windows).as(summary).isLessThan(0.022);
        assertThat(maxRmseError).as(summary).isLessThanOrEqualTo(0.1);
        assertThat(withinThree).as(summary).isGreaterThanOrEqualTo(23);
        assertThat(realisedByRegime[1]).as(summary).isGreaterThan(realisedByRegime[0] + 0.2);
        assertThat(realisedByRegime[2]).as(summary).isLessThan(realisedByRegime[0] - 0.2);
    }

    private static double target(double[] x, Random random) {
        return 2 * x[0] + x[1] + (0.3 + 0.8 * Math.abs(x[0])) * random.nextGaussian();
    }

    @Test
    void refusesBadInput() {
        double[][] x = {{1}, {2}};
        double[] p = {0, 0};
        double[] y = {0, 1};
        assertThatThrownBy(() -> DirectLossEstimator.fit(null, p, y))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("referenceFeatures must not be null or empty");
        assertThatThrownBy(() -> DirectLossEstimator.fit(new double[0][], p, y))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("referenceFeatures");
        assertThatThrownBy(() -> DirectLossEstimator.fit(x, new double[1], y))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("referencePredictions must have one value per row (2): 1");
        assertThatThrownBy(() -> DirectLossEstimator.fit(x, null, y))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("referencePredictions");
        assertThatThrownBy(() -> DirectLossEstimator.fit(x, new double[] {0, Double.NaN}, y))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("referencePredictions[1]");
        assertThatThrownBy(() -> DirectLossEstimator.fit(x, p, new double[] {Double.POSITIVE_INFINITY, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("referenceTargets[0]");
        assertThatThrownBy(() -> DirectLossEstimator.fit(x, p, new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("referenceTargets");
        assertThatThrownBy(() -> DirectLossEstimator.fit(new double[][] {{1}, {2, 3}}, p, y))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("referenceFeatures[1] must have 1 features: 2");
        assertThatThrownBy(() -> DirectLossEstimator.fit(new double[][] {{1}, null}, p, y))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("referenceFeatures[1]");
        assertThatThrownBy(() -> DirectLossEstimator.fit(new double[][] {{1}, {Double.NaN}}, p, y))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("referenceFeatures[1][0]");
        assertThatThrownBy(() -> DirectLossEstimator.fit(x, p, y, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("config");
        DirectLossEstimator dle = DirectLossEstimator.fit(x, p, y);
        assertThatThrownBy(() -> dle.estimate(new double[][] {{1, 2}}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features[0] must have 1 features: 2");
        assertThatThrownBy(() -> dle.estimate(x, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predictions");
        assertThatThrownBy(() -> dle.expectedAbsoluteError(null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features[0]");
        assertThatThrownBy(() -> dle.expectedSquaredError(new double[] {1}, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predictions[0]");
        // No features at all: the prediction is the only input.
        DirectLossEstimator byPrediction = DirectLossEstimator.fit(new double[][] {{}, {}}, new double[] {0, 1}, new double[] {0, 3});
        assertThat(byPrediction.features()).isZero();
        assertThat(byPrediction.estimate(new double[][] {{}}, new double[] {1}).mae()).isCloseTo(1.0, within(1e-12));
        // Errors 0 and 2 at one prediction: E|e| = 1, E[e^2] = 2, variance 1 per row; 4 rows give
        // a standard error of sqrt(4) / 4.
        DirectLossEstimator spread = DirectLossEstimator.fit(new double[][] {{}, {}}, new double[] {0, 0}, new double[] {0, 2});
        RegressionLossEstimate four = spread.estimate(new double[][] {{}, {}, {}, {}}, new double[4]);
        assertThat(four.mae()).isCloseTo(1.0, within(1e-12));
        assertThat(four.rmse()).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(four.maeStandardError()).isCloseTo(0.5, within(1e-12));
        assertThatThrownBy(() -> byPrediction.estimate(new double[][] {{5}}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features[0] must have 0 features: 1");
        assertThatThrownBy(() -> new DirectLossConfig(0, 0.1, 32, 20)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rounds");
        assertThatThrownBy(() -> new DirectLossConfig(10_001, 0.1, 32, 20)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rounds");
        assertThatThrownBy(() -> new DirectLossConfig(1, 0, 32, 20)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> new DirectLossConfig(1, 1.5, 32, 20)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> new DirectLossConfig(1, Double.NaN, 32, 20)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> new DirectLossConfig(1, 0.1, 1, 20)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bins");
        assertThatThrownBy(() -> new DirectLossConfig(1, 0.1, 1025, 20)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bins");
        assertThatThrownBy(() -> new DirectLossConfig(1, 0.1, 32, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minLeafRows");
        assertThat(new DirectLossConfig(10_000, 1, 1024, 1).rounds()).isEqualTo(10_000);
        assertThat(new DirectLossConfig(1, 0.1, 2, 1).bins()).isEqualTo(2);
        assertThatThrownBy(() -> new RegressionLossEstimate(0, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows");
        assertThatThrownBy(() -> new RegressionLossEstimate(1, -1, 1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mae");
        assertThatThrownBy(() -> new RegressionLossEstimate(1, 1, Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rmse");
        assertThatThrownBy(() -> new RegressionLossEstimate(1, 1, 1, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maeStandardError");
        RegressionLossEstimate e = new RegressionLossEstimate(1, 1, 1, 0.5);
        assertThat(e.maeLower(1)).isEqualTo(0.5);
        assertThat(e.maeLower(3)).isEqualTo(0.0);
        assertThat(e.maeUpper(3)).isEqualTo(2.5);
        assertThatThrownBy(() -> e.maeUpper(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k");
    }
}
