package org.mlops4j.monitoring.estimate;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parametric bootstrap behind the sampling-error bands of recall, F1 and ROC AUC: labels are
 * drawn from the calibrated probabilities ({@value #DRAWS} times, from a fixed seed, so an
 * estimate is a pure function of its input), the realised figure is computed for each draw, and the
 * standard error is the sample standard deviation over the draws in which the figure is defined.
 *
 * <p>The realised ROC AUC of a draw ranks the rows by calibrated probability (ties count half,
 * as in the Mann-Whitney U statistic): the ranks are computed once, so each draw costs O(rows)
 * for a binary model and O(rows · classes) for a multiclass one.
 */
final class SamplingError {

    /** Bootstrap draws per estimate: the standard deviation over 200 draws is within about 5% of its limit. */
    static final int DRAWS = 200;

    /** The bootstrap's fixed seed. */
    static final long SEED = 20L;

    private SamplingError() {
    }

    /**
     * The standard errors of an estimate: accuracy's and precision's analytic ones and the
     * bootstrap's recall, F1 and ROC AUC ({@link #binary} or {@link #multiclass}).
     */
    static Map<EstimatedMetric, Double> standardErrors(double accuracy, double precision, double[] bootstrap) {
        Map<EstimatedMetric, Double> errors = new EnumMap<>(EstimatedMetric.class);
        errors.put(EstimatedMetric.ACCURACY, accuracy);
        errors.put(EstimatedMetric.PRECISION, precision);
        errors.put(EstimatedMetric.RECALL, bootstrap[0]);
        errors.put(EstimatedMetric.F1, bootstrap[1]);
        errors.put(EstimatedMetric.ROC_AUC, bootstrap[2]);
        return errors;
    }

    /**
     * Bootstrap standard errors of a binary window's recall, F1 and ROC AUC.
     *
     * @param p calibrated probabilities of the positive class
     * @param predictedPositive the model's predictions
     * @return {recall, F1, ROC AUC} standard errors, NaN where fewer than two draws define the figure
     */
    static double[] binary(double[] p, boolean[] predictedPositive) {
        int n = p.length;
        double[] ranks = midRanks(p);
        SplittableRandom random = new SplittableRandom(SEED);
        Moments recall = new Moments();
        Moments f1 = new Moments();
        Moments auc = new Moments();
        for (int d = 0; d < DRAWS; d++) {
            int tp = 0;
            int fp = 0;
            int positives = 0;
            double rankSum = 0;
            for (int r = 0; r < n; r++) {
                boolean positive = random.nextDouble() < p[r];
                if (positive) {
                    positives++;
                    rankSum += ranks[r];
                    tp += predictedPositive[r] ? 1 : 0;
                } else {
                    fp += predictedPositive[r] ? 1 : 0;
                }
            }
            int fn = positives - tp;
            recall.add((double) tp / positives);
            f1.add(2.0 * tp / (2 * tp + fp + fn));
            auc.add(auc(rankSum, positives, n));
        }
        return new double[] {recall.standardDeviation(), f1.standardDeviation(), auc.standardDeviation()};
    }

    /**
     * Bootstrap standard errors of a multiclass window's macro recall, macro F1 and macro
     * one-vs-rest ROC AUC.
     *
     * @param p calibrated probabilities, {@code p[row][class]}, rows summing to 1
     * @param predicted the predicted class index of each row
     * @return {recall, F1, ROC AUC} standard errors of the macro averages, NaN where fewer than
     *     two draws define the figure
     */
    static double[] multiclass(double[][] p, int[] predicted) {
        int n = p.length;
        int k = p[0].length;
        double[][] ranks = new double[k][];
        double[] column = new double[n];
        int[] predictedCount = new int[k];
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < n; r++) {
                column[r] = p[r][c];
            }
            ranks[c] = midRanks(column);
        }
        for (int r = 0; r < n; r++) {
            predictedCount[predicted[r]]++;
        }
        SplittableRandom random = new SplittableRandom(SEED);
        Moments recall = new Moments();
        Moments f1 = new Moments();
        Moments auc = new Moments();
        int[] correct = new int[k];
        int[] count = new int[k];
        double[] rankSum = new double[k];
        for (int d = 0; d < DRAWS; d++) {
            Arrays.fill(correct, 0);
            Arrays.fill(count, 0);
            Arrays.fill(rankSum, 0);
            for (int r = 0; r < n; r++) {
                int label = draw(p[r], random.nextDouble());
                count[label]++;
                rankSum[label] += ranks[label][r];
                correct[label] += predicted[r] == label ? 1 : 0;
            }
            double recallSum = 0;
            double f1Sum = 0;
            double aucSum = 0;
            for (int c = 0; c < k; c++) {
                recallSum += (double) correct[c] / count[c];
                f1Sum += 2.0 * correct[c] / (count[c] + predictedCount[c]);
                aucSum += auc(rankSum[c], count[c], n);
            }
            recall.add(recallSum / k);
            f1.add(f1Sum / k);
            auc.add(aucSum / k);
        }
        return new double[] {recall.standardDeviation(), f1.standardDeviation(), auc.standardDeviation()};
    }

    /**
     * Draws a class from a row's probabilities by inversion.
     *
     * @param p the row's probabilities, summing to 1
     * @param u a uniform draw in [0, 1)
     * @return the first class whose cumulative probability exceeds u (the last class if rounding leaves none)
     */
    static int draw(double[] p, double u) {
        double cumulative = 0;
        int last = p.length - 1;
        for (int c = 0; c < last; c++) {
            cumulative += p[c];
            if (u < cumulative) {
                return c;
            }
        }
        return last;
    }

    /**
     * The Mann-Whitney ROC AUC from the rank sum of the positives.
     *
     * @param rankSum the sum of the positives' 1-based mid-ranks
     * @param positives how many positives
     * @param n how many rows
     * @return (rankSum - positives (positives + 1) / 2) / (positives · negatives), NaN without positives or negatives
     */
    static double auc(double rankSum, int positives, int n) {
        double negatives = n - positives;
        return (rankSum - positives * (positives + 1.0) / 2) / (positives * negatives);
    }

    /**
     * 1-based ranks of the values, ties getting the mean of their ranks (scipy's {@code rankdata}).
     *
     * @param values the values
     * @return their mid-ranks, in the values' order
     */
    static double[] midRanks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                ranks[order[t]] = rank;
            }
            i = j + 1;
        }
        return ranks;
    }

    /** Welford's running mean and variance over the finite values added. */
    static final class Moments {
        private long count;
        private double mean;
        private double m2;

        void add(double value) {
            if (Double.isNaN(value)) {
                return;
            }
            count++;
            double delta = value - mean;
            mean += delta / count;
            m2 += delta * (value - mean);
        }

        /**
         * The sample standard deviation (n - 1 denominator).
         *
         * @return the standard deviation, NaN with fewer than two values
         */
        double standardDeviation() {
            return count < 2 ? Double.NaN : Math.sqrt(m2 / (count - 1));
        }
    }
}
