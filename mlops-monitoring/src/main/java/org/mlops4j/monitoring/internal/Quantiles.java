package org.mlops4j.monitoring.internal;

/**
 * Sample quantiles as numpy computes them by default ({@code numpy.quantile(..., method='linear')}):
 * the value at position {@code q * (n - 1)} of the sorted sample, interpolated linearly between its
 * two neighbours.
 *
 * <p>Internal: public only so that the monitor and the drift tests of mlops-monitoring share one
 * implementation; not part of the API, and may change without notice.
 */
public final class Quantiles {

    private Quantiles() {
    }

    /**
     * The {@code q} quantile of a sorted, non-empty sample.
     *
     * @param sorted the sample, ascending
     * @param q the quantile, in [0, 1]
     * @return the quantile
     */
    public static double linear(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return interpolate(sorted[lower], sorted[upper], position - lower);
    }

    /**
     * numpy's {@code _lerp}: {@code a + (b - a) * fraction}, evaluated from the nearer end so the
     * result stays within [a, b].
     *
     * @param a the value at fraction 0
     * @param b the value at fraction 1
     * @param fraction where between them, in [0, 1]
     * @return the interpolated value
     */
    public static double interpolate(double a, double b, double fraction) {
        double diff = b - a;
        return fraction >= 0.5 ? b - diff * (1 - fraction) : a + diff * fraction;
    }
}
