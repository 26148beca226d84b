package org.mlops4j.serving;

import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;

/**
 * Turns a registered version into the predictor an endpoint serves, knowing the version itself
 * (its signature, tags): what a format needs when how to read a model depends on the version, such
 * as an ONNX model whose signature says which feature goes in which column. Given to
 * {@link ModelEndpoint.Builder#fromRegistry(ModelRegistry, String, VersionLoader)}; called once per
 * version the endpoint deploys.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface VersionLoader<I, O> {

    /**
     * Loads a version, through {@code registry.load(version, loader)} so its checksum is verified.
     *
     * @param registry the registry the version is in
     * @param version the version to serve
     * @return its predictor, never null
     */
    Predictor<I, O> load(ModelRegistry registry, ModelVersion version);
}
