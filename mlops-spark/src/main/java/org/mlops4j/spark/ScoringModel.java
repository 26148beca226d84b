package org.mlops4j.spark;

import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.Predictor;

/**
 * A model loaded on an executor: the predictor that answers one row's feature map (column name to
 * value, as Spark gives it), how to answer a chunk of rows at once, and how to read its answers
 * into the result columns.
 *
 * <pre>{@code
 * OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(bytes, "fraud", signature, config, FeatureExtractor.maps());
 * new ScoringModel<>(onnx, onnx::predictBatch, OnnxModels.outputs(signature));   // one ONNX run per chunk
 * }</pre>
 *
 * @param predictor answers one row; also answers the rows of a chunk whose batch call failed as a whole
 * @param batch answers a chunk of rows in one call
 * @param outputs reads an answer's label, value and confidence
 * @param <O> the answer type
 */
public record ScoringModel<O>(Predictor<Map<String, ?>, O> predictor, ChunkPredictor<O> batch,
                             OutputReader<O> outputs) {

    /**
     * Checks the parts.
     *
     * @param predictor answers one row; also answers the rows of a chunk whose batch call failed as a whole
     * @param batch answers a chunk of rows in one call
     * @param outputs reads an answer's label, value and confidence
     */
    public ScoringModel {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(outputs, "outputs");
    }

    /**
     * A model without a batch call: chunks are answered row by row ({@link ChunkPredictor#perRow}).
     *
     * @param predictor answers one row
     * @param outputs reads an answer's label, value and confidence
     */
    public ScoringModel(Predictor<Map<String, ?>, O> predictor, OutputReader<O> outputs) {
        this(predictor, ChunkPredictor.perRow(predictor), outputs);
    }
}
