package org.mlops4j.spark;

import java.io.Serializable;

/**
 * Turns a model's verified bytes into a {@link ScoringModel} on an executor. Spark serializes it
 * with the job, so it must be {@link Serializable}: a lambda assigned to this type is, as long as
 * everything it captures is too. It is called once per partition, never per row.
 *
 * <pre>{@code
 * ExecutorModelLoader<OnnxPrediction> onnx = bytes -> {
 *     ModelSignature signature = OnnxModels.inferSignature(bytes);
 *     return new ScoringModel<>(OnnxPredictor.load(bytes, "fraud.onnx", signature, OnnxConfig.ofDefaults(),
 *             FeatureExtractor.maps()), OnnxModels.outputs(signature));
 * };
 * }</pre>
 *
 * @param <O> the model's answer type
 */
@FunctionalInterface
public interface ExecutorModelLoader<O> extends Serializable {

    /**
     * Loads the model.
     *
     * @param artifact the version's bytes, checked against its registered SHA-256 on the driver;
     *     the loader may keep them
     * @return the predictor and how to read its answers; a predictor that is {@link AutoCloseable}
     *     is closed when its partition's task ends
     */
    ScoringModel<O> load(byte[] artifact);
}
