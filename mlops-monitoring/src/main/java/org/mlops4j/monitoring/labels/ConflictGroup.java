package org.mlops4j.monitoring.labels;

import java.util.List;

/**
 * Rows whose inputs are identical (or within the distance threshold of one another) but whose
 * labels differ.
 *
 * @param rows the rows' indices in the input, ascending
 * @param labels each row's label, in the order of {@code rows}
 */
public record ConflictGroup(List<Integer> rows, List<Object> labels) {

    /**
     * Validates and freezes the components.
     *
     * @param rows the rows' indices in the input, ascending
     * @param labels each row's label, in the order of {@code rows}
     */
    public ConflictGroup {
        rows = List.copyOf(rows);
        labels = List.copyOf(labels);
        if (rows.size() != labels.size()) {
            throw new IllegalArgumentException("rows and labels must have one entry per row but had "
                    + rows.size() + " and " + labels.size());
        }
    }
}
