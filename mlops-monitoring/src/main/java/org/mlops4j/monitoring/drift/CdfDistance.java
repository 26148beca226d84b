package org.mlops4j.monitoring.drift;

/**
 * Distances between the empirical CDFs of two samples, as scipy's {@code _cdf_distance}:
 * the first Wasserstein distance (integral of |F - G|, {@code scipy.stats.wasserstein_distance})
 * and the energy distance (sqrt(2) times the L2 distance of F and G,
 * {@code scipy.stats.energy_distance}; Székely and Rizzo 2013). One merge-walk over the
 * sorted samples, O(n1 + n2).
 */
final class CdfDistance {

    private CdfDistance() {
    }

    static double wasserstein(double[] x, double[] y) {
        return integrate(x, y, 1);
    }

    static double energy(double[] x, double[] y) {
        return Math.sqrt(2.0) * Math.sqrt(integrate(x, y, 2));
    }

    /** Wasserstein distance divided by max(population std of the reference, 0.001). */
    static double normalisedWasserstein(double[] x, double[] y) {
        double mean = Samples.mean(x);
        double std = Math.sqrt(Samples.variance(x, mean, 0));
        return wasserstein(x, y) / Math.max(std, 0.001);
    }

    private static double integrate(double[] x, double[] y, int power) {
        int n1 = x.length;
        int n2 = y.length;
        int i = 0;
        int j = 0;
        double sum = 0.0;
        double previous = Math.min(x[0], y[0]);
        while (i < n1 || j < n2) {
            double v = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
            double gap = Math.abs((double) i / n1 - (double) j / n2);
            sum += (power == 1 ? gap : gap * gap) * (v - previous);
            previous = v;
            while (i < n1 && x[i] == v) {
                i++;
            }
            while (j < n2 && y[j] == v) {
                j++;
            }
        }
        return sum;
    }
}
