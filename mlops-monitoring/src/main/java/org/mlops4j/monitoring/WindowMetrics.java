package org.mlops4j.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.DriftResult;

/**
 * The metrics of one completed window of predictions of one model variant.
 *
 * @param endpoint the endpoint
 * @param variant the variant
 * @param model the model version, {@code name/version}
 * @param window the window's number, from 1
 * @param start when the window opened: its first prediction, or the start of its time slot
 * @param end when the window closed
 * @param predictions predictions in the window, failed ones included
 * @param errorRatio failed predictions / predictions (timeouts included)
 * @param timeoutRatio predictions that timed out / predictions
 * @param unreadableInputRatio predictions whose input the monitor's feature extractor could not read
 *     / predictions (0 without a schema: no feature is read)
 * @param latencyP50Seconds median latency of the window, in seconds
 * @param latencyP95Seconds 95th percentile latency, in seconds
 * @param latencyP99Seconds 99th percentile latency, in seconds
 * @param throughputPerSecond predictions per second over the window's wall time (NaN for a window of one instant)
 * @param missingRatio per feature, missing values / predictions (schema required)
 * @param outOfRangeRatio per feature, out-of-range or wrong-type values / predictions
 * @param unseenCategoryRatio per categorical feature, values outside its categories / predictions
 * @param nonFinite NaN or infinite input values in the window
 * @param nullOutputRatio null or empty answers / successful predictions
 * @param lowConfidenceRatio answers with confidence below the threshold / answers with a confidence
 * @param confidenceP10 the 10th percentile of the answers' confidence (NaN when none had one)
 * @param confidenceP50 the median confidence (NaN when none had one)
 * @param predictionShares share of each predicted label among non-empty answers
 * @param outputQuantiles for numeric answers (a monitor whose output reader reads values, as
 *     {@code OutputReader.regressor(...)} does), the quantiles
 *     {@code p05}, {@code p50} and {@code p95} of the predicted values; empty otherwise
 * @param predictionDrift the drift test of the prediction distribution against the reference
 *     predictions; empty without reference predictions or with too few answers
 * @param driftedFeatures input features that drifted against the reference, most drifted first
 * @param driftedShare share of drifted features (NaN without a reference or with too little data)
 * @param inputDrift the window's drift check of every input feature against the reference (test,
 *     statistic, p-value and verdict per feature); empty without a reference
 */
