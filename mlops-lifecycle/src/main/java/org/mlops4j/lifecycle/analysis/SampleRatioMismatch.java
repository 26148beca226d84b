package org.mlops4j.lifecycle.analysis;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.commons.math3.special.Gamma;

/**
 * A sample-ratio-mismatch (SRM) check: whether the numbers of units that reached each variant fit
 * the configured traffic split. A mismatch means the assignment or the logging is broken (a
 * variant that crashes before logging, a bot filter that hits one side), and then any comparison
 * of the variants is suspect (Fabijan et al., "Diagnosing sample ratio mismatch in online
 * controlled experiments", KDD 2019).
 *
 * <p><b>Test.</b> Pearson's chi-square goodness of fit, as {@code scipy.stats.chisquare(observed,
 * f_exp)}: with {@code N} units in all and weights {@code w} (any positive scale), the expected
 * count of variant {@code i} is {@code N * w_i / sum(w)}, the statistic is
 * {@code sum((o_i - e_i)^2 / e_i)} with {@code k - 1} degrees of freedom, and the p-value is its
 * chi-square upper tail (the regularised upper incomplete gamma function, accurate for tiny
 * p-values). {@link #mismatch()} is {@code p < threshold}; the default threshold 0.001 is the
 * one the SRM literature recommends, strict because the check runs on every analysis and a false
 * alarm blocks a rollout.
 *
 * @param chiSquare        the chi-square statistic
 * @param degreesOfFreedom number of variants minus one
 * @param pValue           upper-tail p-value of the statistic
 * @param threshold        p-value below which the split is a mismatch
 * @param observed         units per variant, sorted by name
 * @param expected         expected units per variant under the configured split, sorted by name
 */
public record SampleRatioMismatch(double chiSquare, int degreesOfFreedom, double pValue,
                                  double threshold, Map<String, Long> observed,
                                  Map<String, Double> expected) {

    /** The default p-value threshold, 0.001. */
    public static final double DEFAULT_THRESHOLD = 0.001;

    /**
     * Copies the maps and checks the threshold.
     *
     * @param chiSquare the chi-square statistic
     * @param degreesOfFreedom number of variants minus one
     * @param pValue upper-tail p-value of the statistic
     * @param threshold p-value below which the split is a mismatch
     * @param observed units per variant, sorted by name
     * @param expected expected units per variant under the configured split, sorted by name
     * @throws NullPointerException     if a map is null
     * @throws IllegalArgumentException if the threshold is outside {@code (0, 1)}
     */
    public SampleRatioMismatch {
        checkThreshold(threshold);
        observed = Collections.unmodifiableMap(new TreeMap<>(observed));
        expected = Collections.unmodifiableMap(new TreeMap<>(expected));
    }

    /**
     * Checks observed counts against a configured split at the default threshold 0.001.
     *
     * @param observed units per variant; every count {@code >= 0}, not all 0
     * @param weights  configured share per variant, the same variants as {@code observed}; every
     *                 weight finite and {@code > 0}; they need not sum to 1
     * @return the check
     * @throws NullPointerException     if a map is null
     * @throws IllegalArgumentException if there are fewer than 2 variants, the maps name different
     *                                  variants, a count is negative or null, the counts sum to 0,
     *                                  or a weight is not finite and positive
     */
    public static SampleRatioMismatch check(Map<String, Long> observed, Map<String, Double> weights) {
        return check(observed, weights, DEFAULT_THRESHOLD);
    }

    /**
     * Checks observed counts against a configured split.
     *
     * @param observed  units per variant, as for {@link #check(Map, Map)}
     * @param weights   configured share per variant, as for {@link #check(Map, Map)}
     * @param threshold p-value below which the split is a mismatch, in {@code (0, 1)}
     * @return the check
     * @throws NullPointerException     if a map is null
     * @throws IllegalArgumentException as for {@link #check(Map, Map)}, or if the threshold is
     *                                  outside {@code (0, 1)}
     */
    public static SampleRatioMismatch check(Map<String, Long> observed, Map<String, Double> weights,
                                            double threshold) {
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(weights, "weights");
        checkThreshold(threshold);
        if (observed.size() < 2) {
            throw new IllegalArgumentException(
                    "observed must hold at least 2 variants but held " + observed.keySet());
        }
        if (!observed.keySet().equals(weights.keySet())) {
            throw new IllegalArgumentException("weights must name the variants of observed "
                    + new TreeMap<>(observed).keySet() + " but named "
                    + new TreeMap<>(weights).keySet());
        }
        TreeMap<String, Long> counts = new TreeMap<>(observed);
        long total = 0;
        double weightSum = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            Long count = e.getValue();
            if (count == null || count < 0) {
                throw new IllegalArgumentException("observed count of variant '" + e.getKey()
                        + "' must be >= 0 but was " + count);
            }
            Double weight = weights.get(e.getKey());
            if (weight == null || !(weight > 0) || weight.isInfinite()) {
                throw new IllegalArgumentException("weight of variant '" + e.getKey()
                        + "' must be finite and > 0 but was " + weight);
            }
            total = Math.addExact(total, count);
            weightSum += weight;
        }
        if (total == 0) {
            throw new IllegalArgumentException("observed counts must sum to > 0 but summed to 0");
        }
        TreeMap<String, Double> expected = new TreeMap<>();
        double statistic = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            double e0 = (double) total * weights.get(e.getKey()) / weightSum;
            double diff = e.getValue() - e0;
            statistic += diff * diff / e0;
            expected.put(e.getKey(), e0);
        }
        int df = counts.size() - 1;
        double p = Gamma.regularizedGammaQ(df / 2.0, statistic / 2.0);
        return new SampleRatioMismatch(statistic, df, p, threshold, counts, expected);
    }

    /**
     * Whether the observed split is unlikely under the configured one.
     *
     * @return {@code pValue() < threshold()}
     */
    public boolean mismatch() {
        return pValue < threshold;
    }

    private static void checkThreshold(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1) but was " + threshold);
        }
    }
}
