package org.mlops4j.core.registry;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a model version's artifact file into a usable model. A registry calls it only after the
 * file's SHA-256 has matched the registered one.
 *
 * <p>See {@code org.mlops4j.tribuo.TribuoModels.loader(Class)} (in mlops-tribuo) for Tribuo models.
 *
 * @param <M> the model type
 */
@FunctionalInterface
public interface ModelLoader<M> {

    /**
     * Loads a model from its verified artifact file.
     *
     * @param artifact a local file whose checksum has been verified
     * @return the model
     * @throws IOException if the file cannot be read or parsed
     */
    M load(Path artifact) throws IOException;
}
