package org.mlops4j.monitoring.multivariate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The kernel two-sample test of Gretton et al. (2012), after Alibi Detect's {@code MMDDrift} (which
 * takes its bandwidth from reference-to-window distances and scales it differently): the
 * unbiased estimate of the squared maximum mean discrepancy with a Gaussian kernel
 * {@code k(x, y) = exp(-|x - y|^2 / (2 sigma^2))} and a permutation p-value. The bandwidth sigma is the
 * median heuristic on the reference: the median Euclidean distance between two distinct reference rows
 * (of the subsample below; 1 when that median is 0). Cost is bounded: each side is cut to at most
 * {@code maxRows} rows by a seeded uniform subsample, so a window costs {@code O(permutations * (2 *
 * maxRows)^2)} kernel sums and {@code (2 * maxRows)^2} doubles of memory. Immutable, thread-safe.
 */
final class MaximumMeanDiscrepancy {

    private final double[][] reference;
    private final double bandwidth;
    private final int permutations;
    private final int maxRows;
    private final long seed;

    MaximumMeanDiscrepancy(double[][] reference, int maxRows, int permutations, long seed) {
        this.reference = subsample(reference, maxRows, seed);
        this.maxRows = maxRows;
        this.permutations = permutations;
        this.seed = seed;
        int m = this.reference.length;
        double[] distances = new double[m * (m - 1) / 2];
        int k = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                distances[k++] = Math.sqrt(squaredDistance(this.reference[i], this.reference[j]));
            }
        }
        Arrays.sort(distances);
        int half = distances.length / 2;
        double median = distances.length % 2 == 1 ? distances[half] : (distances[half - 1] + distances[half]) / 2;
        this.bandwidth = median > 0 ? median : 1.0;
    }

    /** At most {@code max} rows chosen uniformly without replacement (seeded), in their original order. */
    static double[][] subsample(double[][] rows, int max, long seed) {
        if (rows.length <= max) {
            return rows;
        }
        int[] index = new int[rows.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(index.length - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
        }
        int[] chosen = Arrays.copyOf(index, max);
        Arrays.sort(chosen);
        double[][] out = new double[max][];
        for (int i = 0; i < max; i++) {
            out[i] = rows[chosen[i]];
        }
        return out;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }

    double bandwidth() {
        return bandwidth;
    }

    MmdDrift check(double[][] window, double alpha) {
        double[][] current = subsample(window, maxRows, ~seed);
        int m = reference.length;
        int n = current.length;
        int total = m + n;
        double[][] pooled = new double[total][];
        System.arraycopy(reference, 0, pooled, 0, m);
        System.arraycopy(current, 0, pooled, m, n);
        double gamma = 1.0 / (2 * bandwidth * bandwidth);
        double[][] kernel = new double[total][total];
        for (int i = 0; i < total; i++) {
            for (int j = i + 1; j < total; j++) {
                kernel[i][j] = Math.exp(-gamma * squaredDistance(pooled[i], pooled[j]));
            }
        }
        boolean[] isWindow = new boolean[total];
        Arrays.fill(isWindow, m, total, true);
        double observed = statistic(kernel, isWindow, m, n);
        SplittableRandom random = new SplittableRandom(seed + 1);
        int atLeast = 0;
        for (int b = 0; b < permutations; b++) {
            // A uniform shuffle of the labels (Fisher-Yates): the first pooled rows stay put, their labels move.
            for (int i = total - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                boolean t = isWindow[i];
                isWindow[i] = isWindow[j];
                isWindow[j] = t;
            }
            if (statistic(kernel, isWindow, m, n) >= observed) {
                atLeast++;
            }
        }
        double p = (1.0 + atLeast) / (1.0 + permutations);
        return new MmdDrift(observed, bandwidth, p, p < alpha);
    }

    /** The unbiased MMD^2 of the split given by {@code isWindow}, from the upper triangle of the kernel. */
    static double statistic(double[][] kernel, boolean[] isWindow, int m, int n) {
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int i = 0; i < kernel.length; i++) {
            double[] row = kernel[i];
            boolean wi = isWindow[i];
            for (int j = i + 1; j < row.length; j++) {
                double k = row[j];
                if (wi != isWindow[j]) {
                    xy += k;
                } else if (wi) {
                    yy += k;
                } else {
                    xx += k;
                }
            }
        }
        // Each unordered pair was summed once: the sums over i != j are twice these.
        return 2 * xx / ((double) m * (m - 1)) + 2 * yy / ((double) n * (n - 1)) - 2 * xy / ((double) m * n);
    }
}
