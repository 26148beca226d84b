package org.mlops4j.core.rollout;

import java.util.Objects;

/**
 * The result of one check of a rollout analysis, such as "error rate" or "latency".
 *
 * @param name the check's name
 * @param outcome its conclusion
 * @param critical whether a FAIL of this check rolls the candidate back at once
 * @param detail the numbers behind the conclusion, for people (p-values, rates, sample sizes)
 */
public record CheckResult(String name, AnalysisOutcome outcome, boolean critical, String detail) {

    /**
     * Validates the result.
     *
     * @param name the check's name
     * @param outcome its conclusion
     * @param critical whether a FAIL of this check rolls the candidate back at once
     * @param detail the numbers behind the conclusion, for people (p-values, rates, sample sizes)
     */
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank but was '" + name + "'");
        }
    }

    @Override
    public String toString() {
        return name + "=" + outcome + (critical ? " (critical)" : "") + " [" + detail + "]";
    }
}
