package org.mlops4j.monitoring.labels;

import java.util.List;
import java.util.TreeSet;

/**
 * The label conflicts of a dataset.
 *
 * @param rows the rows examined
 * @param threshold the distance threshold of the near-duplicate search, NaN when there was none
 * @param identical groups of rows with identical inputs and at least two different labels
 * @param near groups of rows connected by distances at most the threshold (each group a connected
 *     component of that graph) with at least two different labels; empty without a near search
 */
public record LabelConflictReport(int rows, double threshold, List<ConflictGroup> identical,
                                  List<ConflictGroup> near) {

    /**
     * Freezes the lists.
     *
     * @param rows the rows examined
     * @param threshold the distance threshold of the near-duplicate search, NaN when there was none
     * @param identical groups of rows with identical inputs and at least two different labels
     * @param near groups of rows within the threshold with at least two different labels
     */
    public LabelConflictReport {
        identical = List.copyOf(identical);
        near = List.copyOf(near);
    }

    /**
     * The rows that belong to at least one conflict group, identical or near.
     *
     * @return how many distinct rows are in conflict
     */
    public int conflictingRows() {
        TreeSet<Integer> all = new TreeSet<>();
        identical.forEach(g -> all.addAll(g.rows()));
        near.forEach(g -> all.addAll(g.rows()));
        return all.size();
    }

    /**
     * The share of rows in conflict.
     *
     * @return {@link #conflictingRows()} / {@link #rows()}
     */
    public double conflictingShare() {
        return (double) conflictingRows() / rows;
    }
}
