package org.mlops4j.core.schema;

/** The kind of value a tabular feature holds. */
public enum FeatureType {
    /** A real number, given as any {@link Number} except NaN and infinities. */
    NUMERIC,
    /** A category, given as a {@link CharSequence}. */
    CATEGORICAL,
    /** A flag, given as a {@link Boolean}. */
    BOOLEAN
}
