package org.mlops4j.monitoring.drift;

/** The answer of a drift check, for one feature or for a whole dataset. */
public enum Verdict {
    /** The current data differs from the reference. */
    DRIFT,
    /** No difference was detected. */
    NO_DRIFT,
    /** Too little current data to tell: neither "drift" nor "no drift". */
    INSUFFICIENT_DATA,
    /**
     * The feature's test threw, so the feature has no result; like {@link #INSUFFICIENT_DATA} it
     * is left out of the drifted share (and of the multiple-testing correction). As a dataset
     * verdict: no feature could be decided and at least one feature's test threw.
     */
    TEST_FAILED
}
