package org.mlops4j.monitoring.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.schema.Feature;

/**
 * The drift verdict of a whole dataset: the per-feature results and the (optionally weighted)
 * share of drifted features, compared with a threshold.
 *
 * @param verdict DRIFT when the drifted share reaches the threshold, INSUFFICIENT_DATA when the
 *     current sample is below the minimum size or no feature had enough data, TEST_FAILED when no
 *     feature could be decided because at least one feature's test threw
 * @param driftedShare the weighted share of drifted features among those that have a result (NaN
 *     when none has)
 * @param shareThreshold the share that means dataset drift
 * @param correction the multiple-testing correction applied
 * @param features every feature's result, in schema order
 */
public record DatasetDriftReport(Verdict verdict, double driftedShare, double shareThreshold,
                                 MultipleTesting correction, List<FeatureDrift> features) {

    /**
     * Validates and freezes the components.
     *
     * @param verdict DRIFT when the drifted share reaches the threshold, INSUFFICIENT_DATA when the
     *     current sample is below the minimum size or no feature had enough data, TEST_FAILED when no
     *     feature could be decided because at least one feature's test threw
     * @param driftedShare the weighted share of drifted features among those that have a result (NaN
     *     when none has)
     * @param shareThreshold the share that means dataset drift
     * @param correction the multiple-testing correction applied
     * @param features every feature's result, in schema order
     */
    public DatasetDriftReport {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(correction, "correction");
        features = List.copyOf(features);
    }

    /**
     * Assembles the report of features that weigh 1 each from their results, as the monitor's window
     * check and {@code mlops-spark}'s DataFrame drift do: the p-values corrected together (features
     * without a result left out), each feature's verdict (a distance's own decision when it has no
     * p-value), and the dataset's from the share of drifted features among those with a result.
     *
     * @param features the features, in schema order
     * @param results per feature, its test's result, or null when it had too little data or its test
     *     failed
     * @param failed per feature, whether its test failed (threw)
     * @param sizes per feature, the reference's and the current's non-missing values (each capped at
     *     {@link Integer#MAX_VALUE} in the report)
     * @param correction the multiple-testing correction
     * @param shareThreshold the share of drifted features that means dataset drift
     * @return the report: TEST_FAILED when no feature had a result and one failed, INSUFFICIENT_DATA
     *     when none had a result and none failed
     * @throws IllegalArgumentException if the arrays do not have one entry per feature
     */
    public static DatasetDriftReport of(List<Feature> features, DriftResult[] results, boolean[] failed,
                                        long[][] sizes, MultipleTesting correction, double shareThreshold) {
        Objects.requireNonNull(correction, "correction");
        if (results.length != features.size() || failed.length != features.size() || sizes.length != features.size()) {
            throw new IllegalArgumentException("results, failed and sizes must have one entry per feature ("
                    + features.size() + ") but had " + results.length + ", " + failed.length + " and " + sizes.length);
        }
        double[] raw = new double[results.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = results[i] == null ? Double.NaN : results[i].pValue();
        }
        double[] adjusted = correction.adjust(raw);
        List<FeatureDrift> out = new ArrayList<>();
        int drifted = 0;
        int evaluated = 0;
        boolean anyFailed = false;
        for (int i = 0; i < features.size(); i++) {
            String name = features.get(i).name();
            DriftResult r = results[i];
            int refSize = (int) Math.min(sizes[i][0], Integer.MAX_VALUE);
            int curSize = (int) Math.min(sizes[i][1], Integer.MAX_VALUE);
            if (r == null) {
                anyFailed |= failed[i];
                out.add(new FeatureDrift(name, failed[i] ? Verdict.TEST_FAILED : Verdict.INSUFFICIENT_DATA,
                        Optional.empty(), Double.NaN, refSize, curSize));
                continue;
            }
            boolean drift = r.hasPValue() ? adjusted[i] < r.threshold() : r.drifted();
            evaluated++;
            if (drift) {
                drifted++;
            }
            out.add(new FeatureDrift(name, drift ? Verdict.DRIFT : Verdict.NO_DRIFT, Optional.of(r), adjusted[i],
                    refSize, curSize));
        }
        if (evaluated == 0) {
            return new DatasetDriftReport(anyFailed ? Verdict.TEST_FAILED : Verdict.INSUFFICIENT_DATA, Double.NaN,
                    shareThreshold, correction, out);
        }
        double share = (double) drifted / evaluated;
        return new DatasetDriftReport(share >= shareThreshold ? Verdict.DRIFT : Verdict.NO_DRIFT, share,
                shareThreshold, correction, out);
    }

    /** @return the names of the drifted features, in schema order */
    public List<String> driftedFeatures() {
        return features.stream().filter(f -> f.verdict() == Verdict.DRIFT).map(FeatureDrift::feature).toList();
    }
}
