package org.mlops4j.serving;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one row of a batch: its position in the input, and the model's answer or what the
 * model threw.
 *
 * @param index the row's zero-based position in the input
 * @param output the answer; empty when the row failed or the model answered null
 * @param error what the model threw; empty when it answered
 * @param <O> the output type
 */
public record RowResult<O>(long index, Optional<O> output, Optional<RuntimeException> error) {

    /**
     * Validates the row.
     *
     * @param index the row's zero-based position in the input
     * @param output the answer; empty when the row failed or the model answered null
     * @param error what the model threw; empty when it answered
     * @throws NullPointerException if an optional is null
     * @throws IllegalArgumentException if the index is negative or both an output and an error are present
     */
    public RowResult {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0 but was " + index);
        }
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(error, "error");
        if (output.isPresent() && error.isPresent()) {
            throw new IllegalArgumentException("row " + index + " has both an output and an error");
        }
    }

    /**
     * Creates the result of a row the model answered.
     *
     * @param index the row's position
     * @param output the answer; may be null where the model's output type allows it
     * @param <O> the output type
     * @return the row
     */
    public static <O> RowResult<O> success(long index, O output) {
        return new RowResult<>(index, Optional.ofNullable(output), Optional.empty());
    }

    /**
     * Creates the result of a row the model failed on.
     *
     * @param index the row's position
     * @param error what the model threw
     * @param <O> the output type
     * @return the row
     * @throws NullPointerException if {@code error} is null
     */
    public static <O> RowResult<O> failure(long index, RuntimeException error) {
        return new RowResult<>(index, Optional.empty(), Optional.of(Objects.requireNonNull(error, "error")));
    }

    /** @return true when the model answered without throwing */
    public boolean succeeded() {
        return error.isEmpty();
    }
}
