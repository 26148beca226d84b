package org.mlops4j.lifecycle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.rollout.AnalysisResult;

/**
 * Something a {@link Rollout} did, for logs, tracking and alerts (a host maps ROLLED_BACK to an
 * alert, for example).
 *
 * @param kind what happened
 * @param endpoint the endpoint
 * @param champion the champion version
 * @param candidate the candidate version
 * @param step the step's index
 * @param stepName the step's name
 * @param detail why, in words
 * @param analysis the analysis behind it, when there was one
 * @param time when
 */
public record RolloutEvent(Kind kind, String endpoint, ModelRef champion, ModelRef candidate, int step,
                           String stepName, String detail, Optional<AnalysisResult> analysis, Instant time) {

    /** What happened. */
    public enum Kind {
        /** A step began (the first one when the rollout started). */
        STEP_STARTED,
        /** An analysis failed (not critically); the failure was counted. */
        ANALYSIS_FAILED,
        /** The step passed its analysis. */
        STEP_PASSED,
        /** The step passed and waits at its manual gate. */
        AWAITING_APPROVAL,
        /** Someone approved: the rollout goes on. */
        APPROVED,
        /** Too many inconclusive analyses: the rollout waits for a human. */
        PAUSED,
        /** All traffic went back to the champion. */
        ROLLED_BACK,
        /** The candidate became the champion. */
        PROMOTED
    }

    /**
     * Validates the event.
     *
     * @param kind what happened
     * @param endpoint the endpoint
     * @param champion the champion version
     * @param candidate the candidate version
     * @param step the step's index
     * @param stepName the step's name
     * @param detail why, in words
     * @param analysis the analysis behind it, when there was one
     * @param time when
     */
    public RolloutEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(champion, "champion");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(stepName, "stepName");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(time, "time");
    }

    @Override
    public String toString() {
        return kind + " " + candidate + " on '" + endpoint + "' at step " + step + " (" + stepName + "): " + detail;
    }
}
