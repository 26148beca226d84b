package org.mlops4j.monitoring.segment;

/**
 * The names of the per-segment metrics, in alert samples ({@link SegmentWindow#samples()}) and in
 * Micrometer (tagged {@code segment}). Every sample of these metrics carries its segment
 * ({@link org.mlops4j.monitoring.alert.MetricSample#segment()}), so a rule watching one of them
 * keeps one state per segment and fires per segment.
 */
public final class SegmentMetrics {

    /** A segment's share of the window's predictions. */
    public static final String SHARE = "mlops.segment.share";
    /** A segment's predictions in the window (Micrometer only). */
    public static final String PREDICTIONS = "mlops.segment.predictions";
    /** A segment's failed predictions / its predictions. */
    public static final String ERROR_RATIO = "mlops.segment.error_ratio";
    /** The number of a segment's features that drifted against its own reference. */
    public static final String DRIFTED_FEATURES = "mlops.segment.drifted_features";
    /** The share of a segment's features that drifted against its own reference. */
    public static final String DRIFT_SHARE = "mlops.segment.drift_share";

    private SegmentMetrics() {
    }
}
