package org.mlops4j.monitoring.profile;

import java.util.Objects;

/**
 * How a {@link DriftWindow} or {@link SampledProfile} summarises its rows: the sketch sizes, and
 * up to how many rows the exact values are kept beside the sketches.
 *
 * <p>While a profile holds at most {@code exactCutoff} rows it keeps every valid value of every
 * feature, so that {@link WindowDriftCheck} can run the exact tests of
 * {@link org.mlops4j.monitoring.drift.DriftTests}; above the cutoff the values are dropped and
 * only the bounded sketches remain. Memory for exact values is therefore at most
 * {@code exactCutoff} values per feature.
 *
 * @param profile the sketch sizes
 * @param exactCutoff the most rows for which exact values are kept, at least 0 (0 keeps none)
 */
public record WindowConfig(ProfileConfig profile, int exactCutoff) {

    /** The default exact cutoff: 5,000 rows. */
    public static final int DEFAULT_EXACT_CUTOFF = 5_000;

    /**
     * Validates the config.
     *
     * @param profile the sketch sizes
     * @param exactCutoff the most rows for which exact values are kept, at least 0 (0 keeps none)
     * @throws NullPointerException if {@code profile} is null
     * @throws IllegalArgumentException if {@code exactCutoff} is negative
     */
    public WindowConfig {
        Objects.requireNonNull(profile, "profile");
        if (exactCutoff < 0) {
            throw new IllegalArgumentException("exactCutoff must not be negative but was " + exactCutoff);
        }
    }

    /**
     * The default config: {@link ProfileConfig#ofDefaults()} and a cutoff of 5,000 rows.
     *
     * @return the defaults
     */
    public static WindowConfig ofDefaults() {
        return new WindowConfig(ProfileConfig.ofDefaults(), DEFAULT_EXACT_CUTOFF);
    }
}
