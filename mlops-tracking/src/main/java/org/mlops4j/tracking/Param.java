package org.mlops4j.tracking;

/**
 * A hyperparameter or setting of a run: written once, never changed.
 *
 * @param key the param key
 * @param value the value, at most {@link TrackingLimits#MAX_PARAM_VALUE_LENGTH} characters
 */
public record Param(String key, String value) {

    /**
     * Validates the param.
     *
     * @param key the param key
     * @param value the value, at most {@link TrackingLimits#MAX_PARAM_VALUE_LENGTH} characters
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException if either breaks {@link TrackingLimits}
     */
    public Param {
        TrackingLimits.checkKey(key, "param");
        TrackingLimits.checkParamValue(key, value);
    }
}
