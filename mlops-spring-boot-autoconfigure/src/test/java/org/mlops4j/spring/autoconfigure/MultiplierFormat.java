package org.mlops4j.spring.autoconfigure;

import java.nio.file.Files;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ModelFormat;

/**
 * A model format for tests, registered with ServiceLoader: the model file holds a whole number
 * {@code k}, the model answers {@code k * x}, or null for a negative {@code x}.
 */
public final class MultiplierFormat implements ModelFormat<Integer, Integer> {

    /** For ServiceLoader. */
    public MultiplierFormat() {
    }

    @Override
    public String name() {
        return "test-multiplier";
    }

    @Override
    public ModelEndpoint.Builder<Integer, Integer> endpoint(String endpoint, ModelRegistry registry, String uri) {
        ModelLoader<Integer> loader = file -> Integer.parseInt(Files.readString(file).strip());
        return ModelEndpoint.<Integer, Integer>builder(endpoint).fromRegistry(registry, uri, loader,
                k -> (Predictor<Integer, Integer>) x -> x < 0 ? null : k * x).outputs(outputs());
    }

    @Override
    public OutputReader<Integer> outputs() {
        return OutputReader.regressor(Integer::doubleValue);
    }
}
