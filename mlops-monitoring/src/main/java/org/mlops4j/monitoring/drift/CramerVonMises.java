package org.mlops4j.monitoring.drift;

import java.util.Arrays;
import org.apache.commons.math3.special.Gamma;

/**
 * Two-sample Cramér-von Mises test, as {@code scipy.stats.cramervonmises_2samp} with
 * {@code method='auto'}: the statistic T of Anderson (1962) from mid-ranks; the exact p-value
 * (Xiao, Gordon and Yakovlev 2006) when both samples have at most 20 values, otherwise
 * Anderson's normalisation of T referred to the limiting one-sample distribution
 * (Csörgő and Faraway 1996, eq. 1.2).
 */
final class CramerVonMises {

    /** scipy uses the exact distribution when max(m, n) is at most this. */
    static final int MAX_EXACT_SIZE = 20;

    private CramerVonMises() {
    }

    /** Runs the test on two sorted samples of at least two values each. */
    static Estimate test(double[] x, double[] y) {
        int nx = x.length;
        int ny = y.length;
        // Twice the difference between each value's pooled mid-rank and its rank in its own
        // sample is an integer, so the sums of squares are exact until they pass 2^53.
        double sumX = 0.0;
        double compX = 0.0;
        double sumY = 0.0;
        double compY = 0.0;
        int i = 0;
        int j = 0;
        while (i < nx || j < ny) {
            double v = j >= ny || (i < nx && x[i] <= y[j]) ? x[i] : y[j];
            int i0 = i;
            int j0 = j;
            while (i < nx && x[i] == v) {
                i++;
            }
            while (j < ny && y[j] == v) {
                j++;
            }
            long twiceMidRank = (long) i0 + j0 + i + j + 1;
            for (int a = i0; a < i; a++) {
                double d = twiceMidRank - 2.0 * (a + 1);
                double term = d * d;
                double s = sumX + term;
                compX += Math.abs(sumX) >= term ? (sumX - s) + term : (term - s) + sumX;
                sumX = s;
            }
            for (int b = j0; b < j; b++) {
                double d = twiceMidRank - 2.0 * (b + 1);
                double term = d * d;
                double s = sumY + term;
                compY += Math.abs(sumY) >= term ? (sumY - s) + term : (term - s) + sumY;
                sumY = s;
            }
        }
        double u = nx * ((sumX + compX) / 4) + ny * ((sumY + compY) / 4);
        double k = (double) nx * ny;
        double n = (double) nx + ny;
        double t = u / (k * n) - (4 * k - 1) / (6 * n);
        double p = Math.max(nx, ny) > MAX_EXACT_SIZE
                ? asymptoticPValue(t, n, nx, ny, k)
                : exactPValue(u, nx, ny);
        return new Estimate(t, p);
    }

    private static double asymptoticPValue(double t, double n, double nx, double ny, double k) {
        double et = (1 + 1 / n) / 6;
        double vt = (n + 1) * (4 * k * n - 3 * (nx * nx + ny * ny) - 2 * k);
        vt = vt / (45 * n * n * 4 * k);
        double tn = 1.0 / 6 + (t - et) / Math.sqrt(45 * vt);
        if (tn < 0.003) {
            return 1.0;
        }
        return Math.max(1.0 - limitingCdf(tn), 0.0);
    }

    /**
     * CDF of the limiting one-sample Cramér-von Mises distribution (Csörgő and Faraway 1996,
     * eq. 1.2-1.3), summed until a term falls below 1e-7 as scipy's {@code _cdf_cvm_inf}.
     */
    static double limitingCdf(double x) {
        double total = 0.0;
        for (int k = 0; ; k++) {
            double u = Math.exp(Gamma.logGamma(k + 0.5) - Gamma.logGamma(k + 1))
                    / (Math.pow(Math.PI, 1.5) * Math.sqrt(x));
            double y = 4 * k + 1;
            double q = y * y / (16 * x);
            double z = u * Math.sqrt(y) * Math.exp(-q) * BesselK.quarter(q);
            total += z;
            if (!(Math.abs(z) >= 1e-7)) {
                return total;
            }
        }
    }

    /**
     * Exact p-value P(U &gt;= u) by the frequency-table recursion of Xiao, Gordon and
     * Yakovlev (2006), Algorithm 1, as scipy's {@code _pval_cvm_2samp_exact}.
     */
    static double exactPValue(double u, int m, int n) {
        long lcm = (long) m / gcd(m, n) * n;
        long a = lcm / m;
        long b = lcm / n;
        long mn = (long) m * n;
        double zeta = pythonFloorDiv(
                (double) (lcm * lcm * (m + n)) * (6 * u - mn * (4 * mn - 1)), 6.0 * mn * mn);
        // gs[v] holds the distinct values (sorted) and their frequencies for column v.
        long[][] values = new long[m + 1][];
        long[][] freqs = new long[m + 1][];
        values[0] = new long[] {0};
        freqs[0] = new long[] {1};
        for (int v = 1; v <= m; v++) {
            values[v] = new long[0];
            freqs[v] = new long[0];
        }
        for (int uu = 0; uu <= n; uu++) {
            long[] tmpValues = new long[0];
            long[] tmpFreqs = new long[0];
            for (int v = 0; v <= m; v++) {
                long[][] merged = merge(tmpValues, tmpFreqs, values[v], freqs[v]);
                tmpValues = merged[0];
                tmpFreqs = merged[1];
                long shift = (a * v - b * uu) * (a * v - b * uu);
                for (int i = 0; i < tmpValues.length; i++) {
                    tmpValues[i] += shift;
                }
                values[v] = tmpValues;
                freqs[v] = tmpFreqs;
            }
        }
        double combinations = binomial(m + n, m);
        long count = 0;
        for (int i = 0; i < values[m].length; i++) {
            if (values[m][i] >= zeta) {
                count += freqs[m][i];
            }
        }
        return count / combinations;
    }

    private static long[][] merge(long[] av, long[] af, long[] bv, long[] bf) {
        long[] values = new long[av.length + bv.length];
        long[] freqs = new long[values.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < av.length || j < bv.length) {
            if (j >= bv.length || (i < av.length && av[i] < bv[j])) {
                values[k] = av[i];
                freqs[k++] = af[i++];
            } else if (i >= av.length || bv[j] < av[i]) {
                values[k] = bv[j];
                freqs[k++] = bf[j++];
            } else {
                values[k] = av[i];
                freqs[k++] = af[i++] + bf[j++];
            }
        }
        return new long[][] {Arrays.copyOf(values, k), Arrays.copyOf(freqs, k)};
    }

    /** Python's float floor division, which differs from Math.floor(a / b) near integers. */
    private static double pythonFloorDiv(double a, double b) {
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0.0 && (b < 0) != (mod < 0)) {
            div -= 1.0;
        }
        if (div == 0.0) {
            return Math.copySign(0.0, a / b);
        }
        double floor = Math.floor(div);
        return div - floor > 0.5 ? floor + 1.0 : floor;
    }

    private static double binomial(int n, int k) {
        double c = 1.0;
        long exact = 1;
        for (int i = 1; i <= k; i++) {
            exact = exact * (n - k + i) / i;
            c = exact;
        }
        return c;
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
