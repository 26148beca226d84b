package org.mlops4j.xgboost;

import java.util.Map;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.serving.SignedModelFormat;

/**
 * The {@code xgboost-regression} model format: a registered XGBoost regression model served on feature
 * maps, its answers read as values. Registered with {@link java.util.ServiceLoader}, so
 * configuration can name it (the Spring Boot starter's {@code mlops.endpoints.<name>.format}).
 */
public final class XgboostRegressionFormat extends SignedModelFormat<XgboostPrediction> {

    /** The format's name. */
    public static final String NAME = "xgboost-regression";

    /** For {@link java.util.ServiceLoader}. */
    public XgboostRegressionFormat() {
        super(NAME, OutputKind.REGRESSION, XgboostModels.outputs(OutputKind.REGRESSION));
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
