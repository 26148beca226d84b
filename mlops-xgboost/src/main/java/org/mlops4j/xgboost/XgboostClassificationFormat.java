package org.mlops4j.xgboost;

import java.util.Map;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.serving.SignedModelFormat;

/**
 * The {@code xgboost-classification} model format: a registered XGBoost classifier served on feature maps,
 * its answers read as a label with its probability as the confidence. Registered with
 * {@link java.util.ServiceLoader}, so configuration can name it (the Spring Boot starter's
 * {@code mlops.endpoints.<name>.format}). A version is read by its own signature, or by the one
 * its model file gives when it was registered without one ({@link SignedModelFormat}).
 */
public final class XgboostClassificationFormat extends SignedModelFormat<XgboostPrediction> {

    /** The format's name. */
    public static final String NAME = "xgboost-classification";

    /** For {@link java.util.ServiceLoader}. */
    public XgboostClassificationFormat() {
        super(NAME, OutputKind.CLASSIFICATION, XgboostModels.outputs(OutputKind.CLASSIFICATION));
    }

    @Override
    protected ModelSignature inferSignature(byte[] model) {
        return XgboostModels.inferSignature(model);
    }

    @Override
    protected Predictor<Map<String, ?>, XgboostPrediction> load(byte[] model, String source, ModelSignature signature) {
        return XgboostPredictor.load(model, source, signature);
    }
}
