package org.mlops4j.core.rollout;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The conclusion of a rollout analysis at one step, with the checks behind it. The outcome is
 * FAIL when any check failed, else INCONCLUSIVE when any check was, else PASS (and INCONCLUSIVE
 * when there are no checks).
 *
 * @param outcome the overall conclusion
 * @param checks each check's result
 */
public record AnalysisResult(AnalysisOutcome outcome, List<CheckResult> checks) {

    /**
     * Validates and freezes the result.
     *
     * @param outcome the overall conclusion
     * @param checks each check's result
     */
    public AnalysisResult {
        Objects.requireNonNull(outcome, "outcome");
        checks = List.copyOf(checks);
    }

    /**
     * Combines checks by the rule above.
     *
     * @param checks the checks
     * @return the result
     */
    public static AnalysisResult of(List<CheckResult> checks) {
        Objects.requireNonNull(checks, "checks");
        AnalysisOutcome outcome = checks.isEmpty() ? AnalysisOutcome.INCONCLUSIVE : AnalysisOutcome.PASS;
        for (CheckResult c : checks) {
            if (c.outcome() == AnalysisOutcome.FAIL) {
                outcome = AnalysisOutcome.FAIL;
            } else if (c.outcome() == AnalysisOutcome.INCONCLUSIVE && outcome == AnalysisOutcome.PASS) {
                outcome = AnalysisOutcome.INCONCLUSIVE;
            }
        }
        return new AnalysisResult(outcome, checks);
    }

    /** @return true when a critical check failed: the candidate must be rolled back now */
    public boolean criticalFailure() {
        return checks.stream().anyMatch(c -> c.critical() && c.outcome() == AnalysisOutcome.FAIL);
    }

    /** @return one line per check, failed ones first */
    public String summary() {
        return outcome + ": " + checks.stream()
                .sorted((a, b) -> Integer.compare(b.outcome() == AnalysisOutcome.FAIL ? 1 : 0,
                        a.outcome() == AnalysisOutcome.FAIL ? 1 : 0))
                .map(CheckResult::toString).collect(Collectors.joining("; "));
    }
}
