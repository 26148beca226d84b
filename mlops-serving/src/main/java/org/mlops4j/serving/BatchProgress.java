package org.mlops4j.serving;

import java.time.Duration;
import java.util.Objects;

/**
 * How far a batch has got: rows delivered in input order so far, how many of them failed, and the
 * time since the batch started.
 *
 * @param rows rows scored and delivered, failed ones included
 * @param errors rows whose prediction threw
 * @param elapsed time since the batch started, by the configured clock
 * @param finished true in the last report of a batch that scored all its input
 */
public record BatchProgress(long rows, long errors, Duration elapsed, boolean finished) {

    /**
     * Validates the progress.
     *
     * @param rows rows scored and delivered, failed ones included
     * @param errors rows whose prediction threw
     * @param elapsed time since the batch started, by the configured clock
     * @param finished true in the last report of a batch that scored all its input
     * @throws NullPointerException if {@code elapsed} is null
     * @throws IllegalArgumentException if a count is negative, errors exceed rows, or elapsed is negative
     */
    public BatchProgress {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0 but was " + rows);
        }
        if (errors < 0 || errors > rows) {
            throw new IllegalArgumentException("errors must be in [0, rows=" + rows + "] but was " + errors);
        }
        Objects.requireNonNull(elapsed, "elapsed");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must not be negative but was " + elapsed);
        }
    }

    /** @return rows per second so far, or NaN when no time has elapsed */
    public double rowsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? Double.NaN : rows * 1e9 / nanos;
    }
}