public record WindowMetrics(String endpoint, String variant, String model, long window, Instant start, Instant end,
                            long predictions, double errorRatio, double timeoutRatio, double unreadableInputRatio,
                            double latencyP50Seconds,
                            double latencyP95Seconds, double latencyP99Seconds, double throughputPerSecond,
                            Map<String, Double> missingRatio, Map<String, Double> outOfRangeRatio,
                            Map<String, Double> unseenCategoryRatio, long nonFinite, double nullOutputRatio,
                            double lowConfidenceRatio, double confidenceP10, double confidenceP50,
                            Map<String, Double> predictionShares, Map<String, Double> outputQuantiles,
                            Optional<DriftResult> predictionDrift, List<DriftedFeature> driftedFeatures,
                            double driftedShare, Optional<DatasetDriftReport> inputDrift) {

    /**
     * Validates and freezes the components.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version, {@code name/version}
     * @param window the window's number, from 1
     * @param start when the window opened: its first prediction, or the start of its time slot
     * @param end when the window closed
     * @param predictions predictions in the window, failed ones included
     * @param errorRatio failed predictions / predictions (timeouts included)
     * @param timeoutRatio predictions that timed out / predictions
     * @param unreadableInputRatio predictions whose input the monitor's feature extractor could not read
     *     / predictions (0 without a schema: no feature is read)
     * @param latencyP50Seconds median latency of the window, in seconds
     * @param latencyP95Seconds 95th percentile latency, in seconds
     * @param latencyP99Seconds 99th percentile latency, in seconds
     * @param throughputPerSecond predictions per second over the window's wall time (NaN for a window of one instant)
     * @param missingRatio per feature, missing values / predictions (schema required)
     * @param outOfRangeRatio per feature, out-of-range or wrong-type values / predictions
     * @param unseenCategoryRatio per categorical feature, values outside its categories / predictions
     * @param nonFinite NaN or infinite input values in the window
     * @param nullOutputRatio null or empty answers / successful predictions
     * @param lowConfidenceRatio answers with confidence below the threshold / answers with a confidence
     * @param confidenceP10 the 10th percentile of the answers' confidence (NaN when none had one)
     * @param confidenceP50 the median confidence (NaN when none had one)
     * @param predictionShares share of each predicted label among non-empty answers
     * @param outputQuantiles for numeric answers (a monitor whose output reader reads values, as
     *     {@code OutputReader.regressor(...)} does), the quantiles
     *     {@code p05}, {@code p50} and {@code p95} of the predicted values; empty otherwise
     * @param predictionDrift the drift test of the prediction distribution against the reference
     *     predictions; empty without reference predictions or with too few answers
     * @param driftedFeatures input features that drifted against the reference, most drifted first
     * @param driftedShare share of drifted features (NaN without a reference or with too little data)
     * @param inputDrift the window's drift check of every input feature against the reference (test,
     *     statistic, p-value and verdict per feature); empty without a reference
     */
    public WindowMetrics {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(predictionDrift, "predictionDrift");
        Objects.requireNonNull(inputDrift, "inputDrift");
        missingRatio = Map.copyOf(missingRatio);
        outOfRangeRatio = Map.copyOf(outOfRangeRatio);
        unseenCategoryRatio = Map.copyOf(unseenCategoryRatio);
        predictionShares = Map.copyOf(predictionShares);
        outputQuantiles = Map.copyOf(outputQuantiles);
        driftedFeatures = List.copyOf(driftedFeatures);
    }

    /**
     * Metrics without the per-feature drift check ({@code inputDrift} empty), as before it was kept.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version, {@code name/version}
     * @param window the window's number, from 1
     * @param start when the window opened: its first prediction, or the start of its time slot
     * @param end when the window closed
     * @param predictions predictions in the window, failed ones included
     * @param errorRatio failed predictions / predictions (timeouts included)
     * @param timeoutRatio predictions that timed out / predictions
     * @param unreadableInputRatio predictions whose input the monitor's feature extractor could not read
     *     / predictions (0 without a schema: no feature is read)
     * @param latencyP50Seconds median latency of the window, in seconds
     * @param latencyP95Seconds 95th percentile latency, in seconds
     * @param latencyP99Seconds 99th percentile latency, in seconds
     * @param throughputPerSecond predictions per second over the window's wall time (NaN for a window of one instant)
     * @param missingRatio per feature, missing values / predictions (schema required)
     * @param outOfRangeRatio per feature, out-of-range or wrong-type values / predictions
     * @param unseenCategoryRatio per categorical feature, values outside its categories / predictions
     * @param nonFinite NaN or infinite input values in the window
     * @param nullOutputRatio null or empty answers / successful predictions
     * @param lowConfidenceRatio answers with confidence below the threshold / answers with a confidence
     * @param confidenceP10 the 10th percentile of the answers' confidence (NaN when none had one)
     * @param confidenceP50 the median confidence (NaN when none had one)
     * @param predictionShares share of each predicted label among non-empty answers
     * @param outputQuantiles for numeric answers (a monitor whose output reader reads values, as
     *     {@code OutputReader.regressor(...)} does), the quantiles
     *     {@code p05}, {@code p50} and {@code p95} of the predicted values; empty otherwise
     * @param predictionDrift the drift test of the prediction distribution against the reference
     *     predictions; empty without reference predictions or with too few answers
     * @param driftedFeatures input features that drifted against the reference, most drifted first
     * @param driftedShare share of drifted features (NaN without a reference or with too little data)
     */
    public WindowMetrics(String endpoint, String variant, String model, long window, Instant start, Instant end,
                         long predictions, double errorRatio, double timeoutRatio, double unreadableInputRatio,
                         double latencyP50Seconds, double latencyP95Seconds, double latencyP99Seconds,
                         double throughputPerSecond, Map<String, Double> missingRatio,
                         Map<String, Double> outOfRangeRatio, Map<String, Double> unseenCategoryRatio, long nonFinite,
                         double nullOutputRatio, double lowConfidenceRatio, double confidenceP10, double confidenceP50,
                         Map<String, Double> predictionShares, Map<String, Double> outputQuantiles,
                         Optional<DriftResult> predictionDrift, List<DriftedFeature> driftedFeatures,
                         double driftedShare) {
        this(endpoint, variant, model, window, start, end, predictions, errorRatio, timeoutRatio, unreadableInputRatio,
                latencyP50Seconds, latencyP95Seconds, latencyP99Seconds, throughputPerSecond, missingRatio,
                outOfRangeRatio, unseenCategoryRatio, nonFinite, nullOutputRatio, lowConfidenceRatio, confidenceP10,
                confidenceP50, predictionShares, outputQuantiles, predictionDrift, driftedFeatures, driftedShare,
                Optional.empty());
    }

    /** @return the largest per-feature missing ratio, 0 without a schema */
    public double maxMissingRatio() {
        return max(missingRatio);
    }

    /** @return the largest per-feature out-of-range ratio, 0 without a schema */
    public double maxOutOfRangeRatio() {
        return max(outOfRangeRatio);
    }

    /** @return the largest per-feature unseen-category ratio, 0 without categorical features */
    public double maxUnseenCategoryRatio() {
        return max(unseenCategoryRatio);
    }

    private static double max(Map<String, Double> ratios) {
        return ratios.values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
    }
}
