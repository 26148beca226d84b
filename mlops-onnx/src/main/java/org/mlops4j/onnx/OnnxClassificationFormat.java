package org.mlops4j.onnx;

import java.util.Map;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.serving.SignedModelFormat;

/**
 * The {@code onnx-classification} model format: a registered ONNX classifier served on feature maps,
 * its answers read as a label with its probability as the confidence. Registered with
 * {@link java.util.ServiceLoader}, so configuration can name it (the Spring Boot starter's
 * {@code mlops.endpoints.<name>.format}). A version is read by its own signature, or by the one
 * its model file gives when it was registered without one ({@link SignedModelFormat}).
 */
public final class OnnxClassificationFormat extends SignedModelFormat<OnnxPrediction> {

    /** The format's name. */
    public static final String NAME = "onnx-classification";

    /** For {@link java.util.ServiceLoader}. */
    public OnnxClassificationFormat() {
        super(NAME, OutputKind.CLASSIFICATION, OnnxModels.outputs(OutputKind.CLASSIFICATION));
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
