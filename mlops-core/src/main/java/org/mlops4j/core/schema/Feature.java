package org.mlops4j.core.schema;

import java.util.Objects;
import java.util.Set;

/**
 * One named feature of a tabular {@link Schema}: its type, whether it must be present, and the
 * values it may take.
 *
 * <p>Create features with {@link #numeric(String)}, {@link #categorical(String, Set)},
 * {@link #anyCategory(String)} or {@link #bool(String)} and refine them with the {@code with}
 * methods; each returns a new immutable feature.
 *
 * @param name the feature's name, as it appears in input rows
 * @param type the kind of value
 * @param required whether a row must hold a non-null value for it
 * @param min the smallest allowed value of a numeric feature, {@code -Infinity} when unbounded
 * @param max the largest allowed value of a numeric feature, {@code +Infinity} when unbounded
 * @param categories the allowed values of a categorical feature, sorted; empty means any value
 */
public record Feature(String name, FeatureType type, boolean required, double min, double max,
                      Set<String> categories) {

    /**
     * Validates the feature.
     *
     * @param name the feature's name, as it appears in input rows
     * @param type the kind of value
     * @param required whether a row must hold a non-null value for it
     * @param min the smallest allowed value of a numeric feature, {@code -Infinity} when unbounded
     * @param max the largest allowed value of a numeric feature, {@code +Infinity} when unbounded
     * @param categories the allowed values of a categorical feature, sorted; empty means any value
     * @throws IllegalArgumentException if the name is blank, the range is empty or NaN, a range is
     *     set on a non-numeric feature, or categories are set on a non-categorical feature
     */
    public Feature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(categories, "categories");
        if (name.isBlank()) {
            throw new IllegalArgumentException("feature name must not be blank but was '" + name + "'");
        }
        if (Double.isNaN(min) || Double.isNaN(max)) {
            throw new IllegalArgumentException("range of feature '" + name + "' must not be NaN but was ["
                    + min + ", " + max + "]");
        }
        if (min > max) {
            throw new IllegalArgumentException("range of feature '" + name + "' must have min <= max but was ["
                    + min + ", " + max + "]");
        }
        if (type != FeatureType.NUMERIC && (min != Double.NEGATIVE_INFINITY || max != Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("feature '" + name + "' is " + type + ": only NUMERIC features take a range");
        }
        if (type != FeatureType.CATEGORICAL && !categories.isEmpty()) {
            throw new IllegalArgumentException("feature '" + name + "' is " + type
                    + ": only CATEGORICAL features take a category set");
        }
        for (String c : categories) {
            Objects.requireNonNull(c, "category of feature '" + name + "'");
        }
        // Sorted for readers, hashed for classify: a monitor tests every categorical value it sees.
        categories = CategorySet.of(categories);
    }

    /**
     * A required numeric feature with no range.
     *
     * @param name the feature's name
     * @return the feature
     */
    public static Feature numeric(String name) {
        return new Feature(name, FeatureType.NUMERIC, true, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Set.of());
    }

    /**
     * A required categorical feature whose values must come from a fixed set.
     *
     * @param name the feature's name
     * @param categories the allowed values; must not be empty
     * @return the feature
     * @throws IllegalArgumentException if {@code categories} is empty (use {@link #anyCategory(String)})
     */
    public static Feature categorical(String name, Set<String> categories) {
        Objects.requireNonNull(categories, "categories");
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("categories of feature '" + name
                    + "' must not be empty; use Feature.anyCategory for an open set");
        }
        return new Feature(name, FeatureType.CATEGORICAL, true, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, categories);
    }

    /**
     * A required categorical feature that accepts any value.
     *
     * @param name the feature's name
     * @return the feature
     */
    public static Feature anyCategory(String name) {
        return new Feature(name, FeatureType.CATEGORICAL, true, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Set.of());
    }

    /**
     * A required boolean feature.
     *
     * @param name the feature's name
     * @return the feature
     */
    public static Feature bool(String name) {
        return new Feature(name, FeatureType.BOOLEAN, true, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Set.of());
    }

    /**
     * Returns this feature with an allowed closed range.
     *
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return a new feature
     * @throws IllegalArgumentException if the feature is not numeric or {@code min > max}
     */
    public Feature withRange(double min, double max) {
        return new Feature(name, type, required, min, max, categories);
    }

    /**
     * Returns this feature marked optional: a row may omit it or hold {@code null}.
     *
     * @return a new feature
     */
    public Feature optional() {
        return new Feature(name, type, false, min, max, categories);
    }

    /**
     * Returns whether a numeric range is set.
     *
     * @return true when min or max is finite
     */
    public boolean hasRange() {
        return min != Double.NEGATIVE_INFINITY || max != Double.POSITIVE_INFINITY;
    }

    /**
     * Classifies one value against this feature without allocating: the cheap form of
     * {@link Schema#validate} for code that only counts, such as a monitor on the serving path.
     * A {@code null} value is {@link Rule#MISSING} whether or not the feature is required (a
     * monitor counts missing values of optional features too; {@link Schema#validate} reports them
     * only for required ones).
     *
     * @param value the value from the row, possibly {@code null}
     * @return the broken rule, or {@code null} when the value is acceptable
     */
    public Rule classify(Object value) {
        if (value == null) {
            return Rule.MISSING;
        }
        switch (type) {
            case NUMERIC:
                if (!(value instanceof Number) || value instanceof Boolean) {
                    return Rule.WRONG_TYPE;
                }
                double d = ((Number) value).doubleValue();
                if (!Double.isFinite(d)) {
                    return Rule.NON_FINITE;
                }
                return d < min || d > max ? Rule.OUT_OF_RANGE : null;
            case CATEGORICAL:
                if (!(value instanceof CharSequence)) {
                    return Rule.WRONG_TYPE;
                }
                return !categories.isEmpty() && !categories.contains(value.toString()) ? Rule.UNKNOWN_CATEGORY : null;
            case BOOLEAN:
                return value instanceof Boolean ? null : Rule.WRONG_TYPE;
            default:
                throw new AssertionError("unknown feature type " + type);
        }
    }

    /**
     * Checks one value against this feature.
     *
     * @param value the value from the row, possibly {@code null}
     * @return the violation, or {@code null} when the value is acceptable (package use only)
     */
    Violation check(Object value) {
        Rule rule = classify(value);
        if (rule == null || (rule == Rule.MISSING && !required)) {
            return null;
        }
        switch (rule) {
            case MISSING:
                return new Violation(name, null, Rule.MISSING, "is required");
            case NON_FINITE:
                return new Violation(name, value, Rule.NON_FINITE, "must be finite");
            case OUT_OF_RANGE:
                return new Violation(name, value, Rule.OUT_OF_RANGE, "must be in [" + min + ", " + max + "]");
            case UNKNOWN_CATEGORY:
                return new Violation(name, value, Rule.UNKNOWN_CATEGORY, "must be one of " + categories);
            case WRONG_TYPE:
                return wrongType(value, type == FeatureType.NUMERIC ? "a Number"
                        : type == FeatureType.CATEGORICAL ? "a String" : "a Boolean");
            default:
                throw new AssertionError("unexpected rule " + rule);
        }
    }

    private Violation wrongType(Object value, String expected) {
        return new Violation(name, value, Rule.WRONG_TYPE,
                "must be " + expected + " for a " + type + " feature, was " + value.getClass().getSimpleName());
    }
}
