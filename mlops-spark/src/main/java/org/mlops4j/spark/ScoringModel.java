package org.mlops4j.spark;

import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.Predictor;

/**
 * A model loaded on an executor: the predictor that answers one row's feature map (column name to
 * value, as Spark gives it), and how to read its answers into the result columns.
 *
 * @param predictor answers one row
 * @param outputs reads an answer's label, value and confidence
 * @param <O> the answer type
 */
public record ScoringModel<O>(Predictor<Map<String, ?>, O> predictor, OutputReader<O> outputs) {

    /**
     * Checks the parts.
     *
     * @param predictor answers one row
     * @param outputs reads an answer's label, value and confidence
     */
    public ScoringModel {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(outputs, "outputs");
    }
}
