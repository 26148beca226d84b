package org.mlops4j.monitoring.drift;

/**
 * Population stability index, PSI = sum over bins of (c - r) ln(c / r) where r and c are the
 * reference and current shares of a bin and an empty bin's share is replaced by 0.0001
 * (Yurdakul 2018, "Statistical Properties of Population Stability Index").
 */
final class StabilityIndex {

    static final double EMPTY_SHARE = 1e-4;
    private static final int BINS = 10;

    private StabilityIndex() {
    }

    /**
     * Numeric PSI over 10 bins whose 9 inner edges are the reference deciles (numpy's default
     * 'linear' quantile); the outer bins are open and a value equal to an edge falls in the upper
     * bin (numpy {@code searchsorted(side='right')}).
     */
    static double numeric(double[] x, double[] y) {
        double[] edges = new double[BINS - 1];
        for (int k = 1; k < BINS; k++) {
            edges[k - 1] = quantile(x, k / 10.0);
        }
        return fromCounts(binCounts(x, edges), x.length, binCounts(y, edges), y.length);
    }

    /** PSI of two count vectors over the same categories or bins. */
    static double fromCounts(long[] ref, long refTotal, long[] cur, long curTotal) {
        double psi = 0.0;
        for (int k = 0; k < ref.length; k++) {
            double r = share(ref[k], refTotal);
            double c = share(cur[k], curTotal);
            psi += (c - r) * Math.log(c / r);
        }
        return psi;
    }

    private static double share(long count, long total) {
        return count == 0 ? EMPTY_SHARE : (double) count / total;
    }

    /** numpy.quantile with method='linear' on a sorted sample. */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        double fraction = position - lower;
        double a = sorted[lower];
        double b = sorted[upper];
        // numpy's _lerp: evaluate from the nearer end so the result stays within [a, b].
        double diff = b - a;
        return fraction >= 0.5 ? b - diff * (1 - fraction) : a + diff * fraction;
    }

    /** Counts of a sorted sample per bin, merge-walking the sorted edges. */
    private static long[] binCounts(double[] sorted, double[] edges) {
        long[] counts = new long[edges.length + 1];
        int bin = 0;
        for (double v : sorted) {
            while (bin < edges.length && v >= edges[bin]) {
                bin++;
            }
            counts[bin]++;
        }
        return counts;
    }
}
