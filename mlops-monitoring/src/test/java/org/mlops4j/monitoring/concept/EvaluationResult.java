package org.mlops4j.monitoring.concept;

import java.util.Objects;

/**
 * How one detector did on one stream (or on several runs, see {@link #merge(EvaluationResult)}),
 * as measured by {@link DetectorEvaluation}.
 *
 * @param detector the detector's name
 * @param stream the stream's name
 * @param samples samples fed
 * @param drifts true drift points among them
 * @param detected drift points followed by a detection within the maximum delay
 * @param totalDelay sum over detected drifts of the samples from the drift point to its first detection
 * @param falseAlarms detections with no drift point within the maximum delay before them
 * @param stationarySamples samples outside every post-drift window, over which false alarms are counted
 */
public record EvaluationResult(String detector, String stream, long samples, int drifts, int detected,
        long totalDelay, int falseAlarms, long stationarySamples) {

    /**
     * Validates the counts.
     *
     * @throws NullPointerException if a name is null
     * @throws IllegalArgumentException if a count is negative or {@code detected > drifts}
     */
    public EvaluationResult {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(stream, "stream");
        if (samples < 0 || drifts < 0 || detected < 0 || totalDelay < 0 || falseAlarms < 0
                || stationarySamples < 0) {
            throw new IllegalArgumentException("counts must be >= 0 but were samples=" + samples
                    + ", drifts=" + drifts + ", detected=" + detected + ", totalDelay=" + totalDelay
                    + ", falseAlarms=" + falseAlarms + ", stationarySamples=" + stationarySamples);
        }
        if (detected > drifts) {
            throw new IllegalArgumentException("detected must be <= drifts (" + drifts + ") but was " + detected);
        }
    }

    /**
     * Returns the drift points with no detection within the maximum delay.
     *
     * @return {@code drifts - detected}
     */
    public int missed() {
        return drifts - detected;
    }

    /**
     * Returns the mean detection delay, in samples, over detected drifts.
     *
     * @return the mean delay, or NaN if no drift was detected
     */
    public double meanDelay() {
        return detected == 0 ? Double.NaN : (double) totalDelay / detected;
    }

    /**
     * Returns the mean time between false alarms (MTFA), in samples: stationary samples per false alarm.
     *
     * @return the MTFA, or positive infinity if there was no false alarm
     */
    public double mtfa() {
        return falseAlarms == 0 ? Double.POSITIVE_INFINITY : (double) stationarySamples / falseAlarms;
    }

    /**
     * Adds the counts of another run of the same detector on the same stream (another seed).
     *
     * @param other the other run
     * @return the combined result
     * @throws IllegalArgumentException if the detector or stream names differ
     */
    public EvaluationResult merge(EvaluationResult other) {
        Objects.requireNonNull(other, "other");
        if (!detector.equals(other.detector) || !stream.equals(other.stream)) {
            throw new IllegalArgumentException("other must be for " + detector + " on " + stream + " but was for "
                    + other.detector + " on " + other.stream);
        }
        return new EvaluationResult(detector, stream, samples + other.samples, drifts + other.drifts,
                detected + other.detected, totalDelay + other.totalDelay, falseAlarms + other.falseAlarms,
                stationarySamples + other.stationarySamples);
    }
}
