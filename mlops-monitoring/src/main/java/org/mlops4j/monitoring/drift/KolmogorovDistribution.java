package org.mlops4j.monitoring.drift;

/**
 * Survival function of the two-sided one-sample Kolmogorov-Smirnov statistic D_n, as
 * {@code scipy.stats.kstwo.sf}, which follows Simard and L'Ecuyer (2011), "Computing the
 * Two-Sided Kolmogorov-Smirnov Distribution", J. Stat. Softw. 39(11): Ruben-Gambino closed
 * forms at the ends, Smirnov's one-sided formula in the upper tail, the Durbin matrix
 * (Marsaglia, Tsang and Wang 2003), Pomeranz (1974) recursion and the Pelz-Good (1976)
 * expansion elsewhere, with scipy's branch boundaries.
 */
final class KolmogorovDistribution {

    private static final double EP128 = Math.scalb(1.0, 128);
    private static final double EM128 = Math.scalb(1.0, -128);
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double PI2 = Math.PI * Math.PI;
    private static final double PI4 = PI2 * PI2;
    private static final double PI6 = PI4 * PI2;
    private static final double[] STIRLING = {-2.955065359477124183e-2, 6.4102564102564102564e-3,
        -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4,
        7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2};

    private KolmogorovDistribution() {
    }

