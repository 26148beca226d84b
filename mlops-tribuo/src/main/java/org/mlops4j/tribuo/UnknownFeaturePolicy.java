package org.mlops4j.tribuo;

/**
 * What a {@link TribuoPredictor} does with a feature (or a category value) that the model never
 * saw in training.
 */
public enum UnknownFeaturePolicy {
    /**
     * Refuse the row with an {@link org.mlops4j.core.InvalidInputException} naming every unknown
     * feature. The default: a feature the model cannot use usually means a schema mismatch upstream.
     */
    REJECT,
    /**
     * Drop unknown features and score the rest, as Tribuo itself does. A row left with no known
     * feature is still refused.
     */
    IGNORE
}
