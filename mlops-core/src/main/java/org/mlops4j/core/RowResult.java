package org.mlops4j.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One row's outcome in a batch scored at once: the model's answer, or the reason the row was
 * refused. A batch predictor answers every row it can and refuses only the bad ones, so one bad
 * row never fails the others; the results come back in the order of the rows.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <O> the model's output type
 */
public final class RowResult<O> {

    private final int row;
    private final O answer;
    private final InvalidInputException error;

    private RowResult(int row, O answer, InvalidInputException error) {
        if (row < 0) {
            throw new IllegalArgumentException("row must be >= 0 but was " + row);
        }
        this.row = row;
        this.answer = answer;
        this.error = error;
    }

    /**
     * A row the model answered.
     *
     * @param row the row's index in the batch
     * @param answer the model's answer
     * @param <O> the output type
     * @return the result
     * @throws IllegalArgumentException if {@code row} is negative
     */
    public static <O> RowResult<O> answered(int row, O answer) {
        return new RowResult<>(row, Objects.requireNonNull(answer, "answer"), null);
    }

    /**
     * A row refused before the model ran.
     *
     * @param row the row's index in the batch
     * @param error why, naming the feature
     * @param <O> the output type
     * @return the result
     * @throws IllegalArgumentException if {@code row} is negative
     */
    public static <O> RowResult<O> refused(int row, InvalidInputException error) {
        return new RowResult<>(row, null, Objects.requireNonNull(error, "error"));
    }

    /** @return the row's index in the batch, from 0 */
    public int row() {
        return row;
    }

    /** @return true when the model answered the row */
    public boolean isAnswered() {
        return error == null;
    }

    /** @return the answer, or empty when the row was refused */
    public Optional<O> answer() {
        return Optional.ofNullable(answer);
    }

    /** @return why the row was refused, or empty when it was answered */
    public Optional<InvalidInputException> error() {
        return Optional.ofNullable(error);
    }

    /**
     * Returns the answer, as {@link Predictor#predict} would have.
     *
     * @return the answer
     * @throws InvalidInputException the row's own error, when it was refused
     */
    public O get() {
        if (error != null) {
            throw error;
        }
        return answer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowResult<?> r && r.row == row && Objects.equals(r.answer, answer)
                && Objects.equals(r.error, error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(row, answer, error);
    }

    @Override
    public String toString() {
        return "RowResult[row " + row + ", " + (error == null ? "answered " + answer : "refused: " + error.getMessage())
                + "]";
    }
}
