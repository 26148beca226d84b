package org.mlops4j.serving;

import java.util.List;
import java.util.Objects;

/**
 * Every row of a batch, in input order, and the totals.
 *
 * @param rows one result per input, the i-th for the i-th input
 * @param totals rows, errors and elapsed time of the whole batch
 * @param <O> the output type
 */
public record BatchResult<O>(List<RowResult<O>> rows, BatchProgress totals) {

    /**
     * Validates the result and copies the list.
     *
     * @param rows one result per input, the i-th for the i-th input
     * @param totals rows, errors and elapsed time of the whole batch
     * @throws NullPointerException if an argument or a row is null
     */
    public BatchResult {
        rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
        Objects.requireNonNull(totals, "totals");
    }

    /** @return the rows whose prediction threw, in input order */
    public List<RowResult<O>> failures() {
        return rows.stream().filter(r -> !r.succeeded()).toList();
    }
}
