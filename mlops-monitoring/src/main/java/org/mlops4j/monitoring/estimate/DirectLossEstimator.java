package org.mlops4j.monitoring.estimate;

import java.util.Objects;

/**
 * Direct loss estimation (NannyML's DLE) for a regression model: the error of a window estimated
 * before its targets arrive, from a model of the expected error fitted on labelled reference data.
 *
 * <p>Two models are fitted on the reference rows, each on the inputs (the row's features and the
 * model's prediction): one of the absolute error |y - ŷ|, one of the squared error (y - ŷ)². Each
 * is a least-squares gradient-boosted ensemble of regression stumps (one split per tree) on
 * reference quantile bins, dependency-free; NannyML uses LightGBM in the same role. A window's MAE
 * is the mean of the rows' predicted absolute errors and its RMSE the square root of the mean of
 * their predicted squared errors (each clipped at 0). The MAE's sampling error comes from the two
 * models: see {@link RegressionLossEstimate#maeStandardError()}.
 *
 * <p><b>Limits.</b> Like CBPE it assumes covariate shift only: the error given the inputs must be
 * the same in the window as in the reference (no concept drift). Stumps are additive: an error that
 * depends on an interaction of two inputs is approximated by the sum of their separate effects.
 * Outside the reference's range an input is treated as its nearest reference bin, so a shift far
 * beyond the reference is extrapolated flat. The features must be numeric (encode categories first).
 *
 * <p>Fitting costs O(rounds · rows · (features + 1)) once; estimating a window O(rows · stumps),
 * about a millisecond for 1,000 rows and 2 × 400 stumps. Immutable and thread-safe once
 * fitted; memory: the bin edges (at most {@code bins} per input) and at most 2 × {@code rounds} stumps.
 */
public final class DirectLossEstimator {

    private final int features;
    private final BoostedStumps absolute;
    private final BoostedStumps squared;

    private DirectLossEstimator(int features, BoostedStumps absolute, BoostedStumps squared) {
        this.features = features;
        this.absolute = absolute;
        this.squared = squared;
    }

    /**
     * Fits the estimator with {@link DirectLossConfig#ofDefaults()}.
     *
     * @param referenceFeatures the reference rows' features, {@code [row][feature]}, finite, the same count per row
     * @param referencePredictions the model's prediction for each reference row, finite
     * @param referenceTargets the true target of each reference row, finite
     * @return the fitted estimator
     * @throws IllegalArgumentException if an argument is null, empty, of mismatched sizes or not finite
     */
    public static DirectLossEstimator fit(double[][] referenceFeatures, double[] referencePredictions,
            double[] referenceTargets) {
        return fit(referenceFeatures, referencePredictions, referenceTargets, DirectLossConfig.ofDefaults());
    }

