package org.mlops4j.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mlops4j.core.InvalidInputException;

/**
 * Scores a batch of inputs in one call of a model that takes a dense {@code [n, width]} float
 * matrix (ONNX Runtime, XGBoost): each input is written as one row, an input refused with an
 * {@link InvalidInputException} gets its own failed {@link RowResult} and takes no row, and the
 * model runs once on the good rows only (not at all when none is).
 */
public final class DenseBatch {

    private DenseBatch() {
    }

    /**
     * Writes one input as a row of floats.
     *
     * @param <I> the input type
     */
    @FunctionalInterface
    public interface RowWriter<I> {
        /**
         * @param input the input
         * @param out the matrix
         * @param offset where its row starts
         * @throws InvalidInputException when the model cannot take the input, naming the feature
         */
        void write(I input, float[] out, int offset);
    }

    /**
     * Runs the model on the first {@code n} rows of a matrix.
     *
     * @param <O> the answer type
     */
    @FunctionalInterface
    public interface Scorer<O> {
        /**
         * @param rows the matrix, row after row ({@code n * width} values used)
         * @param n how many rows
         * @return one answer per row, in order
         */
        List<O> score(float[] rows, int n);
    }

    /**
     * Scores a batch.
     *
     * @param inputs the inputs
     * @param width the number of floats per row
     * @param writer writes an input as a row, or refuses it
     * @param scorer runs the model on the good rows
     * @param <I> the input type
     * @param <O> the answer type
     * @return one result per input, in the same order, with the input's index
     * @throws IllegalStateException when the scorer answers another number of rows than it was given
     */
    public static <I, O> List<RowResult<O>> score(List<? extends I> inputs, int width, RowWriter<? super I> writer,
                                                  Scorer<O> scorer) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(scorer, "scorer");
        float[] x = new float[Math.multiplyExact(inputs.size(), width)];
        InvalidInputException[] refused = new InvalidInputException[inputs.size()];
        int good = 0;
        for (int i = 0; i < inputs.size(); i++) {
            try {
                writer.write(inputs.get(i), x, good * width);
                good++;
            } catch (InvalidInputException e) {
                refused[i] = e;
            }
        }
        List<O> answers = good == 0 ? List.of() : scorer.score(x, good);
        if (answers.size() != good) {
            throw new IllegalStateException("the model answered " + answers.size() + " rows for " + good);
        }
        List<RowResult<O>> out = new ArrayList<>(inputs.size());
        int next = 0;
        for (int i = 0; i < inputs.size(); i++) {
            out.add(refused[i] != null ? RowResult.failure(i, refused[i]) : RowResult.success(i, answers.get(next++)));
        }
        return out;
    }
}
