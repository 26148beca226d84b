package org.mlops4j.monitoring.profile;

import java.util.Arrays;
import java.util.Objects;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.mlops4j.monitoring.drift.DriftResult;

/**
 * Drift statistics of two numeric {@link FeatureProfile}s computed from their KLL sketches alone,
 * for windows too large to keep exact values.
 *
 * <ul>
 *   <li>{@link #ks}: the two-sample Kolmogorov-Smirnov statistic D = max |F_ref(x) - F_cur(x)|
 *       (as {@code scipy.stats.ks_2samp}), with both CDFs read from the sketches (inclusive rank)
 *       at the union of their retained values. Each sketch's rank error is at most its normalized
 *       rank error e (about 0.0133 at k = 200, with 99% confidence; 0 while a sketch is exact), so
 *       |D - D_exact| is at most e_ref + e_cur. The p-value is conservative: the asymptotic
 *       Kolmogorov survival function (Smirnov 1948) at sqrt(m n / (m + n)) * max(D - e_ref - e_cur, 0),
 *       so sketch error alone does not declare drift, at the cost of missing shifts smaller than
 *       about e_ref + e_cur.</li>
 *   <li>{@link #psi}: the population stability index over the reference sketch's deciles
 *       ({@link FeatureProfile#psiEdges()}), with each bin's share read from the sketches'
 *       exclusive ranks (a value equal to an edge falls in the upper bin) and an empty share
 *       replaced by 0.0001, as in the exact {@code psi} of
 *       {@link org.mlops4j.monitoring.drift.DriftTests}.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class SketchDrift {

    /** The method name of {@link #ks} results. */
    public static final String KS = "ks_sketch";
    /** The method name of {@link #psi} results. */
    public static final String PSI = "psi_sketch";
    private static final double EMPTY_SHARE = 1e-4;

    private SketchDrift() {
    }

    /**
     * Approximates the Kolmogorov-Smirnov statistic from two numeric profiles' sketches.
     *
     * @param reference the reference profile
     * @param current the current profile
     * @return D in [0, 1]
     * @throws IllegalArgumentException if a profile is not numeric or has no valid value
     */
    public static double ksStatistic(FeatureProfile reference, FeatureProfile current) {
        return distance(sketch(reference, "reference"), sketch(current, "current"));
    }

    /**
     * Tests two numeric profiles with the sketch Kolmogorov-Smirnov statistic and its
     * conservative asymptotic p-value (see the class description).
     *
     * @param reference the reference profile
     * @param current the current profile
     * @param significance the significance level, in (0, 1)
     * @return the result, method {@value #KS}; drift when the p-value is below {@code significance}
     * @throws IllegalArgumentException if a profile is not numeric or has no valid value, or
     *     {@code significance} is outside (0, 1)
     */
    public static DriftResult ks(FeatureProfile reference, FeatureProfile current, double significance) {
        if (!(significance > 0 && significance < 1)) {
            throw new IllegalArgumentException("significance must be in (0, 1) but was " + significance);
        }
        NumericProfile r = sketch(reference, "reference");
        NumericProfile c = sketch(current, "current");
        double d = distance(r, c);
        double error = r.rankError() + c.rankError();
        double m = r.valid();
        double n = c.valid();
        double p = kolmogorovSurvival(Math.sqrt(m * n / (m + n)) * Math.max(d - error, 0.0));
        return new DriftResult(KS, d, p, significance, p < significance);
    }

    /**
     * Computes the population stability index of two numeric profiles from their sketches.
     *
     * @param reference the reference profile
     * @param current the current profile
     * @param threshold the PSI at which drift is declared, finite and positive
     * @return the result, method {@value #PSI}, no p-value
     * @throws IllegalArgumentException if a profile is not numeric or has no valid value, or
     *     {@code threshold} is not finite and positive
     */
    public static DriftResult psi(FeatureProfile reference, FeatureProfile current, double threshold) {
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite and positive but was " + threshold);
        }
        NumericProfile r = sketch(reference, "reference");
        NumericProfile c = sketch(current, "current");
        double[] edges = reference.psiEdges();
        double[] rBelow = r.ranks(edges, QuantileSearchCriteria.EXCLUSIVE);
        double[] cBelow = c.ranks(edges, QuantileSearchCriteria.EXCLUSIVE);
        double psi = 0.0;
        for (int k = 0; k <= edges.length; k++) {
            double rs = share(rBelow, k);
            double cs = share(cBelow, k);
            psi += (cs - rs) * Math.log(cs / rs);
        }
        return new DriftResult(PSI, psi, Double.NaN, threshold, psi >= threshold);
    }

    private static double share(double[] below, int bin) {
        double upper = bin == below.length ? 1.0 : below[bin];
        double lower = bin == 0 ? 0.0 : below[bin - 1];
        double s = upper - lower;
        return s <= 0.0 ? EMPTY_SHARE : s;
    }

    private static double distance(NumericProfile r, NumericProfile c) {
        double[] a = r.sortedItems();
        double[] b = c.sortedItems();
        double[] points = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, points, a.length, b.length);
        double[] fr = r.ranks(points, QuantileSearchCriteria.INCLUSIVE);
        double[] fc = c.ranks(points, QuantileSearchCriteria.INCLUSIVE);
        double d = 0.0;
        for (int i = 0; i < points.length; i++) {
            d = Math.max(d, Math.abs(fr[i] - fc[i]));
        }
        return Math.min(d, 1.0);
    }

    /**
     * Survival function of the Kolmogorov distribution, Q(t) = 2 sum (-1)^(k-1) exp(-2 k^2 t^2),
     * using the Jacobi theta form 1 - sqrt(2 pi) / t sum exp(-(2k-1)^2 pi^2 / (8 t^2)) for small t
     * where the alternating series converges slowly.
     */
    static double kolmogorovSurvival(double t) {
        if (t <= 0.0) {
            return 1.0;
        }
        double sum = 0.0;
        if (t < 1.18) {
            for (int k = 1; k <= 20; k++) {
                sum += Math.exp(-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * t * t));
            }
            return clamp(1.0 - Math.sqrt(2 * Math.PI) / t * sum);
        }
        for (int k = 1; k <= 100; k++) {
            sum += (k % 2 == 1 ? 2.0 : -2.0) * Math.exp(-2.0 * k * k * t * t);
        }
        return clamp(sum);
    }

    private static double clamp(double p) {
        return Math.min(Math.max(p, 0.0), 1.0);
    }

    private static NumericProfile sketch(FeatureProfile profile, String name) {
        Objects.requireNonNull(profile, name);
        if (!(profile instanceof NumericProfile n)) {
            throw new IllegalArgumentException(name + " profile of feature '" + profile.feature().name()
                    + "' must be NUMERIC but was " + profile.feature().type());
        }
        if (n.valid() == 0) {
            throw new IllegalArgumentException(name + " profile of feature '" + profile.feature().name()
                    + "' has no valid value");
        }
        return n;
    }
}
