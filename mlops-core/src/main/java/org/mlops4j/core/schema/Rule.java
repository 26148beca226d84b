package org.mlops4j.core.schema;

/** The schema rule a {@link Violation} breaks. */
public enum Rule {
    /** A required feature is absent or {@code null}. */
    MISSING,
    /** The value's Java type does not match the feature's {@link FeatureType}. */
    WRONG_TYPE,
    /** A numeric value is NaN or infinite. */
    NON_FINITE,
    /** A numeric value lies outside the feature's allowed range. */
    OUT_OF_RANGE,
    /** A categorical value is not in the feature's allowed category set. */
    UNKNOWN_CATEGORY,
    /** The row holds a feature that the schema (or the model) does not know. */
    UNEXPECTED_FEATURE
}
