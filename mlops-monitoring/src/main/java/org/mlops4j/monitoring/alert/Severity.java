package org.mlops4j.monitoring.alert;

/** How urgent an alert is. Ordered from least to most urgent. */
public enum Severity {
    /** Worth knowing; logged at INFO by the log sink. */
    INFO,
    /** Needs attention soon; logged at WARN. */
    WARNING,
    /** Needs attention now; logged at WARN. */
    CRITICAL
}
