package org.mlops4j.monitoring.estimate;

import java.util.Arrays;

/**
 * An isotonic (non-decreasing) calibrator of a binary classifier's scores, fitted by weighted
 * pool-adjacent-violators on reference scores and their 0/1 outcomes.
 *
 * <p>It reproduces scikit-learn's {@code IsotonicRegression(increasing=True,
 * out_of_bounds="clip")}: rows with equal scores are first merged into one point (weighted mean
 * outcome, summed weight), the points are sorted by score and pooled until their values are
 * non-decreasing, and {@link #calibrate(double)} interpolates <em>linearly</em> between the fitted
 * points (like {@code numpy.interp}), clipping a score below the smallest or above the largest
 * reference score to the first or last fitted value. The fitted values are weighted means of 0/1
 * outcomes, so every calibrated probability lies in [0, 1].
 *
 * <p>Immutable and thread-safe once fitted.
 */
public final class IsotonicCalibrator {

    private final double[] thresholds;
    private final double[] values;

    private IsotonicCalibrator(double[] thresholds, double[] values) {
        this.thresholds = thresholds;
        this.values = values;
    }

    /**
     * Fits the calibrator with every row weighing one.
     *
     * @param scores the model's reference scores, finite, at least one
     * @param outcomes the reference outcomes, each 0 or 1, as many as scores
     * @return the fitted calibrator
     * @throws IllegalArgumentException if an argument is empty, of a different length, not finite
     *     or an outcome is neither 0 nor 1
     */
    public static IsotonicCalibrator fit(double[] scores, int[] outcomes) {
        if (scores == null) {
            throw new IllegalArgumentException("scores must not be null");
        }
        double[] weights = new double[scores.length];
        Arrays.fill(weights, 1.0);
        return fit(scores, outcomes, weights);
    }

    /**
     * Fits the calibrator with a weight per row.
     *
     * @param scores the model's reference scores, finite, at least one
     * @param outcomes the reference outcomes, each 0 or 1, as many as scores
     * @param weights the rows' weights, finite and positive, as many as scores
     * @return the fitted calibrator
     * @throws IllegalArgumentException if an argument is null, empty, of a different length, not
     *     finite, a weight is not positive or an outcome is neither 0 nor 1
     */
    public static IsotonicCalibrator fit(double[] scores, int[] outcomes, double[] weights) {
        if (scores == null || outcomes == null || weights == null) {
            throw new IllegalArgumentException("scores, outcomes and weights must not be null");
        }
        int n = scores.length;
        if (n == 0) {
            throw new IllegalArgumentException("scores must not be empty");
        }
        if (outcomes.length != n || weights.length != n) {
            throw new IllegalArgumentException("outcomes (" + outcomes.length + ") and weights ("
                    + weights.length + ") must have as many rows as scores (" + n + ")");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("scores[" + i + "] must be finite: " + scores[i]);
            }
            if (outcomes[i] != 0 && outcomes[i] != 1) {
                throw new IllegalArgumentException("outcomes[" + i + "] must be 0 or 1: " + outcomes[i]);
            }
            if (!(weights[i] > 0) || !Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("weights[" + i + "] must be finite and positive: " + weights[i]);
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        // Merge equal scores: x, summed weight, weighted sum of outcomes.
        double[] x = new double[n];
        double[] w = new double[n];
        double[] wy = new double[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (m > 0 && scores[i] == x[m - 1]) {
                w[m - 1] += weights[i];
                wy[m - 1] += weights[i] * outcomes[i];
            } else {
                x[m] = scores[i];
                w[m] = weights[i];
                wy[m] = weights[i] * outcomes[i];
                m++;
            }
        }
        // Pool adjacent violators over blocks held on a stack.
        double[] blockW = new double[m];
        double[] blockWy = new double[m];
        int[] blockEnd = new int[m];
        int blocks = 0;
        for (int j = 0; j < m; j++) {
            blockW[blocks] = w[j];
            blockWy[blocks] = wy[j];
            blockEnd[blocks] = j;
            blocks++;
            while (blocks > 1 && blockWy[blocks - 2] / blockW[blocks - 2] >= blockWy[blocks - 1] / blockW[blocks - 1]) {
                blockW[blocks - 2] += blockW[blocks - 1];
                blockWy[blocks - 2] += blockWy[blocks - 1];
                blockEnd[blocks - 2] = blockEnd[blocks - 1];
                blocks--;
            }
        }
        double[] fitted = new double[m];
        int start = 0;
        for (int b = 0; b < blocks; b++) {
            double mean = blockWy[b] / blockW[b];
            for (int j = start; j <= blockEnd[b]; j++) {
                fitted[j] = mean;
            }
            start = blockEnd[b] + 1;
        }
        return new IsotonicCalibrator(Arrays.copyOf(x, m), fitted);
    }

    /**
     * The calibrated probability of the positive class for a score: linear interpolation between
     * the fitted points, clipped to the first and last fitted value outside the reference range.
     *
     * @param score a finite score
     * @return the calibrated probability, in [0, 1]
     * @throws IllegalArgumentException if the score is not finite
     */
    public double calibrate(double score) {
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite: " + score);
        }
        int last = thresholds.length - 1;
        if (score <= thresholds[0]) {
            return values[0];
        }
        if (score >= thresholds[last]) {
            return values[last];
        }
        int hi = Arrays.binarySearch(thresholds, score);
        if (hi >= 0) {
            return values[hi];
        }
        hi = -hi - 1;
        int lo = hi - 1;
        double slope = (values[hi] - values[lo]) / (thresholds[hi] - thresholds[lo]);
        return values[lo] + slope * (score - thresholds[lo]);
    }

    /**
     * Calibrates every score.
     *
     * @param scores finite scores
     * @return the calibrated probabilities, one per score
     * @throws IllegalArgumentException if scores is null or a score is not finite
     */
    public double[] calibrate(double[] scores) {
        if (scores == null) {
            throw new IllegalArgumentException("scores must not be null");
        }
        double[] out = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = calibrate(scores[i]);
        }
        return out;
    }

    /**
     * The distinct reference scores, ascending: the points between which {@link #calibrate(double)}
     * interpolates.
     *
     * @return a copy of the fitted scores
     */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /**
     * The fitted (non-decreasing) probability at each of {@link #thresholds()}.
     *
     * @return a copy of the fitted values
     */
    public double[] values() {
        return values.clone();
    }
}
