package org.mlops4j.serving;

import java.util.Objects;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelUri;
import org.mlops4j.core.registry.ModelVersion;

/**
 * Loads the variant a model URI points to ({@code models:/fraud@champion}) from a registry,
 * checksum-verified, so an endpoint can follow an alias as it moves.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
final class RegistryBinding<I, O> {

    private final ModelRegistry registry;
    private final String uri;
    private final String variantName;
    private final VersionLoader<I, O> loader;

    RegistryBinding(ModelRegistry registry, String uri, VersionLoader<I, O> loader) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.loader = Objects.requireNonNull(loader, "loader");
        ModelUri parsed = ModelUri.parse(uri);
        this.variantName = parsed instanceof ModelUri.ByAlias a ? a.alias()
                : parsed instanceof ModelUri.ByVersion v ? "v" + v.version() : "latest";
    }

    /** @return the version the URI points to now */
    ModelVersion resolve() {
        return registry.require(uri);
    }

    /** Loads a version as a variant. */
    Variant<I, O> load(ModelVersion version) {
        Predictor<I, O> predictor = Objects.requireNonNull(loader.load(registry, version),
                "predictor made from " + version.ref());
        return Variant.of(variantName, predictor, version);
    }

    String uri() {
        return uri;
    }
}
