package org.mlops4j.monitoring.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.monitoring.profile.FeatureProfile;

/**
 * The distribution of one feature in the reference and in the current data, as shares per bin or per category.
 *
 * <p>For a numeric feature the bins are {@value #NUMERIC_BINS} equal-width intervals spanning the smaller minimum and
 * the larger maximum of the two profiles, except that a long tail (reaching further than a tenth of the range between
 * the smaller 1st and the larger 99th percentile) is cut at that percentile and pooled into the end bin, whose label
 * then reads {@code (-inf, ...} or {@code ..., inf)}, so that a few outliers do not squeeze the rest into one bin. The mass of each profile in a bin is read off its quantile
 * sketch (a piecewise-linear inverse of {@link FeatureProfile#quantile(double)}), so it is an estimate whose error is
 * that of the sketch. For a categorical or boolean feature the bins are the categories, ordered by reference share, with at most
 * {@value #MAX_CATEGORIES} shown and the rest (and the profiles' own overflow) pooled as {@value #OTHER}.
 *
 * @param feature the feature name
 * @param numeric whether the feature is numeric (bins are intervals) rather than categorical (bins are categories)
 * @param edges the {@code labels.size() + 1} bin edges of a numeric feature, empty for a categorical one
 * @param labels the bin labels: an interval or a category
 * @param reference the reference share of each bin, in [0, 1]
 * @param current the current share of each bin, in [0, 1]
 */
