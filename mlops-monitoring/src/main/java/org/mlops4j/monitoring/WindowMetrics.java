package org.mlops4j.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.monitoring.alert.DriftedFeature;

/**
 * The metrics of one completed window of predictions of one model variant.
 *
 * @param endpoint the endpoint
 * @param variant the variant
 * @param model the model version, {@code name/version}
 * @param window the window's number, from 1
 * @param end when the window closed
 * @param predictions predictions in the window, failed ones included
 * @param errorRatio failed predictions / predictions
 * @param latencyP50Seconds median latency of the window, in seconds
 * @param latencyP95Seconds 95th percentile latency, in seconds
 * @param latencyP99Seconds 99th percentile latency, in seconds
 * @param throughputPerSecond predictions per second over the window's wall time (NaN for a window of one instant)
 * @param missingRatio per feature, missing values / predictions (schema required)
 * @param outOfRangeRatio per feature, out-of-range or unknown-category values / predictions
 * @param nonFinite NaN or infinite input values in the window
 * @param nullOutputRatio null or empty answers / successful predictions
 * @param lowConfidenceRatio answers with confidence below the threshold / answers with a confidence
 * @param predictionShares share of each predicted label among successful predictions
 * @param driftedFeatures input features that drifted against the reference, most drifted first
 * @param driftedShare share of drifted features (NaN without a reference or with too little data)
 */
public record WindowMetrics(String endpoint, String variant, String model, long window, Instant end,
                            long predictions, double errorRatio, double latencyP50Seconds, double latencyP95Seconds,
                            double latencyP99Seconds, double throughputPerSecond, Map<String, Double> missingRatio,
                            Map<String, Double> outOfRangeRatio, long nonFinite, double nullOutputRatio,
                            double lowConfidenceRatio, Map<String, Double> predictionShares,
                            List<DriftedFeature> driftedFeatures, double driftedShare) {

    /** Validates and freezes the components. */
    public WindowMetrics {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(end, "end");
        missingRatio = Map.copyOf(missingRatio);
        outOfRangeRatio = Map.copyOf(outOfRangeRatio);
        predictionShares = Map.copyOf(predictionShares);
        driftedFeatures = List.copyOf(driftedFeatures);
    }

    /** @return the largest per-feature missing ratio, 0 without a schema */
    public double maxMissingRatio() {
        return missingRatio.values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
    }
}
