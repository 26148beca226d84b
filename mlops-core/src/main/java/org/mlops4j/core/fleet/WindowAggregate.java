package org.mlops4j.core.fleet;

import java.time.Instant;
import java.util.Objects;
import org.mlops4j.core.registry.ModelRef;

/**
 * One closed monitoring window of one variant on one replica: what a replica publishes to its
 * {@link FleetWindows}.
 *
 * @param endpoint the endpoint
 * @param variant the variant
 * @param model the model version serving as that variant
 * @param start when the window opened
 * @param end when it closed, not before {@code start}
 * @param figures what the variant did in the window
 */
public record WindowAggregate(String endpoint, String variant, ModelRef model, Instant start, Instant end,
                              VariantAggregate figures) {

    /**
     * Validates the window.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version serving as that variant
     * @param start when the window opened
     * @param end when it closed
     * @param figures what the variant did in the window
     * @throws IllegalArgumentException if {@code end} is before {@code start}
     */
    public WindowAggregate {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(figures, "figures");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("window end must not be before its start " + start + " but was " + end);
        }
    }
}
