package org.mlops4j.monitoring.drift;

/**
 * Two-sided two-sample Kolmogorov-Smirnov test, following {@code scipy.stats.ks_2samp} with
 * {@code method='auto'}: the exact p-value (Hodges 1958; Viehmann 2021) when both samples have
 * at most 10,000 values, otherwise {@code kstwo.sf(D, round(m n / (m + n)))} (Simard and
 * L'Ecuyer 2011). Ties are handled as scipy does, by evaluating both empirical CDFs at every
 * pooled value with right-continuous steps.
 */
final class KolmogorovSmirnov {

    /** scipy's MAX_AUTO_N: 'auto' is exact when both sizes are at most this. */
    static final int MAX_EXACT_SIZE = 10_000;

    private KolmogorovSmirnov() {
    }

    /** Runs the test on two sorted, non-empty samples in O(n1 + n2) plus the p-value. */
    static Estimate test(double[] x, double[] y) {
        int n1 = x.length;
        int n2 = y.length;
        double maxDiff = Double.NEGATIVE_INFINITY;
        double minDiff = Double.POSITIVE_INFINITY;
        int i = 0;
        int j = 0;
        while (i < n1 || j < n2) {
            double v = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
            while (i < n1 && x[i] == v) {
                i++;
            }
            while (j < n2 && y[j] == v) {
                j++;
            }
            double diff = (double) i / n1 - (double) j / n2;
            maxDiff = Math.max(maxDiff, diff);
            minDiff = Math.min(minDiff, diff);
        }
        double minS = Math.min(Math.max(-minDiff, 0.0), 1.0);
        double d = minS > maxDiff ? minS : maxDiff;
        if (Math.max(n1, n2) <= MAX_EXACT_SIZE) {
            long g = gcd(n1, n2);
            long lcm = (n1 / g) * n2;
            long h = (long) Math.rint(d * lcm);
            double dRounded = (double) h / lcm;
            if (h == 0) {
                return new Estimate(dRounded, 1.0);
            }
            double p = n1 == n2
                    ? SmirnovPaths.probOutsideSquare(n1, (int) h)
                    : SmirnovPaths.probOutsideInside(n1, n2, g, h);
            if (p >= 0.0 && p <= 1.0) {
                return new Estimate(dRounded, p);
            }
            // scipy falls back to the asymptotic p-value (with the rounded D) when exact fails.
            d = dRounded;
        }
        double m = Math.max(n1, n2);
        double n = Math.min(n1, n2);
        double en = m * n / (m + n);
        double p = KolmogorovDistribution.sf(Math.rint(en), d);
        return new Estimate(d, Math.min(Math.max(p, 0.0), 1.0));
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
