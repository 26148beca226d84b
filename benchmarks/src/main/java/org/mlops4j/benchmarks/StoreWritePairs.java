package org.mlops4j.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@link SqliteStoreBenchmark}'s writes timed in interleaved pairs: each round times one store write
 * and one raw write of the same rows back to back (in alternating order), so that both sides meet
 * the same disk. On a shared machine whose fsync latency swings tenfold between minutes (other
 * builds writing), JMH's one-benchmark-after-another runs compare different minutes; pairs compare
 * the same ones. Prints, per kind of write, the median time of each side and the throughput ratio
 * raw time / store time (the target: at least 0.8), from the medians and as the median of
 * the per-pair ratios.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.mlops4j.benchmarks.StoreWritePairs [singles] [batches]}
 * (defaults 400 single writes and 40 batches of 1,000 per side, after a warm-up of a quarter of each).
 */
public final class StoreWritePairs {

    private StoreWritePairs() {
    }

    /** One timed write. */
    @FunctionalInterface
    private interface Write {
        void run() throws Exception;
    }

    /**
     * Runs the pairs and prints the results.
     *
     * @param args optional: the number of single-write pairs, then of batch pairs
     * @throws Exception if a write fails
     */
    public static void main(String[] args) throws Exception {
        int singles = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        SqliteStoreBenchmark bench = new SqliteStoreBenchmark();
        bench.setUp();
        try {
            pairs("logMetric (1 row, 1 transaction)", bench::storeLogMetric, bench::rawLogMetric, singles);
            pairs("logBatch (1,000 rows, 1 transaction)", bench::storeLogBatch1000, bench::rawBatch1000, batches);
        } finally {
            bench.tearDown();
        }
    }

    private static void pairs(String what, Write store, Write raw, int n) throws Exception {
        for (int i = 0; i < Math.max(1, n / 4); i++) {
            store.run();
            raw.run();
        }
        long[] storeNanos = new long[n];
        long[] rawNanos = new long[n];
        double[] ratios = new double[n];
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                storeNanos[i] = time(store);
                rawNanos[i] = time(raw);
            } else {
                rawNanos[i] = time(raw);
                storeNanos[i] = time(store);
            }
            ratios[i] = (double) rawNanos[i] / storeNanos[i];
        }
        double storeMedian = median(storeNanos);
        double rawMedian = median(rawNanos);
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "%s, %d pairs: store median %.1f us, raw median %.1f us,"
                        + " raw/store from medians %.3f, median of pair ratios %.3f (quartiles %.3f-%.3f)%n",
                what, n, storeMedian / 1e3, rawMedian / 1e3, rawMedian / storeMedian, ratios[n / 2],
                ratios[n / 4], ratios[3 * n / 4]);
    }

    private static long time(Write w) throws Exception {
        long start = System.nanoTime();
        w.run();
        return System.nanoTime() - start;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
