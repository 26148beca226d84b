package org.mlops4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.Predictor;
import org.mlops4j.serving.RowResult;

/**
 * Answers a chunk of rows in one call, each row's answer or error in its own {@link RowResult}:
 * {@code OnnxPredictor::predictBatch} and {@code XgboostPredictor::predictBatch} have this shape.
 * Scoring hands each partition's rows to it {@link SparkScoring.Builder#chunkSize chunkSize} at a
 * time; a model that has no batch call is answered row by row ({@link #perRow}).
 *
 * <p>Called on one executor thread at a time per partition.
 *
 * @param <O> the answer type
 */
@FunctionalInterface
public interface ChunkPredictor<O> {

    /**
     * Answers rows.
     *
     * @param rows the rows' feature maps (column name to value); never empty
     * @return one result per row, in the same order, its {@link RowResult#index()} the row's
     *     position in {@code rows}
     * @throws RuntimeException when the whole call fails; scoring then answers the chunk's rows
     *     one by one through the predictor, so that each row gets its own answer or error
     */
    List<RowResult<O>> predictBatch(List<Map<String, ?>> rows);

    /**
     * Answers a chunk by calling a predictor once per row: a row that throws gets a failed result.
     *
     * @param predictor answers one row
     * @param <O> the answer type
     * @return the chunk predictor
     */
    static <O> ChunkPredictor<O> perRow(Predictor<Map<String, ?>, O> predictor) {
        Objects.requireNonNull(predictor, "predictor");
        return rows -> {
            List<RowResult<O>> results = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                try {
                    results.add(RowResult.success(i, predictor.predict(rows.get(i))));
                } catch (RuntimeException e) {
                    // One bad row must not take its chunk's answers with it.
                    results.add(RowResult.failure(i, e));
                }
            }
            return results;
        };
    }
}