    /**
     * Fits the estimator.
     *
     * @param referenceFeatures the reference rows' features, {@code [row][feature]}, finite, the same count per row
     * @param referencePredictions the model's prediction for each reference row, finite
     * @param referenceTargets the true target of each reference row, finite
     * @param config the boosting settings
     * @return the fitted estimator
     * @throws IllegalArgumentException if an argument is null, empty, of mismatched sizes or not finite
     */
    public static DirectLossEstimator fit(double[][] referenceFeatures, double[] referencePredictions,
            double[] referenceTargets, DirectLossConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        double[][] x = inputs("referenceFeatures", referenceFeatures, "referencePredictions", referencePredictions, -1);
        int n = x.length;
        checkFinite("referenceTargets", referenceTargets, n);
        int width = x[0].length;
        double[][] edges = new double[width][];
        double[] column = new double[n];
        for (int j = 0; j < width; j++) {
            for (int r = 0; r < n; r++) {
                column[r] = x[r][j];
            }
            edges[j] = BoostedStumps.edges(column, config.bins());
        }
        int[][] bins = new int[n][width];
        double[] absoluteError = new double[n];
        double[] squaredError = new double[n];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < width; j++) {
                bins[r][j] = BoostedStumps.bin(edges[j], x[r][j]);
            }
            double e = referenceTargets[r] - referencePredictions[r];
            absoluteError[r] = Math.abs(e);
            squaredError[r] = e * e;
        }
        return new DirectLossEstimator(width - 1, BoostedStumps.fit(absoluteError, edges, bins, config),
                BoostedStumps.fit(squaredError, edges, bins, config));
    }

    /**
     * Estimates a window's MAE and RMSE.
     *
     * @param features the window's features, {@code [row][feature]}, finite, as many per row as the reference's
     * @param predictions the model's prediction for each row, finite
     * @return the estimate
     * @throws IllegalArgumentException if an argument is null, empty, of mismatched sizes or not finite
     */
    public RegressionLossEstimate estimate(double[][] features, double[] predictions) {
        double[][] x = inputs("features", features, "predictions", predictions, this.features);
        int n = x.length;
        double absoluteSum = 0;
        double squaredSum = 0;
        double variance = 0;
        for (double[] row : x) {
            double a = Math.max(0, absolute.predict(row));
            double s = Math.max(0, squared.predict(row));
            absoluteSum += a;
            squaredSum += s;
            variance += Math.max(0, s - a * a);
        }
        return new RegressionLossEstimate(n, absoluteSum / n, Math.sqrt(squaredSum / n), Math.sqrt(variance) / n);
    }

    /**
     * The expected absolute error of one row, as the fitted model predicts it.
     *
     * @param features the row's features, finite, as many as the reference's
     * @param prediction the model's prediction, finite
     * @return the predicted |y - ŷ|, not negative
     * @throws IllegalArgumentException if an argument is null, of the wrong size or not finite
     */
    public double expectedAbsoluteError(double[] features, double prediction) {
        return Math.max(0, absolute.predict(inputs("features", new double[][] {features}, "predictions",
                new double[] {prediction}, this.features)[0]));
    }

    /**
     * The expected squared error of one row, as the fitted model predicts it.
     *
     * @param features the row's features, finite, as many as the reference's
     * @param prediction the model's prediction, finite
     * @return the predicted (y - ŷ)², not negative
     * @throws IllegalArgumentException if an argument is null, of the wrong size or not finite
     */
    public double expectedSquaredError(double[] features, double prediction) {
        return Math.max(0, squared.predict(inputs("features", new double[][] {features}, "predictions",
                new double[] {prediction}, this.features)[0]));
    }

    /**
     * The number of features per row the estimator was fitted on.
     *
     * @return the feature count, possibly 0 (then the prediction alone is the input)
     */
    public int features() {
        return features;
    }

    /**
     * How many stumps each loss model kept (boosting stops early when no split helps).
     *
     * @return {absolute-error stumps, squared-error stumps}
     */
    public int[] stumps() {
        return new int[] {absolute.stumps(), squared.stumps()};
    }

    /** Rows of features followed by the prediction, checked. */
    private static double[][] inputs(String featuresName, double[][] features, String predictionsName,
            double[] predictions, int expectedWidth) {
        if (features == null || features.length == 0) {
            throw new IllegalArgumentException(featuresName + " must not be null or empty");
        }
        int n = features.length;
        checkFinite(predictionsName, predictions, n);
        int width = expectedWidth >= 0 ? expectedWidth : Objects.requireNonNullElse(features[0], new double[0]).length;
        double[][] x = new double[n][];
        for (int r = 0; r < n; r++) {
            double[] row = features[r];
            if (row == null || row.length != width) {
                throw new IllegalArgumentException(featuresName + "[" + r + "] must have " + width + " features: "
                        + (row == null ? null : row.length));
            }
            x[r] = new double[width + 1];
            for (int j = 0; j < width; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException(featuresName + "[" + r + "][" + j + "] must be finite: " + row[j]);
                }
                x[r][j] = row[j];
            }
            x[r][width] = predictions[r];
        }
        return x;
    }

    private static void checkFinite(String name, double[] values, int rows) {
        if (values == null || values.length != rows) {
            throw new IllegalArgumentException(name + " must have one value per row (" + rows + "): "
                    + (values == null ? null : values.length));
        }
        for (int r = 0; r < rows; r++) {
            if (!Double.isFinite(values[r])) {
                throw new IllegalArgumentException(name + "[" + r + "] must be finite: " + values[r]);
            }
        }
    }
}
