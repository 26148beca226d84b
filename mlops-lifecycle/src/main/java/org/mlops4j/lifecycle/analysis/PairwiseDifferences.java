package org.mlops4j.lifecycle.analysis;

import java.util.Arrays;

/**
 * Order statistics of the {@code n * m} pairwise differences {@code x[i] - y[j]} of two sorted
 * samples, found without materialising them: a selection in the implicit matrix whose rows
 * ({@code i}) and columns ({@code j}, taken over {@code y} in descending order) are sorted. Each
 * round pivots on the weighted median of the active rows' medians, counts the differences below
 * and at the pivot along a staircase in {@code O(n + m)}, and discards the side that cannot hold
 * the wanted rank; at least a quarter of the active differences goes each round (as in Monahan's
 * Hodges-Lehmann algorithm, ACM TOMS 1984, with a deterministic pivot), and the last few thousand
 * are sorted. Floating-point subtraction is monotone, so the computed differences are sorted the
 * same way and the result is bit for bit the value a full sort would return.
 */
final class PairwiseDifferences {

    private final double[] x;
    private final double[] y;
    private final int n;
    private final int m;

    /** Both arrays must be sorted ascending, non-empty, and free of NaN. */
    PairwiseDifferences(double[] sortedX, double[] sortedY) {
        this.x = sortedX;
        this.y = sortedY;
        this.n = sortedX.length;
        this.m = sortedY.length;
    }

    /** The number of differences, {@code n * m}. */
    long count() {
        return (long) n * m;
    }

    /** The difference in row {@code i}, column {@code j}: rows and columns ascend. */
    private double at(int i, int j) {
        return x[i] - y[m - 1 - j];
    }

    /** The {@code k}-th smallest difference, {@code 1 <= k <= n * m}. */
    double select(long k) {
        int[] lo = new int[n];
        int[] hi = new int[n];
        Arrays.fill(hi, m);
        long rank = k;
        long limit = Math.max(4096L, 4L * (n + m));
        int[] lt = new int[n];
        int[] le = new int[n];
        while (true) {
            long active = 0;
            for (int i = 0; i < n; i++) {
                active += hi[i] - lo[i];
            }
            if (active <= limit) {
                return smallRemainder(lo, hi, (int) active, (int) rank);
            }
            double pivot = weightedMedianOfRowMedians(lo, hi, active);
            countBelow(pivot, lt, le);
            long below = 0;
            long atOrBelow = 0;
            for (int i = 0; i < n; i++) {
                below += clamp(lt[i], lo[i], hi[i]) - lo[i];
                atOrBelow += clamp(le[i], lo[i], hi[i]) - lo[i];
            }
            if (rank <= below) {
                for (int i = 0; i < n; i++) {
                    hi[i] = clamp(lt[i], lo[i], hi[i]);
                }
            } else if (rank <= atOrBelow) {
                return pivot;
            } else {
                rank -= atOrBelow;
                for (int i = 0; i < n; i++) {
                    lo[i] = clamp(le[i], lo[i], hi[i]);
                }
            }
        }
    }

    private double smallRemainder(int[] lo, int[] hi, int active, int rank) {
        double[] rest = new double[active];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = lo[i]; j < hi[i]; j++) {
                rest[k++] = at(i, j);
            }
        }
        Arrays.sort(rest);
        return rest[rank - 1];
    }

    private double weightedMedianOfRowMedians(int[] lo, int[] hi, long active) {
        int rows = 0;
        double[] medians = new double[n];
        long[] weights = new long[n];
        for (int i = 0; i < n; i++) {
            if (hi[i] > lo[i]) {
                medians[rows] = at(i, lo[i] + (hi[i] - lo[i] - 1) / 2);
                weights[rows] = hi[i] - lo[i];
                rows++;
            }
        }
        Integer[] order = new Integer[rows];
        for (int r = 0; r < rows; r++) {
            order[r] = r;
        }
        Arrays.sort(order, (a, b) -> Double.compare(medians[a], medians[b]));
        long cumulative = 0;
        for (Integer r : order) {
            cumulative += weights[r];
            if (2 * cumulative >= active) {
                return medians[r];
            }
        }
        return medians[order[rows - 1]];
    }

    /**
     * For every row, how many differences are {@code < pivot} ({@code lt}) and {@code <= pivot}
     * ({@code le}); both counts fall as the row index grows, so one pointer each walks down.
     */
    private void countBelow(double pivot, int[] lt, int[] le) {
        int jLt = m;
        int jLe = m;
        for (int i = 0; i < n; i++) {
            while (jLt > 0 && at(i, jLt - 1) >= pivot) {
                jLt--;
            }
            while (jLe > 0 && at(i, jLe - 1) > pivot) {
                jLe--;
            }
            lt[i] = jLt;
            le[i] = jLe;
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
