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

    /**
     * Counts of two encoded samples, equal to {@link #of} on their decoded labels: the union of
     * their categories, the reference's in first-seen order, then the current's new ones in
     * first-seen order. Hashes only the labels of the categories seen.
     */
    static CategoryCounts of(CategoryCodes reference, CategoryCodes current) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        // Both count maps are in first-seen order, so the union is the label path's order.
        return ofCounts(reference.counts(), current.counts());
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

    /**
     * Counts of two samples given as counts per category: the union in first-seen order,
     * reference categories first, exactly as {@link #of} orders the expanded samples. A category
     * with a count of zero is not seen, as in the expanded sample, so it neither adds an empty
     * column (which would make chi-square's expected count zero) nor moves a category's place.
     */
    static CategoryCounts ofCounts(Map<String, Long> reference, Map<String, Long> current) {
        Map<String, Integer> index = new java.util.LinkedHashMap<>();
        check(reference, "reference").forEach((k, n) -> {
            if (n > 0) {
                index.putIfAbsent(k, index.size());
            }
        });
        check(current, "current").forEach((k, n) -> {
            if (n > 0) {
                index.putIfAbsent(k, index.size());
            }
        });
        long[] ref = new long[index.size()];
        long[] cur = new long[index.size()];
        reference.forEach((k, n) -> {
            if (n > 0) {
                ref[index.get(k)] = n;
            }
        });
        current.forEach((k, n) -> {
            if (n > 0) {
                cur[index.get(k)] = n;
            }
        });
        return new CategoryCounts(ref, cur);
    }

    /** Expands counts per category into a label array, category by category in map order. */
    static String[] expand(Map<String, Long> counts, String name) {
        long total = 0;
        for (long n : check(counts, name).values()) {
            total += n;
        }
        String[] out = new String[Math.toIntExact(total)];
        int i = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            for (long k = 0; k < e.getValue(); k++) {
                out[i++] = e.getKey();
            }
        }
        return out;
    }

    private static Map<String, Long> check(Map<String, Long> counts, String name) {
        Objects.requireNonNull(counts, name);
        long total = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            Objects.requireNonNull(e.getKey(), "category of " + name);
            long n = Objects.requireNonNull(e.getValue(), "count of " + name + " category '" + e.getKey() + "'");
            if (n < 0) {
                throw new IllegalArgumentException("count of " + name + " category '" + e.getKey()
                        + "' must not be negative but was " + n);
            }
            total += n;
        }
        if (total == 0) {
            throw new IllegalArgumentException(name + " sample must not be empty");
        }
        return counts;
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
