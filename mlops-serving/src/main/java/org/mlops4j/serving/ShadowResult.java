package org.mlops4j.serving;

import java.util.Objects;
import java.util.Optional;

/**
 * One shadow call: the prediction it mirrored, the shadow's answer or error, its latency, and the
 * comparison with the primary's answer.
 *
 * @param predictionId the primary prediction's id
 * @param shadow the shadow variant's name
 * @param latencyNanos how long the shadow took
 * @param outcome what happened
 * @param comparison the comparison, present when the shadow answered in time
 * @param error what the shadow threw, when it failed
 */
public record ShadowResult(String predictionId, String shadow, long latencyNanos, Outcome outcome,
                           Optional<ShadowComparison> comparison, Optional<Throwable> error) {

    /** What happened to a shadow call. */
    public enum Outcome {
        /** The shadow answered in time and was compared. */
        COMPARED,
        /** The shadow answered after its timeout; not compared. */
        TIMED_OUT,
        /** The shadow threw. */
        FAILED
    }

    /**
     * Validates the result.
     *
     * @param predictionId the primary prediction's id
     * @param shadow the shadow variant's name
     * @param latencyNanos how long the shadow took
     * @param outcome what happened
     * @param comparison the comparison, present when the shadow answered in time
     * @param error what the shadow threw, when it failed
     */
    public ShadowResult {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(shadow, "shadow");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(error, "error");
    }
}
