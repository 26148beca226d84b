package org.mlops4j.monitoring.estimate;

import java.util.Arrays;

/**
 * Least-squares gradient boosting of regression stumps (Friedman 2001, "Greedy function
 * approximation", with one split per tree): the model starts from the target's mean, and each round
 * fits one split of one input to the current residuals, adding the mean residual of each side times
 * the learning rate. Candidate splits are the reference quantiles of each input (histogram
 * boosting, as LightGBM does), at most {@code bins} per input; a split must leave at least
 * {@code minLeafRows} rows on each side; boosting stops early when no split reduces the squared error.
 *
 * <p>Fitting costs O(rounds · rows · inputs); prediction O(stumps). Immutable once fitted; memory
 * is four numbers per stump, at most {@code rounds} stumps.
 */
final class BoostedStumps {

    private final double base;
    private final int[] input;
    private final double[] threshold;
    private final double[] left;
    private final double[] right;

    private BoostedStumps(double base, int[] input, double[] threshold, double[] left, double[] right) {
        this.base = base;
        this.input = input;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
    }

    /**
     * Fits the model.
     *
     * @param target the values to fit, one per row
     * @param edges per input, the ascending distinct candidate thresholds (a row goes left when its
     *     value is at most the threshold)
     * @param bins per row and input, the index of the first edge at least the row's value (edges.length if none)
     * @param config the settings
     * @return the fitted model
     */
    static BoostedStumps fit(double[] target, double[][] edges, int[][] bins, DirectLossConfig config) {
        int n = target.length;
        int inputs = edges.length;
        double base = 0;
        for (double t : target) {
            base += t;
        }
        base /= n;
        double[] residual = new double[n];
        for (int r = 0; r < n; r++) {
            residual[r] = target[r] - base;
        }
        int rounds = config.rounds();
        int[] input = new int[rounds];
        double[] threshold = new double[rounds];
        double[] left = new double[rounds];
        double[] right = new double[rounds];
        int stumps = 0;
        int maxBins = 0;
        for (double[] e : edges) {
            maxBins = Math.max(maxBins, e.length + 1);
        }
        double[] sum = new double[maxBins];
        int[] count = new int[maxBins];
        for (int round = 0; round < rounds; round++) {
            double total = 0;
            for (double v : residual) {
                total += v;
            }
            // The residuals sum to zero (up to rounding) after the mean and after every least-squares
            // stump, so a split's reduction of the squared error is L^2 / nL + R^2 / nR.
            double bestGain = 0;
            int bestInput = -1;
            int bestSplit = -1;
            double bestLeft = 0;
            double bestRight = 0;
            for (int j = 0; j < inputs; j++) {
                int m = edges[j].length + 1;
                Arrays.fill(sum, 0, m, 0);
                Arrays.fill(count, 0, m, 0);
                for (int r = 0; r < n; r++) {
                    int b = bins[r][j];
                    sum[b] += residual[r];
                    count[b]++;
                }
                double leftSum = 0;
                int leftCount = 0;
                for (int s = 0; s < m - 1; s++) {
                    leftSum += sum[s];
                    leftCount += count[s];
                    int rightCount = n - leftCount;
                    if (leftCount < config.minLeafRows() || rightCount < config.minLeafRows()) {
                        continue;
                    }
                    double rightSum = total - leftSum;
                    double gain = leftSum * leftSum / leftCount + rightSum * rightSum / rightCount;
                    if (gain > bestGain) {
                        bestGain = gain;
                        bestInput = j;
                        bestSplit = s;
                        bestLeft = leftSum / leftCount;
                        bestRight = rightSum / rightCount;
                    }
                }
            }
            if (bestInput < 0) {
                break;
            }
            double l = config.learningRate() * bestLeft;
            double rt = config.learningRate() * bestRight;
            for (int r = 0; r < n; r++) {
                residual[r] -= bins[r][bestInput] <= bestSplit ? l : rt;
            }
            input[stumps] = bestInput;
            threshold[stumps] = edges[bestInput][bestSplit];
            left[stumps] = l;
            right[stumps] = rt;
            stumps++;
        }
        return new BoostedStumps(base, Arrays.copyOf(input, stumps), Arrays.copyOf(threshold, stumps),
                Arrays.copyOf(left, stumps), Arrays.copyOf(right, stumps));
    }

    /**
     * The model's prediction for one row.
     *
     * @param x the row's inputs
     * @return the base plus each stump's side value
     */
    double predict(double[] x) {
        double value = base;
        for (int s = 0; s < input.length; s++) {
            value += x[input[s]] <= threshold[s] ? left[s] : right[s];
        }
        return value;
    }

    /**
     * How many stumps boosting kept.
     *
     * @return the stump count, at most the configured rounds
     */
    int stumps() {
        return input.length;
    }

    /**
     * Candidate thresholds for one input: the distinct values among the reference's quantiles at
     * 1/bins, 2/bins, ..., (bins - 1)/bins (lower order statistics), without the column's maximum
     * (a split there would leave the right side empty).
     *
     * @param column the reference values of the input
     * @param bins the most candidates plus one
     * @return the ascending distinct thresholds, possibly empty
     */
    static double[] edges(double[] column, int bins) {
        double[] sorted = column.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double[] out = new double[bins];
        int m = 0;
        for (int q = 1; q < bins; q++) {
            double v = sorted[(int) ((long) q * (n - 1) / bins)];
            if (v < sorted[n - 1] && (m == 0 || v > out[m - 1])) {
                out[m++] = v;
            }
        }
        return Arrays.copyOf(out, m);
    }

    /**
     * The bin of a value: the index of the first edge at least the value, edges.length if none.
     *
     * @param edges ascending thresholds
     * @param value the value
     * @return the bin index, in [0, edges.length]
     */
    static int bin(double[] edges, double value) {
        int i = Arrays.binarySearch(edges, value);
        return i >= 0 ? i : -i - 1;
    }
}
