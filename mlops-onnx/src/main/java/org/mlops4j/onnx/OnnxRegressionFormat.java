package org.mlops4j.onnx;

import java.util.Map;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.serving.SignedModelFormat;

/**
 * The {@code onnx-regression} model format: a registered ONNX regression model served on feature
 * maps, its answers read as values. Registered with {@link java.util.ServiceLoader}, so
 * configuration can name it (the Spring Boot starter's {@code mlops.endpoints.<name>.format}).
 */
public final class OnnxRegressionFormat extends SignedModelFormat<OnnxPrediction> {

    /** The format's name. */
    public static final String NAME = "onnx-regression";

    /** For {@link java.util.ServiceLoader}. */
    public OnnxRegressionFormat() {
        super(NAME, OutputKind.REGRESSION, OnnxModels.outputs(OutputKind.REGRESSION));
    }

    @Override
    protected ModelSignature inferSignature(byte[] model) {
        return OnnxModels.inferSignature(model);
    }

    @Override
    protected Predictor<Map<String, ?>, OnnxPrediction> load(byte[] model, String source, ModelSignature signature) {
        return OnnxPredictor.load(model, source, signature, OnnxConfig.ofDefaults(), FeatureExtractor.maps());
    }
}
