package org.mlops4j.lifecycle;

import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.monitoring.log.DatasetLineage;

/**
 * What one retraining attempt of a {@link RetrainingPolicy} came to.
 *
 * @param request why it ran (or was asked to)
 * @param status what happened
 * @param candidateScore the candidate's holdout score (NaN when not trained)
 * @param championScore the champion's holdout score (NaN when not trained)
 * @param challenger the registered challenger, when one was
 * @param detail in words
 */
public record RetrainingOutcome(RetrainRequest<?> request, Status status, double candidateScore, double championScore,
                                Optional<ModelRef> challenger, String detail) {

    /** What happened to a retraining request. */
    public enum Status {
        /** Within the cooldown after the previous retraining: nothing done. */
        SKIPPED_COOLDOWN,
        /** A rollout (of an earlier challenger, or one started by hand) or another retraining is still running: nothing done. */
        SKIPPED_BUSY,
        /** The retrainer or the evaluation threw. */
        FAILED,
        /** The candidate did not beat the champion on the holdout: not registered. */
        REJECTED,
        /** The candidate was registered as challenger and its rollout started. */
        ROLLOUT_STARTED
    }

    /**
     * Validates the outcome.
     *
     * @param request why it ran (or was asked to)
     * @param status what happened
     * @param candidateScore the candidate's holdout score (NaN when not trained)
     * @param championScore the champion's holdout score (NaN when not trained)
     * @param challenger the registered challenger, when one was
     * @param detail in words
     */
    public RetrainingOutcome {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(challenger, "challenger");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * @return the lineage of the captured data the retrainer was given, when the policy retrains on
     *     captured data (the registered challenger carries it as {@code dataset.*} tags too)
     */
    public Optional<DatasetLineage> dataset() {
        return request.dataset();
    }

    @Override
    public String toString() {
        return status + " (" + request.trigger() + ": " + request.detail() + "): " + detail;
    }
}
