package org.mlops4j.serving;

import org.mlops4j.core.MlopsException;

/**
 * Thrown by a {@link ModelEndpoint} when the model failed (threw, or exceeded its timeout) and no
 * fallback could answer. It names the endpoint and the variant; the model's exception is the
 * cause. Bad input is not a model failure: it surfaces as
 * {@link org.mlops4j.core.InvalidInputException}.
 */
public class PredictionFailedException extends MlopsException {

    private static final long serialVersionUID = 1L;

    /** The name of the variant that failed last. */
    private final String variant;

    /**
     * Creates the exception.
     *
     * @param endpoint the endpoint's name
     * @param variant the variant that failed last
     * @param cause what it threw, or the timeout
     */
    public PredictionFailedException(String endpoint, String variant, Throwable cause) {
        super("endpoint '" + endpoint + "': variant '" + variant + "' failed: " + cause, cause);
        this.variant = variant;
    }

    /** @return the name of the variant that failed last */
    public String variant() {
        return variant;
    }
}
