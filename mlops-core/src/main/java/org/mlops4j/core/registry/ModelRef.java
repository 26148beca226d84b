package org.mlops4j.core.registry;

/**
 * The identity of one model version: a model name and a version number. Cheap to pass around and
 * stable (unlike a {@link ModelVersion}, whose status, tags and aliases change).
 *
 * @param name the registered model's name
 * @param version the version number, from 1
 */
public record ModelRef(String name, int version) {

    /**
     * Validates the reference.
     *
     * @param name the registered model's name
     * @param version the version number, from 1
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the name breaks {@link RegistryNames} or {@code version < 1}
     */
    public ModelRef {
        RegistryNames.checkModelName(name);
        RegistryNames.checkVersion(version);
    }

    /**
     * Returns the model URI of this version.
     *
     * @return {@code models:/<name>/<version>}
     */
    public String uri() {
        return "models:/" + name + "/" + version;
    }

    @Override
    public String toString() {
        return name + "/" + version;
    }
}
