package org.mlops4j.core.signal;

import java.util.Optional;
import org.mlops4j.core.registry.ModelRef;

/**
 * Where a rollout reads what its champion and candidate did: a {@code ModelMonitor} watching the
 * endpoint (one replica's traffic), or a store that merges every replica's figures (a fleet).
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface VariantFiguresSource {

    /**
     * Returns the figures of one variant now.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version serving as that variant
     * @return the figures, or empty when that variant has seen no traffic
     */
    Optional<VariantFigures> figures(String endpoint, String variant, ModelRef model);
}
