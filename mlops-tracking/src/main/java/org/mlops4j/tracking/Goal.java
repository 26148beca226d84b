package org.mlops4j.tracking;

/** Whether a larger or a smaller metric value is better, for {@link Tracker#bestRun}. */
public enum Goal {
    /** Larger is better (accuracy, F1, AUC). */
    MAX,
    /** Smaller is better (loss, RMSE, latency). */
    MIN
}
