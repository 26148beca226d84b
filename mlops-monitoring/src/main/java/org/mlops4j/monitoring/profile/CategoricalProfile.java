package org.mlops4j.monitoring.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;

/**
 * The profile of a categorical or boolean feature: exact counts of at most {@code maxCategories}
 * distinct values, plus an "other" bucket.
 *
 * <p>While updating, the first {@code maxCategories} distinct values seen are kept and later new
 * values go to the other bucket. On a merge, the union of both profiles' counts is kept when it
 * fits; otherwise the {@code maxCategories} most frequent (ties by name) are kept and the rest
 * are folded into the other bucket.
 */
final class CategoricalProfile implements FeatureProfile {

    private static final Comparator<Map.Entry<String, Long>> MOST_FREQUENT_FIRST =
            Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private final Feature feature;
    private final int maxCategories;
    private final boolean bool;
    /** One mutable counter per category, so that counting a value boxes nothing. */
    private final Map<String, long[]> counts = new HashMap<>();
    private long missing;
    private long invalid;
    private long valid;
    private long other;

    CategoricalProfile(Feature feature, int maxCategories) {
        this.feature = feature;
        this.maxCategories = maxCategories;
        this.bool = feature.type() == FeatureType.BOOLEAN;
    }

    /** Rebuilds a profile from its persisted state; checks that the counts agree. */
    static CategoricalProfile restore(Feature feature, int maxCategories, long missing, long invalid, long other,
                                      Map<String, Long> counts) {
        if (counts.size() > maxCategories) {
            throw new IllegalArgumentException("feature '" + feature.name() + "' must keep at most " + maxCategories
                    + " categories but has " + counts.size());
        }
        CategoricalProfile p = new CategoricalProfile(feature, maxCategories);
        p.missing = missing;
        p.invalid = invalid;
        p.other = other;
        p.valid = other;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            long c = Objects.requireNonNull(e.getValue(), "count");
            if (c <= 0) {
                throw new IllegalArgumentException("count of category '" + e.getKey() + "' of feature '" + feature.name()
                        + "' must be positive but was " + c);
            }
            p.counts.put(e.getKey(), new long[] {c});
            p.valid += c;
        }
        if (missing < 0 || invalid < 0 || other < 0) {
            throw new IllegalArgumentException("counts of feature '" + feature.name() + "' must not be negative but were missing="
                    + missing + ", invalid=" + invalid + ", other=" + other);
        }
        return p;
    }

    int maxCategories() {
        return maxCategories;
    }

    @Override
    public Feature feature() {
        return feature;
    }

    @Override
    public void update(Object value) {
        if (value == null) {
            missing++;
            return;
        }
        String key = key(value);
        if (key == null) {
            invalid++;
            return;
        }
        valid++;
        long[] c = counts.get(key);
        if (c != null) {
            c[0]++;
        } else if (counts.size() < maxCategories) {
            counts.put(key, new long[] {1});
        } else {
            other++;
        }
    }

    private String key(Object value) {
        if (bool) {
            return value instanceof Boolean ? value.toString() : null;
        }
        return value instanceof CharSequence ? value.toString() : null;
    }

    @Override
    public void merge(FeatureProfile other) {
        Objects.requireNonNull(other, "other");
        if (other == this) {
            // Merging a sketch into itself would read it while writing it.
            merge(copy());
            return;
        }
        if (!(other instanceof CategoricalProfile o) || !o.feature.name().equals(feature.name())
                || o.feature.type() != feature.type()) {
            throw new IllegalArgumentException("cannot merge a profile of " + other.feature().type() + " feature '"
                    + other.feature().name() + "' into one of " + feature.type() + " feature '" + feature.name() + "'");
        }
        missing += o.missing;
        invalid += o.invalid;
        valid += o.valid;
        this.other += o.other;
        o.counts.forEach((k, c) -> counts.computeIfAbsent(k, x -> new long[1])[0] += c[0]);
        if (counts.size() > maxCategories) {
            List<Map.Entry<String, Long>> sorted = entries();
            for (Map.Entry<String, Long> dropped : sorted.subList(maxCategories, sorted.size())) {
                this.other += dropped.getValue();
                counts.remove(dropped.getKey());
            }
        }
    }

    @Override
    public FeatureProfile copy() {
        CategoricalProfile p = new CategoricalProfile(feature, maxCategories);
        p.missing = missing;
        p.invalid = invalid;
        p.valid = valid;
        p.other = other;
        counts.forEach((k, c) -> p.counts.put(k, new long[] {c[0]}));
        return p;
    }

    /** The counts, most frequent first (ties by name). */
    private List<Map.Entry<String, Long>> entries() {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.size());
        counts.forEach((k, c) -> sorted.add(Map.entry(k, c[0])));
        sorted.sort(MOST_FREQUENT_FIRST);
        return sorted;
    }

    /** How many distinct categories are counted exactly. */
    int categories() {
        return counts.size();
    }

    @Override
    public long count() {
        return missing + invalid + valid;
    }

    @Override
    public long missing() {
        return missing;
    }

    @Override
    public long invalid() {
        return invalid;
    }

    @Override
    public long nonFinite() {
        return 0;
    }

    @Override
    public long valid() {
        return valid;
    }

    @Override
    public Map<String, Long> categoryCounts() {
        List<Map.Entry<String, Long>> sorted = entries();
        Map<String, Long> result = new LinkedHashMap<>();
        sorted.forEach(e -> result.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(result);
    }

    @Override
    public long otherCount() {
        return other;
    }

    @Override
    public Map<String, Double> categoryShares() {
        Map<String, Double> shares = new LinkedHashMap<>();
        categoryCounts().forEach((k, c) -> shares.put(k, (double) c / valid));
        return Collections.unmodifiableMap(shares);
    }

    @Override
    public double min() {
        throw notNumeric();
    }

    @Override
    public double max() {
        throw notNumeric();
    }

    @Override
    public double mean() {
        throw notNumeric();
    }

    @Override
    public double variance() {
        throw notNumeric();
    }

    @Override
    public double quantile(double q) {
        throw notNumeric();
    }

    @Override
    public double[] psiEdges() {
        throw notNumeric();
    }

    private IllegalStateException notNumeric() {
        return new IllegalStateException("feature '" + feature.name() + "' is " + feature.type()
                + ": it has categories, not numeric statistics");
    }

    @Override
    public String toString() {
        return "FeatureProfile[" + feature.name() + " " + feature.type() + ", count=" + count() + ", missing=" + missing
                + ", invalid=" + invalid + ", categories=" + counts.size() + ", other=" + other + "]";
    }
}
