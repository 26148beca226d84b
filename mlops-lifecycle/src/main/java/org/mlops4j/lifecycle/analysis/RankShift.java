package org.mlops4j.lifecycle.analysis;

import org.apache.commons.math3.special.Erf;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.NumericDriftTest;

/**
 * The Mann-Whitney comparison behind {@link CanaryJudge}: the two-sided p-value, the
 * Hodges-Lehmann shift of the experiment over the control and its confidence interval.
 *
 * <ul>
 *   <li>p-value: {@code scipy.stats.mannwhitneyu(experiment, control, alternative='two-sided',
 *       method='asymptotic', use_continuity=True)}: mid-ranks, tie-corrected variance, continuity
 *       correction of 1/2; 1 when every value is tied.</li>
 *   <li>estimate: the median of all {@code n * m} differences {@code experiment[i] - control[j]}
 *       (R's exact-branch estimate; R's asymptotic branch returns a root of the uncorrected
 *       statistic, which is the same value when {@code n * m} is odd and lies between the same
 *       two middle differences otherwise).</li>
 *   <li>interval: R's {@code wilcox.test(experiment, control, conf.int = TRUE, exact = FALSE,
 *       correct = TRUE)}. R finds the roots of {@code wdiff(d) = (dz - sign(dz)/2)/sigma(d) - zq}
 *       with {@code uniroot(tol = 1e-4)}. Between two consecutive pairwise differences
 *       {@code dz = n m / 2 - c}, where {@code c} is the number of differences below {@code d},
 *       and {@code sigma} carries only the ties within each sample, so {@code wdiff} is a
 *       non-increasing step function whose sign changes at a pairwise difference; this class
 *       returns that difference exactly (R's answer is within its tolerance of it): the
 *       {@code c}-th smallest difference for the first {@code c} at which the statistic reaches
 *       {@code zq}, clamped to the smallest and largest difference as R clamps to its search
 *       range.</li>
 * </ul>
 *
 * All order statistics come from {@link PairwiseDifferences}, in {@code O((n + m) log(n m))}
 * time and {@code O(n + m)} memory, so large samples need no subsampling.
 */
final class RankShift {

    private static final NumericDriftTest MANN_WHITNEY = DriftTests.numeric("mannw");

    /** The estimate, interval and p-value of one comparison. */
    record Result(double estimate, double lower, double upper, double pValue) {
    }

    private RankShift() {
    }

    /** Compares two sorted, non-empty, NaN-free samples at the given two-sided confidence. */
    static Result compare(double[] sortedControl, double[] sortedExperiment, double confidence) {
        double[] x = sortedExperiment;
        double[] y = sortedControl;
        int n = x.length;
        int m = y.length;
        double pairs = (double) n * m;
        double total = (double) n + m;
        double pValue = pValue(x, y);
        double sigma = Math.sqrt(pairs / 12
                * ((total + 1) - (tieTerm(x) + tieTerm(y)) / (total * (total - 1))));
        // qnorm(1 - alpha / 2) with alpha = 1 - confidence
        double zq = Math.sqrt(2.0) * Erf.erfInv(confidence);
        PairwiseDifferences differences = new PairwiseDifferences(x, y);
        long count = differences.count();
        double lower = differences.select(crossing(count, sigma, zq));
        double upper = differences.select(crossing(count, sigma, -zq));
        double estimate = count % 2 == 1
                ? differences.select(count / 2 + 1)
                : (differences.select(count / 2) + differences.select(count / 2 + 1)) / 2;
        return new Result(estimate, lower, upper, pValue);
    }

    /**
     * The rank, in {@code [1, count]}, of the pairwise difference where R's {@code wdiff} drops to
     * zero: the least {@code c} with {@code (count/2 - c - sign(count/2 - c)/2) / sigma <= zq}.
     */
    private static long crossing(long count, double sigma, double zq) {
        long lo = 0;
        long hi = count + 1;
        while (lo < hi) {
            long c = lo + (hi - lo) / 2;
            double dz = count / 2.0 - c;
            if ((dz - Math.signum(dz) * 0.5) / sigma <= zq) {
                hi = c;
            } else {
                lo = c + 1;
            }
        }
        return Math.max(1, Math.min(count, lo));
    }

    /** The sum of {@code t^3 - t} over the groups of equal values of a sorted sample. */
    private static double tieTerm(double[] sorted) {
        double term = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            double t = j - i;
            term += t * t * t - t;
            i = j;
        }
        return term;
    }

    /**
     * scipy's asymptotic two-sided Mann-Whitney p-value with tie and continuity correction: the
     * drift package's {@code mannw} test, which matches {@code scipy.stats.mannwhitneyu}.
     */
    private static double pValue(double[] x, double[] y) {
        return MANN_WHITNEY.test(x, y).pValue();
    }
}
