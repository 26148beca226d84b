package org.mlops4j.core.rollout;

/**
 * What the candidate did in shadow during the current step: calls compared with the champion's
 * answer, agreements among them, failures and timeouts.
 *
 * @param compared shadow calls answered in time and compared
 * @param agreed compared calls where the candidate agreed with the champion
 * @param failed shadow calls that threw
 * @param timedOut shadow calls that did not answer in time
 */
public record ShadowCounts(long compared, long agreed, long failed, long timedOut) {

    /** No shadow calls. */
    public static final ShadowCounts NONE = new ShadowCounts(0, 0, 0, 0);

    /**
     * Validates the counts.
     *
     * @param compared shadow calls answered in time and compared
     * @param agreed compared calls where the candidate agreed with the champion
     * @param failed shadow calls that threw
     * @param timedOut shadow calls that did not answer in time
     */
    public ShadowCounts {
        if (compared < 0 || agreed < 0 || failed < 0 || timedOut < 0 || agreed > compared) {
            throw new IllegalArgumentException("shadow counts must be non-negative with agreed <= compared but were compared="
                    + compared + ", agreed=" + agreed + ", failed=" + failed + ", timedOut=" + timedOut);
        }
    }

    /** @return every shadow call */
    public long calls() {
        return compared + failed + timedOut;
    }

    /** @return agreed / compared, NaN before any comparison */
    public double agreement() {
        return compared == 0 ? Double.NaN : (double) agreed / compared;
    }
}
