package org.mlops4j.spark;

/** What {@link PredictionLogs#labelled} does with predictions that have no label. */
public enum UnlabelledRows {
    /** Leave them out: every row has a label. */
    EXCLUDE,
    /** Keep them, with a null {@code label} and {@code label_time} and {@code labelled} false. */
    KEEP
}
