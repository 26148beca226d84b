package org.mlops4j.core.schema;

import java.util.Objects;

/**
 * One way in which an input row breaks a schema.
 *
 * @param field the feature's name
 * @param value the offending value as given; {@code "null"} text is used in messages for a missing value
 * @param rule the rule broken
 * @param detail what the rule required, for example {@code "must be in [0.0, 100.0]"}
 */
public record Violation(String field, Object value, Rule rule, String detail) {

    /**
     * Validates the components.
     *
     * @param field the feature's name
     * @param value the offending value as given; {@code "null"} text is used in messages for a missing value
     * @param rule the rule broken
     * @param detail what the rule required, for example {@code "must be in [0.0, 100.0]"}
     * @throws NullPointerException if {@code field}, {@code rule} or {@code detail} is null
     */
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return field + "=" + value + " " + rule + " (" + detail + ")";
    }
}
