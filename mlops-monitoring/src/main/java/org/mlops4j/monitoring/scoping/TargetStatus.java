package org.mlops4j.monitoring.scoping;

/**
 * Where a scoping target stands ({@link Target#status(double)} gives the rule). The {@link #code()}
 * is what gauges export and alert rules watch.
 */
public enum TargetStatus {
    /** Met, and not within the at-risk margin of the threshold. Code 0. */
    MET(0),
    /** Met, but within the at-risk margin of the threshold. Code 1. */
    AT_RISK(1),
    /** On the wrong side of the threshold. Code 2. */
    MISSED(2),
    /** No figure yet (no window or feedback window measured it), or the figure is NaN. Code NaN. */
    UNKNOWN(Double.NaN);

    private final double code;

    TargetStatus(double code) {
        this.code = code;
    }

    /**
     * The status as a number: 0 met, 1 at risk, 2 missed, NaN unknown (an alert evaluator ignores
     * NaN, so an unknown status neither fires nor clears a rule).
     *
     * @return the code
     */
    public double code() {
        return code;
    }
}
