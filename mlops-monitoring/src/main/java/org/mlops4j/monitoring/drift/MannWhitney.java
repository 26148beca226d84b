package org.mlops4j.monitoring.drift;

import org.apache.commons.math3.special.Erf;

/**
 * Two-sided Mann-Whitney U test with the normal approximation, as
 * {@code scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='asymptotic',
 * use_continuity=True)}: the statistic is U of the reference sample from mid-ranks, the
 * variance carries the tie correction sum(t^3 - t) / (n (n - 1)), and the p-value is
 * 2 * sf((max(U1, U2) - n1 n2 / 2 - 0.5) / sigma) clipped to [0, 1]. When every value is tied
 * the variance is zero and the p-value is 1.
 */
final class MannWhitney {

    private MannWhitney() {
    }

    /** Runs the test on two sorted, non-empty samples. */
    static Estimate test(double[] x, double[] y) {
        int n1 = x.length;
        int n2 = y.length;
        long twiceRankSumX = 0;
        double tieTerm = 0.0;
        int i = 0;
        int j = 0;
        while (i < n1 || j < n2) {
            double v = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
            int i0 = i;
            int j0 = j;
            while (i < n1 && x[i] == v) {
                i++;
            }
            while (j < n2 && y[j] == v) {
                j++;
            }
            long twiceMidRank = (long) i0 + j0 + i + j + 1;
            twiceRankSumX += twiceMidRank * (i - i0);
            double t = (i - i0) + (j - j0);
            tieTerm += t * t * t - t;
        }
        double u1 = twiceRankSumX / 2.0 - (double) n1 * (n1 + 1) / 2;
        double u2 = (double) n1 * n2 - u1;
        double mu = (double) n1 * n2 / 2;
        double n = (double) n1 + n2;
        double sigma = Math.sqrt((double) n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1))));
        double z = (Math.max(u1, u2) - mu - 0.5) / sigma;
        double p = 2 * normalSf(z);
        return new Estimate(u1, Math.min(Math.max(p, 0.0), 1.0));
    }

    /** Standard normal survival function, accurate in the upper tail. */
    static double normalSf(double z) {
        if (Double.isNaN(z)) {
            return 1.0;
        }
        return 0.5 * Erf.erfc(z / Math.sqrt(2.0));
    }
}
