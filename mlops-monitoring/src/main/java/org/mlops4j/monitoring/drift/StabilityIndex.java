package org.mlops4j.monitoring.drift;

import org.mlops4j.monitoring.internal.Quantiles;

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
     * bin (numpy {@code searchsorted(side='right')}). Needs no sorted input: the deciles come from
     * selection (the reference copy {@code x} is reordered) and values are binned by binary search,
     * O(n) instead of a sort.
     */
    static double numeric(double[] x, double[] y) {
        double[] edges = deciles(x);
        return fromCounts(binCounts(x, edges), x.length, binCounts(y, edges), y.length);
    }

    /** The 9 deciles of a sample by numpy's 'linear' rule, reordering it by quickselect. */
    static double[] deciles(double[] a) {
        int n = a.length;
        double[] edges = new double[BINS - 1];
        int from = 0;
        for (int k = 1; k < BINS; k++) {
            double position = k / 10.0 * (n - 1);
            int lower = (int) Math.floor(position);
            int upper = Math.min(lower + 1, n - 1);
            if (lower >= from) {
                select(a, from, n - 1, lower);
            }
            // Everything after 'lower' is >= a[lower]: the next order statistic is the smallest of
            // them, selected within that part.
            if (upper > lower) {
                select(a, upper, n - 1, upper);
            }
            edges[k - 1] = Quantiles.interpolate(a[lower], a[upper], position - lower);
            from = upper;
        }
        return edges;
    }

    /**
     * Moves the k-th smallest of a[left..right] to index k, smaller ones before it, larger ones
     * after: quickselect with a median-of-three pivot and a three-way partition, so runs of equal
     * values (common in real data) cost no more than distinct ones.
     */
    private static void select(double[] a, int left, int right, int k) {
        while (right > left) {
            double x = a[left];
            double y = a[(left + right) >>> 1];
            double z = a[right];
            double pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
            int lt = left;
            int i = left;
            int gt = right;
            while (i <= gt) {
                if (a[i] < pivot) {
                    swap(a, lt++, i++);
                } else if (a[i] > pivot) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            if (k < lt) {
                right = lt - 1;
            } else if (k > gt) {
                left = gt + 1;
            } else {
                return;
            }
        }
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
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

    /** Counts per bin: a value's bin is the number of edges at or below it (searchsorted 'right'). */
    private static long[] binCounts(double[] values, double[] edges) {
        long[] counts = new long[edges.length + 1];
        for (double v : values) {
            int lo = 0;
            int hi = edges.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (edges[mid] <= v) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            counts[lo]++;
        }
        return counts;
    }
}
