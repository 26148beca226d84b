package org.mlops4j.monitoring;

import java.time.Instant;
import java.util.Objects;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/**
 * The inputs of one key's latest analysed window next to the reference they were compared with:
 * what a report draws as reference-versus-current distributions. {@link ModelMonitor#latestProfiles()}
 * keeps one per (endpoint, variant, model version), only for a monitor with a reference profile.
 *
 * @param endpoint the endpoint
 * @param variant the variant
 * @param model the model version, {@code name/version}
 * @param window the number of the window the current profile describes ({@link WindowMetrics#window()})
 * @param end when that window closed
 * @param reference the reference profile the window was compared with (the baseline's at the time)
 * @param current the profile of the window's inputs, over the same schema
 */
public record WindowProfiles(String endpoint, String variant, String model, long window, Instant end,
                             ReferenceProfile reference, ReferenceProfile current) {

    /**
     * Validates the components.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version, {@code name/version}
     * @param window the number of the window the current profile describes
     * @param end when that window closed
     * @param reference the reference profile the window was compared with
     * @param current the profile of the window's inputs, over the same schema
     * @throws IllegalArgumentException if the two profiles have different schemas
     */
    public WindowProfiles {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        if (!reference.schema().equals(current.schema())) {
            throw new IllegalArgumentException("current must have the reference's schema " + reference.schema()
                    + " but had " + current.schema());
        }
    }
}
