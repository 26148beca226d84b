package org.mlops4j.core;

/**
 * Thrown when a model, a model version or an alias that a caller named does not exist, for
 * example when resolving {@code models:/fraud@champion} before any version has that alias.
 */
public class ModelNotFoundException extends MlopsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was looked for, for example {@code "no version 7 of model 'fraud'"}
     */
    public ModelNotFoundException(String message) {
        super(message);
    }
}
