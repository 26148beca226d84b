package org.mlops4j.tribuo;

import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ModelFormat;
import org.tribuo.Output;
import org.tribuo.Prediction;

/**
 * A Tribuo model format: a registered Tribuo model of one output type (protobuf or Java
 * serialization, checksum-verified) served on feature maps by {@link TribuoPredictor} (unknown
 * features rejected), its answers read by an {@link OutputReader}. The two formats are its
 * subclasses, registered with {@link java.util.ServiceLoader}.
 *
 * @param <T> the output type
 */
abstract class TribuoModelFormat<T extends Output<T>> implements ModelFormat<Map<String, ?>, Prediction<T>> {

    private final String name;
    private final Class<T> outputType;
    private final OutputReader<Prediction<T>> outputs;

    TribuoModelFormat(String name, Class<T> outputType, OutputReader<Prediction<T>> outputs) {
        this.name = Objects.requireNonNull(name, "name");
        this.outputType = Objects.requireNonNull(outputType, "outputType");
        this.outputs = Objects.requireNonNull(outputs, "outputs");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ModelEndpoint.Builder<Map<String, ?>, Prediction<T>> endpoint(String endpoint, ModelRegistry registry,
                                                                               String uri) {
        return ModelEndpoint.<Map<String, ?>, Prediction<T>>builder(endpoint)
                .fromRegistry(registry, uri, TribuoModels.loader(outputType), TribuoPredictor::of).outputs(outputs);
    }

    @Override
    public final OutputReader<Prediction<T>> outputs() {
        return outputs;
    }

    @Override
    public final String toString() {
        return name;
    }
}
