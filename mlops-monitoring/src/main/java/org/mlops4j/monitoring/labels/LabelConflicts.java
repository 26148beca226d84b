package org.mlops4j.monitoring.labels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds rows of a labelled dataset whose inputs are identical, or near-identical, but whose labels
 * differ.
 *
 * <p>Identical: equal feature maps, numbers compared by their double value (1 and 1.0 are the same
 * input); found by hashing in O(n).
 *
 * <p>Near-identical: the Gower distance (Gower 1971), the mean over the union of feature names of a
 * per-feature distance in [0, 1]: |a - b| / range for two numbers, where range is the feature's max
 * minus min over all rows (0 when the range is 0); otherwise 0 when the values are equal (a missing
 * feature is null) and 1 when not. Rows at distance at most the threshold are linked and each
 * connected component with two or more labels is a group. Every pair is compared, O(n^2) in time,
 * so the search is refused above {@link #MAX_NEAR_ROWS} rows.
 */
public final class LabelConflicts {

    /** The most rows the near-duplicate search accepts (about 1.25e9 pairs). */
    public static final int MAX_NEAR_ROWS = 50_000;

    private LabelConflicts() {
    }

    /**
     * Finds groups of identical inputs with different labels.
     *
     * @param features each row's features
     * @param labels each row's label, in the same order
     * @return the report, with no near search
     * @throws IllegalArgumentException if the lists differ in length, have fewer than 2 rows or hold a
     *     null row or label
     */
    public static LabelConflictReport find(List<? extends Map<String, ?>> features, List<?> labels) {
        validate(features, labels);
        return new LabelConflictReport(features.size(), Double.NaN, identical(features, labels), List.of());
    }

    /**
     * Finds groups of identical inputs with different labels and groups of near-identical ones.
     *
     * @param features each row's features
     * @param labels each row's label, in the same order
     * @param threshold the largest Gower distance, in [0, 1], that links two rows
     * @return the report
     * @throws IllegalArgumentException if the lists differ in length, have fewer than 2 or more than
     *     {@link #MAX_NEAR_ROWS} rows, hold a null row or label, or the threshold is outside [0, 1]
     */
    public static LabelConflictReport find(List<? extends Map<String, ?>> features, List<?> labels,
                                           double threshold) {
        validate(features, labels);
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1] but was " + threshold);
        }
        int n = features.size();
        if (n > MAX_NEAR_ROWS) {
            throw new IllegalArgumentException("rows must be at most " + MAX_NEAR_ROWS
                    + " for the near-duplicate search (O(n^2)) but was " + n);
        }
        return new LabelConflictReport(n, threshold, identical(features, labels), near(features, labels, threshold));
    }

    /** The Gower distance of two rows given each feature's numeric range (absent: not numeric). */
    static double distance(Map<String, ?> a, Map<String, ?> b, Map<String, Double> ranges) {
        Set<String> names = new HashSet<>(a.keySet());
        names.addAll(b.keySet());
        if (names.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (String name : names) {
            Object x = a.get(name);
            Object y = b.get(name);
            if (x instanceof Number nx && y instanceof Number ny) {
                // The range spans both values, so the quotient is in [0, 1]; a range of 0 means equal.
                double range = ranges.get(name);
                if (range > 0) {
                    sum += Math.abs(nx.doubleValue() - ny.doubleValue()) / range;
                }
            } else if (!Objects.equals(normal(x), normal(y))) {
                sum += 1;
            }
        }
        return sum / names.size();
    }

    /** Each numeric feature's max minus min over all rows. */
    static Map<String, Double> ranges(List<? extends Map<String, ?>> features) {
        Map<String, double[]> minMax = new HashMap<>();
        for (Map<String, ?> row : features) {
            for (Map.Entry<String, ?> e : row.entrySet()) {
                if (e.getValue() instanceof Number v) {
                    double d = v.doubleValue();
                    double[] m = minMax.computeIfAbsent(e.getKey(), k -> new double[] {d, d});
                    m[0] = Math.min(m[0], d);
                    m[1] = Math.max(m[1], d);
                }
            }
        }
        Map<String, Double> out = new HashMap<>();
        minMax.forEach((k, m) -> out.put(k, m[1] - m[0]));
        return out;
    }

    private static void validate(List<? extends Map<String, ?>> features, List<?> labels) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (features.size() != labels.size()) {
            throw new IllegalArgumentException("features and labels must have one entry per row but had "
                    + features.size() + " and " + labels.size());
        }
        if (features.size() < 2) {
            throw new IllegalArgumentException("rows must be at least 2 but was " + features.size());
        }
        for (int i = 0; i < labels.size(); i++) {
            if (features.get(i) == null) {
                throw new IllegalArgumentException("features[" + i + "] must be a map but was null");
            }
            if (labels.get(i) == null) {
                throw new IllegalArgumentException("labels[" + i + "] must be a label but was null");
            }
        }
    }

    private static Object normal(Object value) {
        return value instanceof Number n ? (Object) n.doubleValue() : value;
    }

    private static List<ConflictGroup> identical(List<? extends Map<String, ?>> features, List<?> labels) {
        Map<Map<String, Object>, List<Integer>> byInput = new LinkedHashMap<>();
        for (int i = 0; i < features.size(); i++) {
            Map<String, Object> key = new HashMap<>();
            features.get(i).forEach((k, v) -> key.put(k, normal(v)));
            byInput.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        List<ConflictGroup> out = new ArrayList<>();
        for (List<Integer> rows : byInput.values()) {
            addIfConflicting(rows, labels, out);
        }
        return out;
    }

    private static List<ConflictGroup> near(List<? extends Map<String, ?>> features, List<?> labels,
                                            double threshold) {
        int n = features.size();
        Map<String, Double> ranges = ranges(features);
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (distance(features.get(i), features.get(j), ranges) <= threshold) {
                    parent[root(parent, i)] = root(parent, j);
                }
            }
        }
        Map<Integer, List<Integer>> components = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            components.computeIfAbsent(root(parent, i), k -> new ArrayList<>()).add(i);
        }
        List<ConflictGroup> out = new ArrayList<>();
        for (List<Integer> rows : components.values()) {
            addIfConflicting(rows, labels, out);
        }
        out.sort((x, y) -> Integer.compare(x.rows().get(0), y.rows().get(0)));
        return out;
    }

    private static int root(int[] parent, int i) {
        int r = i;
        while (parent[r] != r) {
            parent[r] = parent[parent[r]];
            r = parent[r];
        }
        return r;
    }

    private static void addIfConflicting(List<Integer> rows, List<?> labels, List<ConflictGroup> out) {
        if (rows.size() < 2) {
            return;
        }
        List<Object> rowLabels = new ArrayList<>();
        Set<Object> distinct = new HashSet<>();
        for (int r : new TreeSet<>(rows)) {
            rowLabels.add(labels.get(r));
            distinct.add(labels.get(r));
        }
        if (distinct.size() > 1) {
            out.add(new ConflictGroup(List.copyOf(new TreeSet<>(rows)), rowLabels));
        }
    }
}
