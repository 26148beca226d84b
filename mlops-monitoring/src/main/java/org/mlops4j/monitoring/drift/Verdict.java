package org.mlops4j.monitoring.drift;

/** The answer of a drift check. */
public enum Verdict {
    /** The current data differs from the reference. */
    DRIFT,
    /** No difference was detected. */
    NO_DRIFT,
    /** Too little current data to tell: neither "drift" nor "no drift". */
    INSUFFICIENT_DATA
}
