package org.mlops4j.core.signal;

/**
 * What a monitored figure says about a model, so that the control plane acts on types rather than
 * on metric names: retraining follows data and concept drift, a rollout stops on software failures,
 * and a broken upstream pipeline (a data-quality problem) pages a person instead of retraining on
 * broken data.
 */
public enum SignalKind {
    /** The inputs (or the predictions they lead to) moved away from the reference: retraining may help. */
    DATA_DRIFT,
    /** The relation between inputs and outcomes changed (a concept-drift detector fired). */
    CONCEPT_DRIFT,
    /** Measured quality on labelled feedback fell (accuracy, RMSE, MAE). */
    PERFORMANCE_DROP,
    /** The inputs break their contract: missing, out-of-range, unseen or unreadable values. */
    DATA_QUALITY,
    /** The answers look wrong without labels: empty answers, low confidence, users rejecting them. */
    OUTPUT_ANOMALY,
    /** The service misbehaves: errors, timeouts, latency, memory, CPU. */
    SOFTWARE,
    /** A custom metric whose kind was not declared. */
    OTHER
}
