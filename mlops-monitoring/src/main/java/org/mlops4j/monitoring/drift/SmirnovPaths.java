package org.mlops4j.monitoring.drift;

/**
 * Exact two-sided p-value of the two-sample Smirnov statistic by counting lattice paths,
 * as scipy's {@code _compute_prob_outside_square} (equal sizes) and
 * {@code _compute_outer_prob_inside_method} (Hodges 1958, with the recursion for 1 - p of
 * Viehmann 2021, arXiv:2102.08037).
 */
final class SmirnovPaths {

    private SmirnovPaths() {
    }

    /**
     * P(D_{n,n} >= h/n) as 2 * (A0 - A0 A1 + A0 A1 A2 - ...), evaluated Horner-like to avoid
     * the cancellation of the alternating binomial sum.
     */
    static double probOutsideSquare(int n, int h) {
        double p = 0.0;
        for (int k = n / h; k >= 0; k--) {
            double p1 = 1.0;
            for (int j = 0; j < h; j++) {
                p1 = (n - (double) k * h - j) * p1 / (n + (double) k * h + j + 1);
            }
            p = p1 * (1.0 - p);
        }
        return 2 * p;
    }

    /**
     * Proportion of monotone lattice paths from (0, 0) to (m, n) that leave the band
     * |x/m - y/n| &lt; h / lcm(m, n); one sliding column of the path table is kept, scaled so
     * it holds 1 - proportion directly.
     */
    static double probOutsideInside(int m0, int n0, long g, long h) {
        int m = Math.max(m0, n0);
        int n = Math.min(m0, n0);
        long mg = m / g;
        long ng = n / g;
        int minj = 0;
        int maxj = (int) Math.min(ceilDiv(h, mg), n + 1L);
        int curlen = maxj - minj;
        int lenA = Math.min(2 * maxj + 2, n + 1);
        double[] a = new double[lenA];
        java.util.Arrays.fill(a, 1.0);
        java.util.Arrays.fill(a, minj, maxj, 0.0);
        for (int i = 1; i <= m; i++) {
            int lastminj = minj;
            int lastlen = curlen;
            minj = (int) Math.min(Math.max(Math.floorDiv(ng * i - h, mg) + 1, 0L), n);
            maxj = (int) Math.min(ceilDiv(ng * i + h, mg), n + 1L);
            if (maxj <= minj) {
                return 1.0;
            }
            double val = minj == 0 ? 0.0 : 1.0;
            for (int jj = 0; jj < maxj - minj; jj++) {
                int j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen) {
                java.util.Arrays.fill(a, maxj - minj, Math.min(maxj - minj + (lastlen - curlen), lenA), 1.0);
            }
        }
        return a[maxj - minj - 1];
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
