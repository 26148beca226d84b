package org.mlops4j.monitoring.multivariate;

import java.time.Instant;
import java.util.Objects;

/**
 * The multivariate drift of one closed monitor window: which key and window, and what each method found.
 *
 * @param endpoint the endpoint
 * @param variant the variant
 * @param model the model version, {@code name/version}
 * @param window the window's number within its key, from 1
 * @param end when the window closed
 * @param result what the methods found
 */
public record MultivariateWindow(String endpoint, String variant, String model, long window, Instant end,
                                 MultivariateDriftResult result) {

    /**
     * Checks nothing is null.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version
     * @param window the window's number
     * @param end when the window closed
     * @param result what the methods found
     */
    public MultivariateWindow {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(result, "result");
    }
}
