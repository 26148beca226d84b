package org.mlops4j.monitoring.segment;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.drift.DatasetDriftReport;

/**
 * The figures of one segment in one analysed window.
 *
 * @param segment the segment's name ({@link Segmentation#OTHER} for the pooled rest)
 * @param predictions predictions of the segment in the window, failed ones included
 * @param share the segment's predictions / all the window's predictions
 * @param errorRatio failed predictions / predictions of the segment (NaN for none)
 * @param predictionShares share of each predicted label among the segment's labelled answers
 * @param referenceRows the segment's rows in the reference data
 * @param driftedShare share of the segment's features that drifted against the segment's own
 *     reference (NaN with too few rows: fewer than the drift check's {@code minCurrentSize})
 * @param driftedFeatures the segment's drifted features, most drifted first
 * @param inputDrift the segment's drift check, feature by feature; empty when the window kept no
 *     input values (no reference profile on the monitor)
 */
public record SegmentFigures(String segment, long predictions, double share, double errorRatio,
                             Map<String, Double> predictionShares, long referenceRows, double driftedShare,
                             List<DriftedFeature> driftedFeatures, Optional<DatasetDriftReport> inputDrift) {

    /**
     * Validates and copies the components.
     *
     * @param segment the segment's name
     * @param predictions predictions of the segment, at least 0
     * @param share the segment's share of the window's predictions
     * @param errorRatio failed predictions / predictions of the segment
     * @param predictionShares share of each predicted label; copied
     * @param referenceRows the segment's reference rows, at least 0
     * @param driftedShare share of drifted features, NaN when not decided
     * @param driftedFeatures drifted features, most drifted first; copied
     * @param inputDrift the drift check
     * @throws NullPointerException if a reference component is null
     * @throws IllegalArgumentException if a count is negative
     */
    public SegmentFigures {
        Objects.requireNonNull(segment, "segment");
        if (predictions < 0) {
            throw new IllegalArgumentException("predictions must be >= 0 but was " + predictions);
        }
        if (referenceRows < 0) {
            throw new IllegalArgumentException("referenceRows must be >= 0 but was " + referenceRows);
        }
        predictionShares = java.util.Collections.unmodifiableMap(new TreeMap<>(
                Objects.requireNonNull(predictionShares, "predictionShares")));
        driftedFeatures = List.copyOf(Objects.requireNonNull(driftedFeatures, "driftedFeatures"));
        Objects.requireNonNull(inputDrift, "inputDrift");
    }

    /** @return the names of the drifted features, most drifted first */
    public List<String> driftedFeatureNames() {
        return driftedFeatures.stream().map(DriftedFeature::feature).toList();
    }
}
