package org.mlops4j.tribuo;

import java.util.Map;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ModelFormat;
import org.tribuo.Prediction;
import org.tribuo.regression.Regressor;

/**
 * The {@code tribuo-regression} model format: a registered Tribuo regression model (protobuf or Java
 * serialization, checksum-verified), served on feature maps, its answers read by
 * {@link TribuoOutputs#regressor()}. Registered with {@link java.util.ServiceLoader}, so
 * configuration can name it (the Spring Boot starter's {@code mlops.endpoints.<name>.format}).
 */
public final class TribuoRegressionFormat implements ModelFormat<Map<String, ?>, Prediction<Regressor>> {

    /** The format's name. */
    public static final String NAME = "tribuo-regression";

    /** For {@link java.util.ServiceLoader}. */
    public TribuoRegressionFormat() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelEndpoint.Builder<Map<String, ?>, Prediction<Regressor>> endpoint(String endpoint, ModelRegistry registry,
                                                                             String uri) {
        return ModelEndpoint.<Map<String, ?>, Prediction<Regressor>>builder(endpoint)
                .fromRegistry(registry, uri, TribuoModels.loader(Regressor.class), TribuoPredictor::of)
                .outputs(TribuoOutputs.regressor());
    }

    @Override
    public OutputReader<Prediction<Regressor>> outputs() {
        return TribuoOutputs.regressor();
    }

    @Override
    public String toString() {
        return NAME;
    }
}
