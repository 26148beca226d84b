package org.mlops4j.tracking;

import java.time.Instant;

/**
 * One logged value of a metric. A metric's history is every value logged under its key; its
 * latest value is the one with the highest step, then the latest timestamp (MLflow's rule).
 * NaN and infinities are stored as such.
 *
 * @param key the metric key
 * @param value the value; NaN and infinities allowed
 * @param step the training step, epoch or iteration it belongs to (0 when there is none)
 * @param timestamp when it was measured (stored with millisecond precision); every store logs only
 *     timestamps from the epoch to the end of 9999 ({@link TrackingLimits#checkTimestamp})
 */
public record Metric(String key, double value, long step, Instant timestamp) {

    /**
     * Validates the metric.
     *
     * <p>The timestamp's range is checked where a metric is logged, not here, so that a store can
     * still read a value some other client wrote out of range (in microseconds, say).
     *
     * @param key the metric key
     * @param value the value; NaN and infinities allowed
     * @param step the training step, epoch or iteration it belongs to (0 when there is none)
     * @param timestamp when it was measured (stored with millisecond precision)
     * @throws NullPointerException if the key or timestamp is null
     * @throws IllegalArgumentException if the key breaks {@link TrackingLimits}
     */
    public Metric {
        TrackingLimits.checkKey(key, "metric");
        TrackingLimits.requireTimestamp(key, timestamp);
    }

    /**
     * Tells whether this value replaces another as the metric's latest: a higher step wins, then a
     * later timestamp, then a larger value (MLflow's rule, so both agree on "latest").
     *
     * @param other the current latest value of the same key
     * @return true when this value is the newer latest
     */
    public boolean supersedes(Metric other) {
        if (step != other.step) {
            return step > other.step;
        }
        int byTime = Long.compare(timestamp.toEpochMilli(), other.timestamp.toEpochMilli());
        if (byTime != 0) {
            return byTime > 0;
        }
        return Double.compare(value, other.value) > 0;
    }
}
