package org.mlops4j.monitoring.drift;

import java.util.List;
import java.util.Objects;

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

    /** @return the names of the drifted features, in schema order */
    public List<String> driftedFeatures() {
        return features.stream().filter(f -> f.verdict() == Verdict.DRIFT).map(FeatureDrift::feature).toList();
    }
}
