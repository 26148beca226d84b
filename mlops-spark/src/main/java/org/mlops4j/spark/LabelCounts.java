package org.mlops4j.spark;

/**
 * What {@link PredictionLogs#labelled} joined, counted.
 *
 * @param predictions well-formed lines of the log
 * @param malformed lines that are not predictions (left out)
 * @param truncated predictions written without their input (left out: they have no features)
 * @param labelled predictions with a label
 * @param unlabelled predictions without a label (kept or left out as {@link UnlabelledRows} says)
 * @param labels rows of the labels frame
 * @param unknownLabels label rows whose prediction id is not in the log (left out)
 * @param duplicateLabels label rows beyond one per prediction id (the latest wins)
 */
public record LabelCounts(long predictions, long malformed, long truncated, long labelled, long unlabelled,
                          long labels, long unknownLabels, long duplicateLabels) {
}