    /** P(D_n &gt; x) for integral n &gt;= 1. */
    static double sf(double nValue, double x) {
        int n = (int) nValue;
        if (x >= 1.0) {
            return 0.0;
        }
        if (x <= 0.0) {
            return 1.0;
        }
        double t = n * x;
        if (t <= 1.0) {
            if (t <= 0.5) {
                return 1.0;
            }
            double cdf;
            if (n <= 140) {
                cdf = 1.0;
                for (int i = 1; i <= n; i++) {
                    cdf *= i * (1.0 / n) * (2 * t - 1);
                }
            } else {
                cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
            }
            return clip(1.0 - cdf);
        }
        if (t >= n - 1) {
            return clip(2 * Math.pow(1.0 - x, n));
        }
        if (x >= 0.5) {
            return clip(2 * smirnov(n, x));
        }
        double nxSquared = t * x;
        if (n <= 140) {
            if (nxSquared <= 0.754693) {
                return clip(1.0 - durbin(n, x));
            }
            if (nxSquared <= 4) {
                return clip(1.0 - pomeranz(n, x));
            }
            return clip(2 * smirnov(n, x));
        }
        if (nxSquared >= 370.0) {
            return 0.0;
        }
        if (nxSquared >= 2.2) {
            return clip(2 * smirnov(n, x));
        }
        double cdf;
        if (nxSquared >= 18.0) {
            cdf = 1.0;
        } else if (n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4) {
            cdf = durbin(n, x);
        } else {
            cdf = pelzGood(n, x);
        }
        return clip(1.0 - cdf);
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, 0.0), 1.0);
    }

    private static double logFactorialOverPower(int n) {
        double rn = 1.0 / n;
        double poly = 0.0;
        for (double c : STIRLING) {
            poly = poly * (rn / n) + c;
        }
        return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
    }

    /**
     * Exact one-sided Smirnov survival P(D+_n &gt;= x) by the Birnbaum-Tingey (1951) sum,
     * evaluated in log space with incrementally updated binomial coefficients.
     */
    static double smirnov(int n, double x) {
        if (x >= 1.0) {
            return 0.0;
        }
        int last = (int) Math.floor(n * (1.0 - x));
        double sum = 0.0;
        double logBinom = 0.0;
        double previous = 0.0;
        for (int v = 0; v <= last; v++) {
            if (v > 0) {
                logBinom += Math.log((double) (n - v + 1) / v);
            }
            double evn = x + (double) v / n;
            double omevn = 1.0 - evn;
            if (omevn <= 0.0 && n - v > 0) {
                break;
            }
            double logTerm = logBinom + (v - 1) * Math.log(evn)
                    + (n - v == 0 ? 0.0 : (n - v) * Math.log(omevn));
            double term = Math.exp(logTerm);
            sum += term;
            // Terms are unimodal in v; once past the peak and negligible, the rest are too.
            if (term < previous && term < sum * 1e-18) {
                break;
            }
            previous = term;
        }
        return sum * x;
    }

    /** Durbin matrix algorithm for P(D_n &lt; d) (Marsaglia, Tsang and Wang 2003). */
    static double durbin(int n, double d) {
        if (d >= 1.0) {
            return 1.0;
        }
        double nd = n * d;
        if (nd <= 0.5) {
            return 0.0;
        }
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;
        double[] v = new double[m];
        double[] w = new double[m];
        double fac = 1.0;
        for (int j = 1; j <= m; j++) {
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] = (1.0 - Math.pow(h, j)) * fac;
        }
        double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;
        double[][] hm = new double[m][m];
        for (int i = 1; i < m; i++) {
            for (int r = i - 1; r < m; r++) {
                hm[r][i] = w[r - i + 1];
            }
        }
        for (int r = 0; r < m; r++) {
            hm[r][0] = v[r];
        }
        for (int c = 0; c < m; c++) {
            hm[m - 1][c] = v[m - 1 - c];
        }
        double[][] power = new double[m][m];
        for (int i = 0; i < m; i++) {
            power[i][i] = 1.0;
        }
        int expnt = 0;
        int hExpnt = 0;
        int nn = n;
        while (nn > 0) {
            if (nn % 2 == 1) {
                power = multiply(power, hm);
                expnt += hExpnt;
            }
            hm = multiply(hm, hm);
            hExpnt *= 2;
            if (Math.abs(hm[k - 1][k - 1]) > EP128) {
                scale(hm, EM128);
                hExpnt += 128;
            }
            nn /= 2;
        }
        double p = power[k - 1][k - 1];
        for (int i = 1; i <= n; i++) {
            p = i * p / n;
            if (Math.abs(p) < EM128) {
                p *= EP128;
                expnt -= 128;
            }
        }
        if (expnt != 0) {
            p = Math.scalb(p, expnt);
        }
        return clip(p);
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length;
        double[][] c = new double[m][m];
        for (int i = 0; i < m; i++) {
            double[] ci = c[i];
            for (int l = 0; l < m; l++) {
                double ail = a[i][l];
                if (ail == 0.0) {
                    continue;
                }
                double[] bl = b[l];
                for (int j = 0; j < m; j++) {
                    ci[j] += ail * bl[j];
                }
            }
        }
        return c;
    }

    private static void scale(double[][] a, double factor) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= factor;
            }
        }
    }

    /** Pomeranz (1974) recursion for P(D_n &lt;= x), as scipy's {@code _kolmogn_Pomeranz}. */
    static double pomeranz(int n, double x) {
        double t = n * x;
        int ll = (int) Math.floor(t);
        double f = t - ll;
        double g = Math.min(f, 1.0 - f);
        int ceilf = f > 0 ? 1 : 0;
        int roundf = f > 0.5 ? 1 : 0;
        int npwrs = 2 * (ll + 1);
        double[] gpower = new double[npwrs];
        double[] twogpower = new double[npwrs];
        double[] onem2gpower = new double[npwrs];
        gpower[0] = 1.0;
        twogpower[0] = 1.0;
        onem2gpower[0] = 1.0;
        double gOverN = g / n;
        double twoGOverN = 2 * g / n;
        double oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (int m = 1; m < npwrs; m++) {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }
        double[] v0 = new double[npwrs];
        double[] v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0;
        int v1s = 0;
        int expnt = 0;
        int[] bounds = pomeranzBounds(0, n, ll, ceilf, roundf);
        int j1 = bounds[0];
        int j2;
        for (int i = 1; i < 2 * n + 2; i++) {
            int k1 = j1;
            double[] swap = v0;
            v0 = v1;
            v1 = swap;
            int swapStart = v0s;
            v0s = v1s;
            v1s = swapStart;
            java.util.Arrays.fill(v1, 0.0);
            bounds = pomeranzBounds(i, n, ll, ceilf, roundf);
            j1 = bounds[0];
            j2 = bounds[1];
            double[] pwrs = i == 1 || i == 2 * n + 1 ? gpower : (i % 2 == 1 ? twogpower : onem2gpower);
            int ln2 = j2 - k1 + 1;
            if (ln2 > 0) {
                int offset = k1 - v0s;
                int convStart = j1 - k1;
                int convLen = j2 - j1 + 1;
                int la = Math.min(ln2, v0.length - offset);
                double max = 0.0;
                for (int c = 0; c < convLen; c++) {
                    int idx = convStart + c;
                    double s = 0.0;
                    for (int a = Math.max(0, idx - ln2 + 1); a <= Math.min(idx, la - 1); a++) {
                        s += v0[offset + a] * pwrs[idx - a];
                    }
                    v1[c] = s;
                    max = Math.max(max, s);
                }
                if (max > 0 && max < EM128) {
                    scale(v1, EP128);
                    expnt -= 128;
                }
                v1s = v0s + j1 - k1;
            }
        }
        double ans = v1[n - v1s];
        for (int m = 1; m <= n; m++) {
            if (Math.abs(ans) > EP128) {
                ans *= EM128;
                expnt += 128;
            }
            ans *= m;
        }
        if (expnt != 0) {
            ans = Math.scalb(ans, expnt);
        }
        return clip(ans);
    }

    private static void scale(double[] a, double factor) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= factor;
        }
    }

    private static int[] pomeranzBounds(int i, int n, int ll, int ceilf, int roundf) {
        int j1;
        int j2;
        if (i == 0) {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        } else {
            int half = (i + 1) / 2;
            if ((i + 1) % 2 == 0) {
                if (half == n + 1) {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                } else {
                    j1 = half - 1 - ll - roundf - 1;
                    j2 = half + ll - 1 + ceilf - 1;
                }
            } else {
                j1 = half - 1 - ll - 1;
                j2 = half + ll + roundf - 1;
            }
        }
        return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
    }

    /** Pelz-Good (1976) asymptotic expansion of P(D_n &lt;= x), as scipy's. */
    static double pelzGood(int n, double x) {
        if (x <= 0.0) {
            return 0.0;
        }
        if (x >= 1.0) {
            return 1.0;
        }
        double z = Math.sqrt(n) * x;
        double z2 = z * z;
        double z3 = z2 * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double qlog = -PI2 / 8 / z2;
        if (qlog < -708) {
            return 0.0;
        }
        double q = Math.exp(qlog);
        double k1a = -z2;
        double k1b = PI2 / 4;
        double k2a = 6 * z6 + 2 * z4;
        double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
        double k2c = PI4 * (1 - 2 * z2) / 16;
        double k3d = PI6 * (5 - 30 * z2) / 64;
        double k3c = PI4 * (-60 * z2 + 212 * z4) / 16;
        double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
        double k3a = -30 * z6 - 90 * Math.pow(z, 8);
        double[] kk = new double[4];
        int maxk = (int) Math.ceil(16 * z / Math.PI);
        for (int k = maxk; k > 0; k--) {
            double m = 2 * k - 1;
            double m2 = m * m;
            double m4 = m2 * m2;
            double m6 = m4 * m2;
            double qpower = Math.pow(q, 8 * k);
            kk[0] = kk[0] * qpower + 1.0;
            kk[1] = kk[1] * qpower + k1a + k1b * m2;
            kk[2] = kk[2] * qpower + k2a + k2b * m2 + k2c * m4;
            kk[3] = kk[3] * qpower + k3a + k3b * m2 + k3c * m4 + k3d * m6;
        }
        double[] divisors = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
        for (int i = 0; i < 4; i++) {
            kk[i] = kk[i] * q * SQRT_2PI / divisors[i];
        }
        double q2 = Math.exp(-PI2 / 2 / z2);
        double k2extra = 0.0;
        double k3extra = 0.0;
        double sqrt3z = Math.sqrt(3) * z;
        for (int k = maxk; k > 0; k--) {
            double ksq = (double) k * k;
            double qp = Math.pow(q2, ksq);
            double kspi = Math.PI * k;
            k2extra += ksq * qp;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
        }
        kk[2] += k2extra * PI2 * SQRT_2PI / (-36 * z3);
        kk[3] += k3extra * PI2 * SQRT_2PI / (216 * z6);
        double sum = 0.0;
        for (int i = 0; i < 4; i++) {
            sum += kk[i] / Math.pow(n, i / 2.0);
        }
        return sum;
    }
}
