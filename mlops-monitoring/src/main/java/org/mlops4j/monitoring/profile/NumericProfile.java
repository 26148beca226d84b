package org.mlops4j.monitoring.profile;

import java.util.Map;
import java.util.Objects;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.apache.datasketches.memory.Memory;
import org.mlops4j.core.schema.Feature;

/**
 * The profile of a numeric feature: counts, exact moments by Welford's update merged with Chan,
 * Golub and LeVeque's formula, and a KLL sketch for quantiles.
 */
final class NumericProfile implements FeatureProfile {

    private static final int DECILES = 10;

    private final Feature feature;
    private final KllDoublesSketch sketch;
    private long missing;
    private long invalid;
    private long nonFinite;
    private long valid;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private double mean;
    /** Sum of squared deviations from the mean (Welford's M2). */
    private double m2;

    NumericProfile(Feature feature, int k) {
        this(feature, KllDoublesSketch.newHeapInstance(k));
    }

    private NumericProfile(Feature feature, KllDoublesSketch sketch) {
        this.feature = feature;
        this.sketch = sketch;
    }

    /** Rebuilds a profile from its persisted state; checks that the counts agree. */
    static NumericProfile restore(Feature feature, long missing, long invalid, long nonFinite, double min,
                                  double max, double mean, double m2, byte[] sketchBytes) {
        KllDoublesSketch sketch = KllDoublesSketch.heapify(Memory.wrap(sketchBytes));
        NumericProfile p = new NumericProfile(feature, sketch);
        p.missing = missing;
        p.invalid = invalid;
        p.nonFinite = nonFinite;
        p.valid = sketch.getN();
        p.min = min;
        p.max = max;
        p.mean = mean;
        p.m2 = m2;
        if (missing < 0 || invalid < 0 || nonFinite < 0) {
            throw new IllegalArgumentException("counts of feature '" + feature.name() + "' must not be negative but were missing="
                    + missing + ", invalid=" + invalid + ", nonFinite=" + nonFinite);
        }
        return p;
    }

    @Override
    public Feature feature() {
        return feature;
    }

    @Override
    public void update(Object value) {
        // The common boxed type first: a Double needs no virtual doubleValue() call.
        if (value instanceof Double d) {
            add(d);
        } else if (value == null) {
            missing++;
        } else if (!(value instanceof Number) || value instanceof Boolean) {
            invalid++;
        } else {
            add(((Number) value).doubleValue());
        }
    }

    private void add(double x) {
        if (!Double.isFinite(x)) {
            nonFinite++;
            return;
        }
        valid++;
        if (valid == 1) {
            min = x;
            max = x;
        } else {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double delta = x - mean;
        mean += delta / valid;
        m2 += delta * (x - mean);
        // No lock: a profile is confined to one thread while it is updated (see FeatureProfile), and
        // a profile that is read concurrently (a ReferenceProfile's) is never updated again.
        sketch.update(x);
    }

    @Override
    public void merge(FeatureProfile other) {
        Objects.requireNonNull(other, "other");
        if (other == this) {
            // Merging a sketch into itself would read it while writing it.
            merge(copy());
            return;
        }
        if (!(other instanceof NumericProfile o) || !o.feature.name().equals(feature.name())) {
            throw new IllegalArgumentException("cannot merge a profile of " + other.feature().type() + " feature '"
                    + other.feature().name() + "' into one of NUMERIC feature '" + feature.name() + "'");
        }
        missing += o.missing;
        invalid += o.invalid;
        nonFinite += o.nonFinite;
        if (o.valid > 0) {
            if (valid == 0) {
                min = o.min;
                max = o.max;
                mean = o.mean;
                m2 = o.m2;
            } else {
                // Chan, Golub and LeVeque (1979): combine two partial means and M2 sums.
                long n = valid + o.valid;
                double delta = o.mean - mean;
                mean += delta * o.valid / n;
                m2 += o.m2 + delta * delta * ((double) valid * o.valid / n);
                min = Math.min(min, o.min);
                max = Math.max(max, o.max);
            }
            valid += o.valid;
            KllDoublesSketch theirs = KllDoublesSketch.heapify(Memory.wrap(o.sketchBytes()));
            synchronized (sketch) {
                sketch.merge(theirs);
            }
        }
    }

    @Override
    public FeatureProfile copy() {
        return restore(feature, missing, invalid, nonFinite, min, max, mean, m2, sketchBytes());
    }

    /** The KLL sketch in its compact serialized form. */
    byte[] sketchBytes() {
        synchronized (sketch) {
            return sketch.toByteArray();
        }
    }

    /*
     * Reads of the sketch go through its lock: a KLL sketch builds and caches its sorted view on
     * the first read, so even reads mutate it, and a reference profile is read by every window's
     * analysis, possibly on several threads.
     */

    /** The ranks of the points in the sketch. */
    double[] ranks(double[] points, QuantileSearchCriteria criteria) {
        synchronized (sketch) {
            return sketch.getRanks(points, criteria);
        }
    }

    /** The sketch's retained items, sorted. */
    double[] sortedItems() {
        synchronized (sketch) {
            return sketch.getSortedView().getQuantiles();
        }
    }

    /** The sketch's normalized rank error, 0 while it holds every value exactly. */
    double rankError() {
        synchronized (sketch) {
            return sketch.isEstimationMode() ? sketch.getNormalizedRankError(false) : 0.0;
        }
    }

    /** Welford's M2, for persistence. */
    double m2() {
        return m2;
    }

    @Override
    public long count() {
        return missing + invalid + nonFinite + valid;
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
        return nonFinite;
    }

    @Override
    public long valid() {
        return valid;
    }

    @Override
    public double min() {
        return min;
    }

    @Override
    public double max() {
        return max;
    }

    @Override
    public double mean() {
        return valid == 0 ? Double.NaN : mean;
    }

    @Override
    public double variance() {
        return valid < 2 ? Double.NaN : m2 / (valid - 1);
    }

    @Override
    public double quantile(double q) {
        if (!(q >= 0.0 && q <= 1.0)) {
            throw new IllegalArgumentException("q must be in [0, 1] but was " + q);
        }
        if (valid == 0) {
            throw new IllegalStateException("feature '" + feature.name() + "' has no valid value to take a quantile of");
        }
        synchronized (sketch) {
            return sketch.getQuantile(q);
        }
    }

    @Override
    public double[] psiEdges() {
        double[] edges = new double[DECILES - 1];
        for (int k = 1; k < DECILES; k++) {
            edges[k - 1] = quantile(k / (double) DECILES);
        }
        return edges;
    }

    @Override
    public Map<String, Long> categoryCounts() {
        throw notCategorical();
    }

    @Override
    public long otherCount() {
        throw notCategorical();
    }

    @Override
    public Map<String, Double> categoryShares() {
        throw notCategorical();
    }

    private IllegalStateException notCategorical() {
        return new IllegalStateException("feature '" + feature.name() + "' is NUMERIC: it has quantiles, not categories");
    }

    @Override
    public String toString() {
        return "FeatureProfile[" + feature.name() + " NUMERIC, count=" + count() + ", missing=" + missing + ", invalid="
                + invalid + ", nonFinite=" + nonFinite + ", min=" + min + ", max=" + max + ", mean=" + mean() + "]";
    }
}
