package org.mlops4j.tribuo;

import java.util.Map;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ModelFormat;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * The {@code tribuo-classification} model format: a registered Tribuo classifier (protobuf or Java
 * serialization, checksum-verified), served on feature maps, its answers read by
 * {@link TribuoOutputs#classifier()}. Registered with {@link java.util.ServiceLoader}, so
 * configuration can name it (the Spring Boot starter's {@code mlops.endpoints.<name>.format}).
 */
public final class TribuoClassificationFormat implements ModelFormat<Map<String, ?>, Prediction<Label>> {

    /** The format's name. */
    public static final String NAME = "tribuo-classification";

    /** For {@link java.util.ServiceLoader}. */
    public TribuoClassificationFormat() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelEndpoint.Builder<Map<String, ?>, Prediction<Label>> endpoint(String endpoint, ModelRegistry registry,
                                                                             String uri) {
        return ModelEndpoint.<Map<String, ?>, Prediction<Label>>builder(endpoint)
                .fromRegistry(registry, uri, TribuoModels.loader(Label.class), TribuoPredictor::of)
                .outputs(TribuoOutputs.classifier());
    }

    @Override
    public OutputReader<Prediction<Label>> outputs() {
        return TribuoOutputs.classifier();
    }

    @Override
    public String toString() {
        return NAME;
    }
}
