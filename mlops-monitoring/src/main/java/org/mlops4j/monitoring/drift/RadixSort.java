package org.mlops4j.monitoring.drift;

import java.util.Arrays;

/**
 * Sorts doubles into exactly the order of {@link Arrays#sort(double[])} (-0.0 before 0.0, NaN
 * last) by a least-significant-digit radix sort on the IEEE 754 bits: a negative value's bits are
 * all flipped and a positive value's sign bit is set, which makes the unsigned order of the keys the
 * numeric order. Six passes of 11 bits each (a pass whose digit is the same for every key is
 * skipped), counted in one read of the input, move the values themselves between the input and one
 * buffer; O(n) on one thread, against the O(n log n) comparisons
 * of {@code Arrays.sort}, and 1.5 to 5 times faster from 16,384 values up (see
 * benchmarks/README.md). Below {@link #MIN_RADIX_SIZE} values it defers to {@code Arrays.sort},
 * whose insertion sort and quicksort win on small arrays. Allocation: one {@code double[n]} buffer.
 */
final class RadixSort {

    /** Arrays shorter than this go to {@code Arrays.sort}. */
    static final int MIN_RADIX_SIZE = 4096;

    private static final int BITS = 11;
    private static final int BUCKETS = 1 << BITS;
    private static final int MASK = BUCKETS - 1;
    private static final int PASSES = (Long.SIZE + BITS - 1) / BITS;

    private RadixSort() {
    }

    /** Sorts {@code a} in place, to the same array {@code Arrays.sort(a)} would give. */
    static void sort(double[] a) {
        int n = a.length;
        if (n < MIN_RADIX_SIZE) {
            Arrays.sort(a);
        } else {
            radix(a);
        }
    }

    /** The radix sort itself, at any size (tests run it on small adversarial arrays). */
    static void radix(double[] a) {
        int n = a.length;
        if (n < 2) {
            return;
        }
        int[][] counts = new int[PASSES][BUCKETS];
        int[] c0 = counts[0];
        int[] c1 = counts[1];
        int[] c2 = counts[2];
        int[] c3 = counts[3];
        int[] c4 = counts[4];
        int[] c5 = counts[5];
        for (int i = 0; i < n; i++) {
            long k = key(a[i]);
            c0[(int) k & MASK]++;
            c1[(int) (k >>> BITS) & MASK]++;
            c2[(int) (k >>> (2 * BITS)) & MASK]++;
            c3[(int) (k >>> (3 * BITS)) & MASK]++;
            c4[(int) (k >>> (4 * BITS)) & MASK]++;
            c5[(int) (k >>> (5 * BITS)) & MASK]++;
        }
        // The values themselves move between the two arrays, keyed on the fly, so no key array is
        // written and none converted back; six passes (none skipped) end in the input array.
        double[] from = a;
        double[] to = new double[n];
        for (int p = 0; p < PASSES; p++) {
            int[] c = counts[p];
            int shift = p * BITS;
            if (c[(int) (key(from[0]) >>> shift) & MASK] == n) {
                continue;
            }
            int offset = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int count = c[b];
                c[b] = offset;
                offset += count;
            }
            for (int i = 0; i < n; i++) {
                double v = from[i];
                to[c[(int) (key(v) >>> shift) & MASK]++] = v;
            }
            double[] swap = from;
            from = to;
            to = swap;
        }
        if (from != a) {
            System.arraycopy(from, 0, a, 0, n);
        }
    }

    /**
     * The key whose unsigned order is the order of {@code Arrays.sort}: NaN is collapsed to the
     * canonical NaN (as {@link Double#doubleToLongBits} does), which sorts after +infinity.
     */
    static long key(double v) {
        long bits = Double.doubleToLongBits(v);
        return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    static double value(long key) {
        return Double.longBitsToDouble(key ^ (((~key) >> 63) | Long.MIN_VALUE));
    }
}