public record FeatureDistribution(String feature, boolean numeric, List<Double> edges, List<String> labels,
                                  List<Double> reference, List<Double> current) {

    /** Number of bins of a numeric feature. */
    public static final int NUMERIC_BINS = 20;
    /** Largest number of categories shown before the rest are pooled. */
    public static final int MAX_CATEGORIES = 15;
    /** Label of the pooled categories. */
    public static final String OTHER = "(other)";

    private static final int GRID = 200;
    /** Share of each profile left out of the numeric range at either end, pooled into the end bins. */
    private static final double TAIL = 0.01;
    /** A tail longer than this share of the central range is pooled into the end bin. */
    private static final double LONG_TAIL = 0.1;

    /**
     * Validates and copies the lists.
     *
     * @param feature the feature name
     * @param numeric whether the feature is numeric (bins are intervals) rather than categorical (bins are categories)
     * @param edges the {@code labels.size() + 1} bin edges of a numeric feature, empty for a categorical one
     * @param labels the bin labels: an interval or a category
     * @param reference the reference share of each bin, in [0, 1]
     * @param current the current share of each bin, in [0, 1]
     * @throws IllegalArgumentException if the lists do not have one entry per label (and one more edge)
     */
    public FeatureDistribution {
        Objects.requireNonNull(feature, "feature");
        edges = List.copyOf(edges);
        labels = List.copyOf(labels);
        reference = List.copyOf(reference);
        current = List.copyOf(current);
        if (reference.size() != labels.size() || current.size() != labels.size()) {
            throw new IllegalArgumentException("feature '" + feature + "' must have one share per label ("
                    + labels.size() + ") but has " + reference.size() + " and " + current.size());
        }
        if (numeric && edges.size() != labels.size() + 1) {
            throw new IllegalArgumentException("numeric feature '" + feature + "' must have " + (labels.size() + 1)
                    + " edges but has " + edges.size());
        }
    }

    /**
     * Bins two profiles of the same feature.
     *
     * @param reference the reference profile
     * @param current the current profile
     * @return the distribution
     * @throws IllegalArgumentException if the profiles describe different features
     */
    static FeatureDistribution of(FeatureProfile reference, FeatureProfile current) {
        String name = reference.feature().name();
        if (!current.feature().equals(reference.feature())) {
            throw new IllegalArgumentException("profiles must describe the same feature but were '" + name + "' and '"
                    + current.feature().name() + "'");
        }
        return reference.feature().type() == FeatureType.NUMERIC ? numeric(name, reference, current)
                : categorical(name, reference, current);
    }

    private static FeatureDistribution numeric(String name, FeatureProfile reference, FeatureProfile current) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (FeatureProfile p : List.of(reference, current)) {
            if (p.valid() > 0) {
                lo = Math.min(lo, p.quantile(TAIL));
                hi = Math.max(hi, p.quantile(1 - TAIL));
                min = Math.min(min, p.min());
                max = Math.max(max, p.max());
            }
        }
        if (min > max) {
            return new FeatureDistribution(name, true, List.of(), List.of(), List.of(), List.of());
        }
        if (!(lo < hi)) {
            lo = min;
            hi = max;
        }
        // Cut a tail only when it is long: beyond a tenth of the central range it would squeeze the rest.
        double central = hi - lo;
        if (lo - min <= LONG_TAIL * central) {
            lo = min;
        }
        if (max - hi <= LONG_TAIL * central) {
            hi = max;
        }
        int bins = lo == hi ? 1 : NUMERIC_BINS;
        boolean lowTail = min < lo;
        boolean highTail = max > hi;
        List<Double> edges = new ArrayList<>(bins + 1);
        for (int i = 0; i <= bins; i++) {
            edges.add(i == bins ? hi : lo + (hi - lo) * i / bins);
        }
        List<String> labels = new ArrayList<>(bins);
        for (int i = 0; i < bins; i++) {
            String from = i == 0 && lowTail ? "(-inf" : "[" + Numbers.format(edges.get(i));
            String to = i == bins - 1 ? (highTail ? "inf)" : Numbers.format(edges.get(i + 1)) + "]")
                    : Numbers.format(edges.get(i + 1)) + ")";
            labels.add(from + ", " + to);
        }
        return new FeatureDistribution(name, true, edges, labels, masses(reference, edges), masses(current, edges));
    }

    private static List<Double> masses(FeatureProfile p, List<Double> edges) {
        int bins = edges.size() - 1;
        List<Double> out = new ArrayList<>(bins);
        if (p.valid() == 0) {
            for (int i = 0; i < bins; i++) {
                out.add(0.0);
            }
            return out;
        }
        double[] grid = new double[GRID + 1];
        for (int i = 0; i <= GRID; i++) {
            grid[i] = p.quantile(i / (double) GRID);
        }
        double previous = 0.0;
        for (int i = 1; i <= bins; i++) {
            double cdf = i == bins ? 1.0 : cdf(grid, edges.get(i));
            out.add(Math.max(0.0, cdf - previous));
            previous = cdf;
        }
        return out;
    }

    private static double cdf(double[] grid, double x) {
        if (x < grid[0]) {
            return 0.0;
        }
        if (x >= grid[GRID]) {
            return 1.0;
        }
        int i = 0;
        while (i + 1 <= GRID && grid[i + 1] <= x) {
            i++;
        }
        double span = grid[i + 1] - grid[i];
        double within = span > 0 ? (x - grid[i]) / span : 0.0;
        return (i + within) / GRID;
    }

    private static FeatureDistribution categorical(String name, FeatureProfile reference, FeatureProfile current) {
        Map<String, double[]> shares = new LinkedHashMap<>();
        addShares(shares, reference, 0);
        addShares(shares, current, 1);
        List<Map.Entry<String, double[]>> sorted = new ArrayList<>(shares.entrySet());
        sorted.sort(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[0])
                .thenComparingDouble(e -> -e.getValue()[1]));
        List<String> labels = new ArrayList<>();
        List<Double> ref = new ArrayList<>();
        List<Double> cur = new ArrayList<>();
        double[] other = {share(reference.otherCount(), reference.valid()), share(current.otherCount(), current.valid())};
        for (int i = 0; i < sorted.size(); i++) {
            double[] s = sorted.get(i).getValue();
            if (i < MAX_CATEGORIES) {
                labels.add(sorted.get(i).getKey());
                ref.add(s[0]);
                cur.add(s[1]);
            } else {
                other[0] += s[0];
                other[1] += s[1];
            }
        }
        if (other[0] > 0 || other[1] > 0) {
            labels.add(OTHER);
            ref.add(other[0]);
            cur.add(other[1]);
        }
        return new FeatureDistribution(name, false, List.of(), labels, ref, cur);
    }

    private static void addShares(Map<String, double[]> shares, FeatureProfile p, int slot) {
        p.categoryCounts().forEach((k, c) -> shares.computeIfAbsent(k, x -> new double[2])[slot] = share(c, p.valid()));
    }

    private static double share(long count, long total) {
        return total == 0 ? 0.0 : (double) count / total;
    }
}
