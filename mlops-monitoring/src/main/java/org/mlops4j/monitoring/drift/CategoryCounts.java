package org.mlops4j.monitoring.drift;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Counts of two categorical samples over the union of their categories, in first-seen order. */
final class CategoryCounts {

    final long[] reference;
    final long[] current;
    final long referenceTotal;
    final long currentTotal;

    private CategoryCounts(long[] reference, long[] current) {
        this.reference = reference;
        this.current = current;
        this.referenceTotal = sum(reference);
        this.currentTotal = sum(current);
    }

    static CategoryCounts of(String[] reference, String[] current) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        if (reference.length == 0) {
            throw new IllegalArgumentException("reference sample must not be empty");
        }
        if (current.length == 0) {
            throw new IllegalArgumentException("current sample must not be empty");
        }
        Map<String, Integer> index = new HashMap<>();
        int[] refIdx = indices(reference, "reference", index);
        int[] curIdx = indices(current, "current", index);
        long[] refCounts = new long[index.size()];
        long[] curCounts = new long[index.size()];
        for (int i : refIdx) {
            refCounts[i]++;
        }
        for (int i : curIdx) {
            curCounts[i]++;
        }
        return new CategoryCounts(refCounts, curCounts);
    }

    private static int[] indices(String[] sample, String name, Map<String, Integer> index) {
        int[] out = new int[sample.length];
        for (int i = 0; i < sample.length; i++) {
            String label = sample[i];
            if (label == null) {
                throw new NullPointerException(name + "[" + i + "] must not be null");
            }
            Integer k = index.get(label);
            if (k == null) {
                k = index.size();
                index.put(label, k);
            }
            out[i] = k;
        }
        return out;
    }

    int categories() {
        return reference.length;
    }

    double referenceShare(int k) {
        return (double) reference[k] / referenceTotal;
    }

    double currentShare(int k) {
        return (double) current[k] / currentTotal;
    }

    private static long sum(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }
}
