package org.mlops4j.serving;

/**
 * What a shadow deployment has seen so far.
 *
 * @param mirrored requests sent to the shadow (after sampling) and not dropped
 * @param dropped requests sampled for the shadow that it never answered: refused by a full queue,
 *     left queued or running when the shadow closed, or finding every runner thread held by hung calls
 * @param compared shadow answers compared with the primary's
 * @param agreed of those, how many agreed
 * @param timeouts shadow calls slower than the timeout
 * @param errors shadow calls that threw
 * @param meanScoreDifference the mean shadow-minus-primary score difference, NaN without scores
 * @param meanShadowLatencyNanos the mean latency of shadow calls that completed
 */
public record ShadowSummary(long mirrored, long dropped, long compared, long agreed, long timeouts, long errors,
                            double meanScoreDifference, double meanShadowLatencyNanos) {

    /** @return agreed / compared, or NaN before the first comparison */
    public double agreementRate() {
        return compared == 0 ? Double.NaN : (double) agreed / compared;
    }
}
